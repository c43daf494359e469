// Usage after go-live: every deployed use case's adoption, cost against budget and flags, and
// one use case's weeks, months, production latency against its benchmarked SLO and value
// from usage; the same read as `traction usage` (src/usage/usage-store-read.ts). Departments
// with fewer than 5 distinct users never appear in an answer.
import { z } from 'zod';
import type { UseCase } from '../../domain/use-case.js';
import { getDefinition, listDefinitions } from '../../store/definition-repository.js';
import { storeFingerprint } from '../../store/store-fingerprint.js';
import { usageRevision } from '../../store/usage-repository.js';
import { portfolioUsageChangesAt, portfolioUsageReport, useCaseUsageReport } from '../../usage/usage-store-read.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { ReadModel } from '../read-model.js';
import { loadConfig } from '../stored-config.js';

const flagSchema = z.enum(['no_use', 'falling_use', 'over_budget', 'unpriced_models']).describe('no_use: no request in 14 days; falling_use: users of the last 28 days over 20% below the 28 before; over_budget: this month above the monthly run cost, or on course to be by its end; unpriced_models: requests to models without a price');
const quantiles = z.object({ p50: z.number(), p90: z.number(), p99: z.number() });

const useCaseUsageSchema = z.object({
  use_case: z.string(),
  title: z.string(),
  stage: z.string(),
  currency: z.string(),
  period: z.object({ from: z.string(), to: z.string() }).nullable().describe('first and last day with usage'),
  audience: z.number().nullable().describe('people the use case is meant for (telemetry.audience)'),
  requests: z.number().int(),
  errors: z.number().int(),
  active_users_7d: z.number().int(),
  active_users_30d: z.number().int(),
  adoption_rate: z.number().nullable().describe("the last complete ISO week's active users / audience, at most 1"),
  weekly: z.array(z.object({ week: z.string().describe('Monday of the ISO week'), active_users: z.number().int(), adoption_rate: z.number().nullable() })),
  monthly: z.array(z.object({ month: z.string(), cost: z.number(), requests: z.number().int(), unpriced_requests: z.number().int(), budget: z.number(), over_budget: z.boolean() })),
  spend_to_date: z.number(),
  cost_this_month: z.number(),
  budget_per_month: z.number().describe("the business case's monthly run cost: run_monthly + per_prediction x predictions_per_month, at expected values"),
  spend_alert: z.string().nullable().describe('why this month is over budget or on course to be'),
  latency: z.object({
    daily: z.array(quantiles.extend({ day: z.string() })).describe('production latency per day, ms'),
    last_7_days: quantiles.nullable().describe('the worst day of the last 7, ms'),
    last_7_days_ttft: quantiles.nullable(),
    benchmark: z.object({ run_id: z.string(), at: z.string(), p50_ms: z.number().nullable(), p95_ms: z.number(), p99_ms: z.number().nullable(), slo: z.array(z.object({ key: z.string(), threshold: z.number() })) }).nullable(),
    slo: z.array(
      z.object({
        key: z.string(),
        threshold: z.number(),
        production_quantile: z.enum(['p50', 'p90', 'p99']).describe('the production quantile at or above the SLO percentile'),
        metric: z.enum(['latency', 'time_to_first_token']),
        production_ms: z.number().nullable(),
        met: z.boolean().nullable(),
      }),
    ),
  }),
  departments: z.array(z.object({ department: z.string(), users: z.number().int().min(5), requests: z.number().int() })).describe('departments with at least the minimum group size of distinct users (5 unless traction.yaml sets more), after secondary suppression; smaller ones are never shown'),
  retention: z
    .array(
      z.object({
        cohort: z.string().describe('the ISO week of the cohort\'s first use, e.g. 2026-W40'),
        start: z.string(),
        users: z.number().int().nullable().describe('null: a cohort smaller than the minimum group size'),
        weeks: z.array(z.object({ week: z.string(), offset: z.number().int(), active: z.number().int().nullable(), share: z.number().nullable() })),
      }),
    )
    .describe('retention by weekly cohort; cells that could single out a small group are null'),
  value: z
    .object({
      months: z.array(z.object({ month: z.string(), value: z.number() })),
      to_date: z.number(),
      costs_to_date: z.number().describe('build + monthly run cost x months live, at expected values'),
      roi_to_date: z.number().nullable(),
    })
    .nullable().describe("value realised from usage (the use case's value template); null without one"),
  flags: z.array(flagSchema),
});

const portfolioUsageSchema = z.object({
  currency: z.string(),
  today: z.string(),
  use_cases: z.array(
    z.object({
      use_case: z.string(),
      title: z.string(),
      stage: z.string(),
      requests_30d: z.number().int(),
      active_users_30d: z.number().int(),
      audience: z.number().nullable(),
      adoption_rate: z.number().nullable(),
      cost_this_month: z.number(),
      cost_last_month: z.number(),
      budget_per_month: z.number(),
      value_to_date: z.number().nullable(),
      flags: z.array(flagSchema),
    }),
  ),
  unattributed: z.array(z.object({ service: z.string(), requests: z.number().int() })).describe("requests of the last 30 days no use case's telemetry block claimed, per service.name"),
  rejected: z.array(z.object({ reason: z.string(), spans: z.number().int() })).describe('spans refused at ingest in the last 30 days, per reason'),
});

export async function usageRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['usage'];
  const read = { access: { permission: 'read' as const } };
  // The portfolio's usage, made once per change of the store or of the usage tables (or of the day).
  const answers = new ReadModel(1);

  app.get(
    '/api/usage',
    {
      schema: { tags, summary: 'Every deployed use case: requests and active users over 30 days, adoption against the audience, cost this month against budget, flags', response: { 200: portfolioUsageSchema, 409: errorBodySchema } },
      config: read,
    },
    async (request, reply) => {
      const db = deps.store.db;
      const now = deps.now();
      // Definitions, evidence (benchmarks) and decisions, and the usage tables: read before the answer is made (side by side on PostgreSQL).
      const revision = (await Promise.all([storeFingerprint(db), usageRevision(db)])).join('|');
      const body = await answers.body(revision, '', now, async () => {
        const config = await loadConfig(deps);
        const useCases = (await listDefinitions(db, { kind: 'use_case' })).map((d) => d.body as UseCase);
        const report = await portfolioUsageReport(db, useCases, config, now);
        return { value: portfolioUsageSchema.parse(report), validUntil: portfolioUsageChangesAt(report, now) };
      });
      return body.send(request, reply);
    },
  );

  app.get(
    '/api/use-cases/:id/usage',
    {
      schema: {
        tags,
        summary: "A use case's usage from telemetry: active users per week against the audience, cost per month against budget, production latency against the benchmarked SLO, value realised from usage",
        params: idParamsSchema,
        response: { 200: useCaseUsageSchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: read,
    },
    async (request) => {
      const db = deps.store.db;
      const d = await getDefinition(db, 'use_case', request.params.id);
      if (!d || d.archivedAt !== null) throw new ApiError(404, 'not_found', `no live use case "${request.params.id}"`);
      return useCaseUsageReport(db, d.body as UseCase, await loadConfig(deps), deps.now());
    },
  );
}
