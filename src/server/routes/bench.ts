// Benchmark results recorded by `traction bench run`: a list (optionally of one use case)
// with the figures of the step each result stands for, and one result in full.
import { z } from 'zod';
import { evidenceStep } from '../../bench/bench-evidence.js';
import type { BenchResult } from '../../bench/bench-result.js';
import { getBenchRun, listBenchRuns, type BenchRun } from '../../store/bench-run-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { ApiError, errorBodySchema } from '../errors.js';

const benchSummarySchema = z.object({
  id: z.string(),
  use_case: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string(),
  url: z.string(),
  api: z.string(),
  model: z.string().nullable(),
  mode: z.string(),
  status: z.string(),
  slo: z.string().nullable(),
  slo_met: z.boolean().nullable(),
  recorded_by: z.string(),
  step: z
    .object({
      load: z.string(),
      requests: z.number().int(),
      error_rate: z.number(),
      requests_per_s: z.number(),
      output_tokens_per_s: z.number(),
      p50_ms: z.number().nullable(),
      p95_ms: z.number().nullable(),
      p99_ms: z.number().nullable(),
      ttft_p95_ms: z.number().nullable(),
    })
    .nullable()
    .describe('the step the result stands for: the highest load that met the SLO, else the first'),
  cost_per_1k_requests: z.number().nullable(),
  monthly_cost: z.number().nullable(),
});

function summary(run: BenchRun): z.infer<typeof benchSummarySchema> {
  const r = run.result as BenchResult;
  const s = Array.isArray(r.steps) ? evidenceStep(r) : undefined;
  const load = s?.load;
  return {
    id: run.id,
    use_case: run.useCaseId,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    url: run.url,
    api: run.api,
    model: r.model ?? null,
    mode: run.mode,
    status: run.status,
    slo: r.slo_spec ?? null,
    slo_met: run.sloMet,
    recorded_by: run.recordedBy,
    step: s
      ? {
          load: load?.mode === 'closed' ? `concurrency ${load.concurrency}` : load?.mode === 'open' ? `${load.rate} req/s` : '',
          requests: s.requests.completed,
          error_rate: s.error_rate,
          requests_per_s: s.throughput.requests_per_s,
          output_tokens_per_s: s.throughput.output_tokens_per_s,
          p50_ms: s.latency_ms.e2e?.p50 ?? null,
          p95_ms: s.latency_ms.e2e?.p95 ?? null,
          p99_ms: s.latency_ms.e2e?.p99 ?? null,
          ttft_p95_ms: s.latency_ms.ttft?.p95 ?? null,
        }
      : null,
    cost_per_1k_requests: r.cost?.figures.cost_per_1k_requests ?? null,
    monthly_cost: r.cost?.monthly?.monthly_cost ?? null,
  };
}

export async function benchRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['benchmarks'];
  app.get(
    '/api/bench-runs',
    {
      schema: {
        tags,
        summary: 'Benchmark results, newest first, with the figures of the step each stands for',
        querystring: z.strictObject({ ...pageQueryShape, use_case: z.string().min(1).optional().describe('only the results recorded for this use case') }),
        response: { 200: pageOf(benchSummarySchema) },
      },
      config: { access: { permission: 'read' } },
    },
    async (request) => {
      const { limit, offset, use_case } = request.query;
      const all = (await listBenchRuns(deps.store.db, use_case ? { useCaseId: use_case } : {})).reverse();
      return { items: all.slice(offset, offset + limit).map(summary), total: all.length, limit, offset };
    },
  );

  app.get(
    '/api/bench-runs/:id',
    {
      schema: {
        tags,
        summary: 'One benchmark result in full: every load step, latency percentiles, errors, SLO verdicts, cost, notes',
        params: idParamsSchema,
        response: { 200: benchSummarySchema.extend({ result: z.unknown().describe('as `traction bench run --json` wrote it') }), 404: errorBodySchema },
      },
      config: { access: { permission: 'read' } },
    },
    async (request) => {
      const run = await getBenchRun(deps.store.db, request.params.id);
      if (!run) throw new ApiError(404, 'not_found', `no benchmark result "${request.params.id}"`);
      return { ...summary(run), result: run.result };
    },
  );
}
