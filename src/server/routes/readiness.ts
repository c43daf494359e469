// Data readiness: datasets with their latest scores and checks, a failing check's rows (paged
// and as CSV), metric history with anomalies, readiness runs (list, one with its results;
// trigger one), and a use case's latest readiness by dimension. Every action is the
// application layer's (src/application/readiness.ts); these routes parse and answer.
import { z } from 'zod';
import { DatasetStates, FAILING_ROWS_OFFSET_MAX, FAILING_ROWS_PAGE_MAX, failingRowsCsv, failingRowsPage, judgedHistory, runReadiness, withSources, type DatasetState, type ReadinessEnv } from '../../application/readiness.js';
import { getReadinessRun, latestScores, listReadinessRuns, readinessRunsRevision } from '../../store/readiness-reads.js';
import { metricNames } from '../../store/readiness-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { CachedBody } from '../cached-body.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { ReadModel } from '../read-model.js';
import { checkResultSchema, checkResultView, datasetStateSchema, datasetStateView, failingRowsPageSchema, historySchema, runDetailSchema, runDetailView, runSummarySchema, runView, scoreSchema, scoreView } from '../readiness-views.js';
import { loadStoredWorkspace } from '../stored-workspace.js';
import { hiddenUseCases } from '../../application/proposal-visibility.js';
import { viewerOf } from '../proposal-visibility.js';

const runsPageSchema = pageOf(runSummarySchema);

const finiteOrNull = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

/** A check of a dataset, as the failing-rows routes address it. */
const checkParamsSchema = z.strictObject({ id: z.string().min(1).max(80), check: z.string().min(1).max(300) });

export async function readinessRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['readiness'];
  const read = { access: { permission: 'read' as const } };
  const workspace = () => loadStoredWorkspace(deps.store.db, deps.workspaceRoot);
  // Long queries against the company's databases: a request waits two minutes at most.
  const sources: ReadinessEnv = { sourceEnv: deps.sourceEnv, connection: { timeoutMs: 120_000 } };
  const states = new DatasetStates();
  const bodies = new WeakMap<DatasetState[], CachedBody>();
  // Pages of the run list, made once per recorded run (server/read-model.ts).
  const runPages = new ReadModel();

  app.get(
    '/api/datasets',
    { schema: { tags, summary: 'Datasets with their latest readiness score by dimension, row count and failing checks', response: { 200: z.object({ items: z.array(datasetStateSchema) }), 409: errorBodySchema } }, config: read },
    async (request, reply) => {
      // The hot path (npm run bench:api): computed once per store change, serialised once per computation.
      const all = await states.all(deps.store.db, workspace);
      // A proposal the caller may not see is not named among the use cases a dataset serves (application/proposal-visibility.ts).
      const hidden = await hiddenUseCases(deps.store.db, viewerOf(request.principal!));
      if (hidden.size > 0) return { items: all.map((s) => datasetStateView({ ...s, usedBy: s.usedBy.filter((id) => !hidden.has(id)) })) };
      let body = bodies.get(all);
      if (!body) bodies.set(all, (body = new CachedBody({ items: all.map(datasetStateView) })));
      return body.send(request, reply);
    },
  );

  app.get(
    '/api/datasets/:id',
    {
      schema: { tags, summary: 'One dataset: its latest score, every check result of that run, and the metrics it has history for', params: idParamsSchema, response: { 200: datasetStateSchema.extend({ results: z.array(checkResultSchema), metrics: z.array(z.string()) }), 404: errorBodySchema } },
      config: read,
    },
    async (request) => {
      const state = await states.one(deps.store.db, workspace, request.params.id);
      const hidden = await hiddenUseCases(deps.store.db, viewerOf(request.principal!));
      return { ...datasetStateView({ ...state, usedBy: state.usedBy.filter((id) => !hidden.has(id)) }), results: state.results.map(checkResultView), metrics: await metricNames(deps.store.db, request.params.id) };
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
      const { names, points } = await judgedHistory(deps.store.db, id, { metric: q.metric, window: q.window, zThreshold: q.z, weekly: q.weekly === 'true', ...(q.max_change !== undefined ? { maxRateOfChange: q.max_change } : {}) });
      return {
        dataset: id,
        metric: q.metric,
        metrics: names,
        points: points.map((p) => ({ run_id: p.runId, at: p.at, value: p.value, expected: p.expected, z_score: finiteOrNull(p.zScore), rate_of_change: p.rateOfChange, anomaly: p.anomaly, reason: p.reason })),
      };
    },
  );

  app.get(
    '/api/readiness/runs',
    { schema: { tags, summary: 'Readiness runs, newest first', querystring: z.strictObject(pageQueryShape), response: { 200: runsPageSchema } }, config: read },
    async (request, reply) => {
      const { limit, offset } = request.query;
      const body = await runPages.body(await readinessRunsRevision(deps.store.db), `${limit}:${offset}`, deps.now(), async () => {
        const page = await listReadinessRuns(deps.store.db, { limit, offset });
        return { value: runsPageSchema.parse({ items: page.items.map(runView), total: page.total, limit, offset }) };
      });
      return body.send(request, reply);
    },
  );

  app.get(
    '/api/readiness/runs/:id',
    { schema: { tags, summary: 'One readiness run with every check result and the scores of its datasets and use cases', params: idParamsSchema, response: { 200: runDetailSchema, 404: errorBodySchema } }, config: read },
    async (request) => {
      const run = await getReadinessRun(deps.store.db, request.params.id);
      if (!run) throw new ApiError(404, 'not_found', `no readiness run "${request.params.id}"`);
      const hidden = await hiddenUseCases(deps.store.db, viewerOf(request.principal!));
      return runDetailView({ ...run, scores: run.scores.filter((s) => s.subjectKind !== 'use_case' || !hidden.has(s.subjectId)) });
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
    async (request, reply) => {
      const ws = await workspace();
      const { result } = await withSources(ws, sources, (connections) =>
        runReadiness(deps.store, ws, connections, { datasets: request.body.datasets, useCase: request.body.use_case, actor: actorOf(request.principal!), now: deps.now }, deps.running),
      );
      const run = (await getReadinessRun(deps.store.db, result.record.id))!;
      const hidden = await hiddenUseCases(deps.store.db, viewerOf(request.principal!));
      return reply.code(201).send(runDetailView({ ...run, scores: run.scores.filter((s) => s.subjectKind !== 'use_case' || !hidden.has(s.subjectId)) }));
    },
  );

  app.get(
    '/api/datasets/:id/checks/:check/failing-rows',
    {
      schema: {
        tags,
        summary: "A page of the rows that make one check fail, with the dataset's primary key (queried now, read-only, inside the source)",
        params: checkParamsSchema,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(FAILING_ROWS_PAGE_MAX).default(25).describe(`rows per page, 1-${FAILING_ROWS_PAGE_MAX}`),
          offset: z.coerce.number().int().min(0).max(FAILING_ROWS_OFFSET_MAX).default(0).describe(`rows to skip, at most ${FAILING_ROWS_OFFSET_MAX} (download the CSV for all)`),
        }),
        response: { 200: failingRowsPageSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: read,
    },
    async (request) => {
      const { id, check } = request.params;
      return { dataset: id, check, ...(await failingRowsPage(await workspace(), sources, id, check, request.query)) };
    },
  );

  app.get(
    '/api/datasets/:id/checks/:check/failing-rows.csv',
    {
      schema: {
        tags,
        summary: "Every row that makes one check fail, as a CSV download (RFC 4180), 50,000 rows at most",
        description: 'The header x-traction-truncated says "true" when more rows fail than the file carries.',
        params: checkParamsSchema,
        response: { 200: z.string().describe('text/csv'), 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: read,
    },
    async (request, reply) => {
      const { id, check } = request.params;
      const { csv, truncated } = await failingRowsCsv(await workspace(), sources, id, check);
      const file = `${id}--${check}`.replace(/[^A-Za-z0-9_.-]+/g, '_');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.csv"`)
        .header('x-traction-truncated', String(truncated))
        .send(csv);
    },
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
