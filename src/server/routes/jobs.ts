// Scheduled jobs: each schedule with its next run and last runs, the recent runs, and "run
// now" (admins). The listing and the request are src/application/jobs.ts; running is the
// scheduler's (src/jobs), on whichever replica takes the run.
import { z } from 'zod';
import { jobOverview, recentRuns, requestRunNow } from '../../application/jobs.js';
import { DEFAULT_RETRY } from '../../jobs/execute-run.js';
import { JOB_RUN_STATUSES, type JobRun } from '../../store/job-run-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { actorOf } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';
import { loadStoredWorkspace } from '../stored-workspace.js';

const tags = ['jobs'];

const jobRunSchema = z.object({
  id: z.string(),
  kind: z.string(),
  target: z.string(),
  scheduled_for: z.string().describe('the tick (UTC), or when "run now" was asked'),
  trigger: z.enum(['schedule', 'manual']),
  requested_by: z.string().nullable(),
  status: z.enum(JOB_RUN_STATUSES),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  next_attempt_at: z.string().nullable().describe('when a retrying run tries again'),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  error: z.string().nullable().describe('the last failed attempt\'s error'),
  summary: z.string().nullable(),
});

const scheduledJobSchema = z.object({
  kind: z.string(),
  title: z.string(),
  target: z.string(),
  schedule: z.string().describe('cron, evaluated in UTC'),
  next_run: z.string().nullable(),
  last_runs: z.array(jobRunSchema),
});

export function jobRunView(r: JobRun): z.infer<typeof jobRunSchema> {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target,
    scheduled_for: r.scheduledFor,
    trigger: r.trigger,
    requested_by: r.requestedBy,
    status: r.status,
    attempts: r.attempts,
    max_attempts: r.maxAttempts,
    next_attempt_at: r.nextAttemptAt,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    error: r.error,
    summary: r.summary,
  };
}

export async function jobRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/jobs',
    {
      schema: {
        tags,
        summary: 'Scheduled jobs with their next run and last runs, and the recent runs, newest first',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          status: z.enum(JOB_RUN_STATUSES).optional(),
          kind: z.string().regex(/^[a-z][a-z0-9-]*$/).max(80).optional(),
        }),
        response: { 200: z.object({ time_zone: z.literal('UTC'), scheduled: z.array(scheduledJobSchema), runs: z.array(jobRunSchema) }), 409: errorBodySchema },
      },
      config: { access: { permission: 'job.read' } },
    },
    async (request) => {
      const ws = await loadStoredWorkspace(deps.store.db, deps.workspaceRoot);
      const { limit, status, kind } = request.query;
      const scheduled = await jobOverview(deps.store.db, ws, deps.jobKinds.all(), deps.now());
      const runs = await recentRuns(deps.store.db, { status, kind }, limit);
      return {
        time_zone: 'UTC' as const,
        scheduled: scheduled.map((j) => ({ kind: j.kind, title: j.title, target: j.target, schedule: j.schedule, next_run: j.nextRun, last_runs: j.lastRuns.map(jobRunView) })),
        runs: runs.map(jobRunView),
      };
    },
  );

  app.post(
    '/api/jobs/runs',
    {
      schema: {
        tags,
        summary: 'Run a scheduled job now (queued for the next free worker; a run still pending is answered instead of a second one)',
        body: z.strictObject({
          kind: z.string().regex(/^[a-z][a-z0-9-]*$/).max(80),
          target: z.string().min(1).max(300),
        }),
        response: { 202: z.object({ run: jobRunSchema, queued: z.boolean().describe('false: a run asked for earlier is still pending, and is the one shown') }), 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { permission: 'job.run' } },
    },
    async (request, reply) => {
      const ws = await loadStoredWorkspace(deps.store.db, deps.workspaceRoot);
      const { run, queued } = await requestRunNow(deps.store, ws, deps.jobKinds.all(), { ...request.body, by: actorOf(request.principal!), now: deps.now(), maxAttempts: DEFAULT_RETRY.attempts });
      return reply.code(202).send({ run: jobRunView(run), queued });
    },
  );
}
