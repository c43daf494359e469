// Impact: a use case's KPIs against baseline and target with the value realised to date,
// KPI measurements (read; batch ingestion for other systems), and pilot experiments
// analysed (and recorded as evidence for the gates); the value entry form and the KPI file
// and experiment file uploads of the use-case page. The actions are src/application/impact.ts.
import { z } from 'zod';
import { analyseUseCaseExperiment, importKpiCsv, liveUseCase, recordKpiMeasurements, storedKpiIndex, useCaseKpis } from '../../application/impact.js';
import { screenUpload } from '../../application/upload-screen.js';
import { experimentFromCsv, experimentFromJson } from '../../impact/experiment-input.js';
import { listMeasurements } from '../../store/kpi-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';

/** The business case beside the realised value is the portfolio cache's, the numbers the portfolio page shows. */
async function valuedBy(deps: AppDeps, useCaseId: string) {
  const portfolio = await deps.portfolio.portfolio(deps.store.db).catch(() => undefined);
  const v = portfolio?.evaluation.valuations.get(useCaseId);
  return {
    currency: portfolio?.workspace.config.currency ?? null,
    businessCase: v ? { npv_p10: v.simulation.p10, npv_p50: v.simulation.p50, npv_p90: v.simulation.p90, monthly_value_likely: v.likely.monthlyValueAtFullAdoption } : null,
  };
}

const BATCH_BODY_LIMIT = 8 * 1024 * 1024;
// A 2 MB file (MAX_UPLOAD_BYTES) inside a JSON string, with room for escaping.
const UPLOAD_BODY_LIMIT = 3 * 1024 * 1024;

const point = z.object({ at: z.string(), value: z.number() });
const kpiStatusSchema = z.object({
  kpi: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['up', 'down']),
  role: z.enum(['primary', 'guardrail']),
  baseline: z.object({ value: z.number(), at: z.string().nullable(), source: z.enum(['recorded', 'declared']) }).nullable(),
  target: z.number(),
  latest: point.nullable(),
  measurements: z.number().int(),
  trend: z.object({ slope_per_month: z.number(), points: z.number().int(), improving: z.boolean() }).nullable(),
  progress: z.number().nullable().describe('0 at baseline, 1 at target'),
  target_met: z.boolean().nullable(),
  series: z.array(point).describe('the current value per date, oldest first'),
});

const measurementSchema = z.object({ id: z.string(), use_case: z.string(), kpi: z.string(), at: z.string(), value: z.number(), source: z.string(), recorded_at: z.string(), recorded_by: z.string() });

const experimentBody = z
  .strictObject({
    sufficient_statistics: z.record(z.string(), z.unknown()).optional().describe('per-arm sums, as the JSON input of `traction experiment analyze` (docs/impact.md)'),
    csv: z.string().max(BATCH_BODY_LIMIT).optional().describe('per-unit rows, as the CSV input of `traction experiment analyze`'),
    arm_column: z.string().default('arm'),
    unit_column: z.string().default('unit'),
    covariates: z.record(z.string(), z.string()).default({}).describe('metric -> pre-period column, for CUPED (CSV input)'),
    metrics: z.array(z.string().min(1)).min(1).describe('primary metrics; named like a KPI of the use case, they take its direction and role'),
    guardrails: z.array(z.string().min(1)).default([]),
    control: z.string().default('control'),
    alpha: z.number().gt(0).lt(1).default(0.05),
    correction: z.enum(['holm', 'bh', 'none']).default('holm'),
    margin: z.number().min(0).lt(1).default(0).describe('non-inferiority margin for guardrails, relative'),
    sequential_tuning_n: z.number().positive().nullable().default(null).describe('always-valid confidence sequences tightest at this total sample size; null for fixed-horizon'),
    split: z.record(z.string(), z.number().positive()).nullable().default(null).describe('planned share per arm; equal when null'),
    srm_threshold: z.number().gt(0).lt(1).default(0.001),
    record: z.boolean().default(true).describe('record each primary KPI result as experiment_result evidence'),
    name: z.string().max(200).default('request').describe('what the evidence names as its input'),
  })
  .refine((b) => (b.csv === undefined) !== (b.sufficient_statistics === undefined), { message: 'give exactly one of csv or sufficient_statistics', path: ['csv'] });

export async function impactRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['impact'];
  const read = { access: { permission: 'read' as const } };

  app.get(
    '/api/use-cases/:id/kpis',
    {
      schema: {
        tags,
        summary: "A use case's KPIs: baseline, target, latest, trend, progress and series; the value realised to date beside the business case",
        params: idParamsSchema,
        response: {
          200: z.object({
            use_case: z.string(),
            currency: z.string().nullable(),
            kpis: z.array(kpiStatusSchema),
            realised_value: z
              .looseObject({
                months_live: z.number(),
                realised_to_date: z.number(),
                costs_to_date: z.number(),
                roi_to_date: z.number().nullable(),
                monthly_value_now: z.number(),
                planned_monthly_value: z.number().nullable(),
                payback: z.object({ status: z.enum(['paid_back', 'forecast', 'not_on_track', 'not_started']), month: z.string().nullable() }),
              })
              .describe('as `traction kpi show --json` realised_value, with the per-stream months (docs/impact.md)'),
            realised_from_usage: z
              .object({
                formula: z.string(),
                months_live: z.number(),
                realised_to_date: z.number(),
                costs_to_date: z.number(),
                roi_to_date: z.number().nullable(),
                monthly_value_now: z.number().nullable(),
                months: z.array(z.object({ month: z.string(), value: z.number().nullable() })),
              })
              .nullable()
              .describe("value realised from the model service's telemetry by the use case's value template (docs/usage.md), from the stored usage on read; null without a template"),
            business_case: z.object({ npv_p10: z.number(), npv_p50: z.number(), npv_p90: z.number(), monthly_value_likely: z.number() }).nullable(),
          }),
          404: errorBodySchema,
        },
      },
      config: read,
    },
    async (request) => {
      const r = await useCaseKpis(deps.store.db, request.params.id, deps.now(), (u) => valuedBy(deps, u.id));
      return { ...r, realised_value: { ...r.realised_value } };
    },
  );

  app.get(
    '/api/kpi-measurements',
    {
      schema: { tags, summary: 'KPI measurements as recorded (corrections included), newest first', querystring: z.strictObject({ ...pageQueryShape, use_case: z.string().optional(), kpi: z.string().optional() }), response: { 200: pageOf(measurementSchema) } },
      config: read,
    },
    async (request) => {
      const { limit, offset, use_case, kpi } = request.query;
      const all = (await listMeasurements(deps.store.db, { ...(use_case ? { useCaseId: use_case } : {}), ...(kpi ? { kpiId: kpi } : {}) })).reverse();
      return { items: all.slice(offset, offset + limit).map((m) => ({ id: m.id, use_case: m.useCaseId, kpi: m.kpiId, at: m.at, value: m.value, source: m.source, recorded_at: m.recordedAt, recorded_by: m.recordedBy })), total: all.length, limit, offset };
    },
  );

  app.post(
    '/api/kpi-measurements',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Record a batch of KPI measurements (for other systems): all stored in one transaction, or none when any item is bad (every bad item named)',
        body: z.strictObject({
          measurements: z
            .array(z.strictObject({ use_case: z.string().min(1), kpi: z.string().min(1), at: z.string().describe('YYYY-MM-DD'), value: z.number().finite(), baseline: z.boolean().default(false).describe('also record it as the KPI baseline (evidence)') }))
            .min(1)
            .max(50_000),
          source: z.string().min(1).max(200).optional().describe('what sent them, kept with each measurement'),
        }),
        response: { 201: z.object({ stored: z.number().int(), baselines: z.number().int() }), 400: errorBodySchema },
      },
      config: { access: { permission: 'kpi.record' } },
    },
    async (request, reply) => {
      const actor = actorOf(request.principal!);
      const r = await recordKpiMeasurements(deps.store, await storedKpiIndex(deps.store.db), request.body.measurements, request.body.source ?? `api (${actor})`, { now: deps.now(), actor });
      return reply.code(201).send({ stored: r.stored, baselines: r.baselines });
    },
  );

  app.post(
    '/api/use-cases/:id/experiments',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary: "Analyse a pilot experiment of the use case (lift, interval, p-value, CUPED, sample-ratio check, guardrails, verdict) and record each primary KPI's result as evidence",
        description: 'As `traction experiment analyze --usecase`; the answer is its JSON report (docs/impact.md).',
        params: idParamsSchema,
        body: experimentBody,
        response: { 200: z.record(z.string(), z.unknown()), 400: errorBodySchema, 404: errorBodySchema },
      },
      config: { access: { permission: 'kpi.record' } },
    },
    async (request) => {
      const b = request.body;
      if (b.csv !== undefined) screenUpload(b.csv, 'csv', 'the experiment file', BATCH_BODY_LIMIT);
      const label = b.name === 'request' ? `body.${b.csv !== undefined ? 'csv' : 'sufficient_statistics'}` : b.name;
      const data = () =>
        b.csv !== undefined
          ? experimentFromCsv(b.csv, label, { armColumn: b.arm_column, unitColumn: b.unit_column, metrics: [...b.metrics, ...b.guardrails], covariates: b.covariates })
          : experimentFromJson(JSON.stringify(b.sufficient_statistics), label);
      for (const m of Object.keys(b.covariates)) if (!b.metrics.includes(m) && !b.guardrails.includes(m)) throw new ApiError(400, 'invalid', `covariate for "${m}", which is not one of the metrics`, `covariates.${m}`);
      const actor = actorOf(request.principal!);
      return analyseUseCaseExperiment(
        deps.store,
        request.params.id,
        data,
        {
          metrics: b.metrics,
          guardrails: b.guardrails,
          options: { alpha: b.alpha, margin: b.margin, sequentialTuningN: b.sequential_tuning_n, control: b.control, plannedSplit: b.split, correction: b.correction, srmThreshold: b.srm_threshold },
          record: b.record,
          input: b.name,
          source: `experiment ${b.name} sent by ${actor}`,
        },
        { now: deps.now(), actor },
      );
    },
  );

  app.post(
    '/api/use-cases/:id/kpi-values',
    {
      schema: {
        tags,
        summary: "Record values of the use case's KPIs (the page's form): all stored in one transaction, or none when any is bad (every problem named)",
        params: idParamsSchema,
        body: z.strictObject({
          values: z
            .array(
              z.strictObject({
                kpi: z.string().min(1).max(100),
                at: z.string().max(10).describe('the day the value refers to, YYYY-MM-DD'),
                value: z.number().finite(),
                baseline: z.boolean().default(false).describe('the value before the pilot started (recorded as evidence for the gates)'),
              }),
            )
            .min(1)
            .max(100),
        }),
        response: { 201: z.object({ stored: z.number().int(), baselines: z.number().int() }), 400: errorBodySchema, 404: errorBodySchema },
      },
      config: { access: { permission: 'kpi.record' } },
    },
    async (request, reply) => {
      const id = request.params.id;
      const u = await liveUseCase(deps.store.db, id);
      const actor = actorOf(request.principal!);
      const items = request.body.values.map((v) => ({ use_case: id, ...v, unit: u.kpis.find((k) => k.id === v.kpi)?.unit }));
      const r = await recordKpiMeasurements(deps.store, new Map([[id, u.kpis.map((k) => k.id)]]), items, `entered by ${actor}`, { now: deps.now(), actor }, 'values');
      return reply.code(201).send({ stored: r.stored, baselines: r.baselines });
    },
  );

  app.post(
    '/api/use-cases/:id/kpi-csv',
    {
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Upload a KPI file (CSV: use_case, kpi, at, value[, baseline]) for this use case: every row stored in one transaction, or none when any row is bad (each named by line and column)',
        description: 'The file is refused before parsing when it is binary, over 2 MB, has a line over 10,000 characters, or holds a spreadsheet formula (a cell starting with =, @, or + / - not followed by a number).',
        params: idParamsSchema,
        body: z.strictObject({ csv: z.string().min(1).max(UPLOAD_BODY_LIMIT), name: z.string().min(1).max(200).default('upload.csv').describe('the file name, kept as the source of each value') }),
        response: { 201: z.object({ imported: z.number().int(), baselines: z.number().int() }), 400: errorBodySchema, 404: errorBodySchema },
      },
      config: { access: { permission: 'kpi.record' } },
    },
    async (request, reply) => {
      const id = request.params.id;
      const u = await liveUseCase(deps.store.db, id);
      const actor = actorOf(request.principal!);
      const name = request.body.name.replace(/[^\w.\- ]/g, '_');
      const r = await importKpiCsv(deps.store, new Map([[id, u.kpis.map((k) => k.id)]]), request.body.csv, name, { allOrNothing: true, sourceOf: (line) => `upload:${name}:${line} by ${actor}` }, { now: deps.now(), actor });
      return reply.code(201).send({ imported: r.imported, baselines: r.baselines });
    },
  );
}
