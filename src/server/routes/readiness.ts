// Data readiness: datasets with their latest scores and failing checks, metric history with
// anomalies, readiness runs (list, one with its results; trigger one), and a use case's
// latest readiness by dimension.
import { z } from 'zod';
import { detectAnomalies } from '../../readiness/anomaly.js';
import { getReadinessRun, latestScores, listReadinessRuns } from '../../store/readiness-reads.js';
import { metricHistory, metricNames } from '../../store/readiness-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { datasetStates, runReadiness } from '../readiness-actions.js';
import { checkResultSchema, checkResultView, datasetStateSchema, historySchema, runDetailSchema, runDetailView, runSummarySchema, runView, scoreSchema, scoreView } from '../readiness-views.js';

const finiteOrNull = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

export async function readinessRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['readiness'];
  const read = { access: { permission: 'read' as const } };

  app.get(
    '/api/datasets',
    { schema: { tags, summary: 'Datasets with their latest readiness score by dimension, row count and failing checks', response: { 200: z.object({ items: z.array(datasetStateSchema) }), 409: errorBodySchema } }, config: read },
    async () => ({ items: (await datasetStates(deps, deps.store.db)).map((d) => d.view) }),
  );

  app.get(
    '/api/datasets/:id',
    {
      schema: { tags, summary: 'One dataset: its latest score, every check result of that run, and the metrics it has history for', params: idParamsSchema, response: { 200: datasetStateSchema.extend({ results: z.array(checkResultSchema), metrics: z.array(z.string()) }), 404: errorBodySchema } },
      config: read,
    },
    async (request) => {
      const [state] = await datasetStates(deps, deps.store.db, request.params.id);
      return { ...state!.view, results: state!.results.map(checkResultView), metrics: await metricNames(deps.store.db, request.params.id) };
    },
  );

  app.get(
    '/api/datasets/:id/history',
    {
      schema: {
        tags,
        summary: "A metric's values over past runs, each judged against its own trailing history (z-score, optional weekly seasonality, rate of change)",
        description: 'As `traction data history`. z_score is null without enough history, or when the history is flat (the reason then says the change is infinitely unusual).',
        params: idParamsSchema,
        querystring: z.strictObject({
          metric: z.string().min(1).max(200).default('row_count').describe('row_count or a check name'),
          window: z.coerce.number().int().min(2).max(1000).default(14).describe('earlier points the baseline uses'),
          z: z.coerce.number().positive().max(100).default(3).describe('|z| above which a point is an anomaly'),
          weekly: z.enum(['true', 'false']).default('false').describe('compare with the same weekday only'),
          max_change: z.coerce.number().positive().optional().describe('also flag a relative change against the previous point above this, e.g. 0.3'),
        }),
        response: { 200: historySchema, 404: errorBodySchema },
      },
      config: read,
    },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const names = await metricNames(deps.store.db, id);
      const points = await metricHistory(deps.store.db, id, q.metric);
      if (points.length === 0 && names.length > 0) throw new ApiError(404, 'not_found', `no history of "${q.metric}" for ${id} (metrics: ${names.join(', ')})`, 'metric');
      const judged = detectAnomalies(points, { window: q.window, zThreshold: q.z, weekly: q.weekly === 'true', ...(q.max_change !== undefined ? { maxRateOfChange: q.max_change } : {}) });
      return {
        dataset: id,
        metric: q.metric,
        metrics: names,
        points: judged.map((p) => ({ run_id: (p as typeof p & { runId: string }).runId, at: p.at, value: p.value, expected: p.expected, z_score: finiteOrNull(p.zScore), rate_of_change: p.rateOfChange, anomaly: p.anomaly, reason: p.reason })),
      };
    },
  );

  app.get(
    '/api/readiness/runs',
    { schema: { tags, summary: 'Readiness runs, newest first', querystring: z.strictObject(pageQueryShape), response: { 200: pageOf(runSummarySchema) } }, config: read },
    async (request) => {
      const { limit, offset } = request.query;
      const page = await listReadinessRuns(deps.store.db, { limit, offset });
      return { items: page.items.map(runView), total: page.total, limit, offset };
    },
  );

  app.get(
    '/api/readiness/runs/:id',
    { schema: { tags, summary: 'One readiness run with every check result and the scores of its datasets and use cases', params: idParamsSchema, response: { 200: runDetailSchema, 404: errorBodySchema } }, config: read },
    async (request) => {
      const run = await getReadinessRun(deps.store.db, request.params.id);
      if (!run) throw new ApiError(404, 'not_found', `no readiness run "${request.params.id}"`);
      return runDetailView(run);
    },
  );

  app.post(
    '/api/readiness/runs',
    {
      schema: {
        tags,
        summary: 'Run the checks now (as `traction data check`) and store the run; answers when it has finished',
        body: z.strictObject({
          datasets: z.array(z.string().min(1)).max(1000).default([]).describe('dataset ids; none (and no use_case) means all'),
          use_case: z.string().min(1).optional().describe('also check every dataset this use case needs'),
        }),
        response: { 201: runDetailSchema, 400: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { permission: 'readiness.run' } },
    },
    async (request, reply) => reply.code(201).send(runDetailView(await runReadiness(deps, request.body, actorOf(request.principal!)))),
  );

  app.get(
    '/api/use-cases/:id/readiness',
    {
      schema: { tags, summary: "A use case's latest readiness score by dimension, over the columns it declares (null before any run)", params: idParamsSchema, response: { 200: z.object({ use_case: z.string(), latest: scoreSchema.nullable() }) } },
      config: read,
    },
    async (request) => {
      const latest = (await latestScores(deps.store.db, 'use_case', request.params.id)).get(request.params.id);
      return { use_case: request.params.id, latest: latest ? scoreView(latest) : null };
    },
  );
}
