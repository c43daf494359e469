// Scheduled jobs as a person sees and starts them, once for `traction jobs`, the API and the
// dashboard: each scheduled job (a job kind on a target, with its cron) with its next tick and
// its last runs, the recent runs, and "run now". The job kinds and where their schedules come
// from are handed in (src/jobs/job-kinds.ts is the registry); running them is src/jobs's
// scheduler, which calls the same actions a person would (readiness runs, KPI refresh).
import { sql, type Kysely } from 'kysely';
import { parseSchedule } from '../domain/schedule.js';
import type { Workspace } from '../domain/workspace.js';
import { appendAudit } from '../store/audit-repository.js';
import type { Database } from '../store/database.js';
import { getJobRun, insertQueuedRun, jobRunId, listJobRuns, type JobRun, type RunFilter } from '../store/job-run-repository.js';
import type { Store } from '../store/store.js';
import { NotFoundError } from './errors.js';

/** One thing a job kind runs on a schedule: its target (a dataset, a KPI) and the cron. */
export interface ScheduledTarget {
  target: string;
  schedule: string;
}

/** What the listing needs of a job kind: its name, what it does, where its schedules come from. */
export interface ScheduleSource {
  name: string;
  title: string;
  schedules(ws: Workspace): ScheduledTarget[];
}

export interface ScheduledJob {
  kind: string;
  title: string;
  target: string;
  schedule: string;
  /** The next tick after `now`, UTC; null when the cron has none left. */
  nextRun: string | null;
  lastRuns: JobRun[];
}

/** The next tick of `schedule` after `now`, or null (a schedule is validated when applied; a broken stored one has none). */
export function nextTick(schedule: string, now: Date): Date | null {
  const parsed = parseSchedule(schedule);
  return 'cron' in parsed ? parsed.cron.nextRun(now) : null;
}

/** Every scheduled job of the workspace, as the registry's kinds declare them. */
export function scheduledJobs(ws: Workspace, kinds: readonly ScheduleSource[]): (ScheduledTarget & { kind: ScheduleSource })[] {
  return kinds.flatMap((kind) => kind.schedules(ws).map((s) => ({ ...s, kind })));
}

/** Each scheduled job with its next tick and its `recent` last runs. */
export async function jobOverview(db: Kysely<Database>, ws: Workspace, kinds: readonly ScheduleSource[], now: Date, recent = 5): Promise<ScheduledJob[]> {
  const jobs = scheduledJobs(ws, kinds);
  return Promise.all(
    jobs.map(async (j) => ({
      kind: j.kind.name,
      title: j.kind.title,
      target: j.target,
      schedule: j.schedule,
      nextRun: nextTick(j.schedule, now)?.toISOString() ?? null,
      lastRuns: await listJobRuns(db, { kind: j.kind.name, target: j.target }, recent),
    })),
  );
}

export function recentRuns(db: Kysely<Database>, filter: RunFilter, limit: number): Promise<JobRun[]> {
  return listJobRuns(db, filter, limit);
}

/**
 * Queues one run of a scheduled job now (the next free worker takes it, on any replica). While
 * one asked for earlier is still queued or running, that one is the answer: one click, one run.
 */
export async function requestRunNow(store: Store, ws: Workspace, kinds: readonly ScheduleSource[], req: { kind: string; target: string; by: string; now: Date; maxAttempts: number }): Promise<{ run: JobRun; queued: boolean }> {
  const job = scheduledJobs(ws, kinds).find((j) => j.kind.name === req.kind && j.target === req.target);
  if (!job) throw new NotFoundError(`no scheduled job "${req.kind}" on "${req.target}": only jobs with a schedule in the workspace can be run from here`);
  return store.transaction(async (tx) => {
    // Replicas asked at the same moment: the look for a pending run and the insert are one step per
    // job (a transaction lock on PostgreSQL; SQLite's writer is one connection), so one run is queued.
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`job.run_now:${req.kind}:${req.target}`}))`.execute(tx);
    const pending = (await listJobRuns(tx, { kind: req.kind, target: req.target }, 20)).find((r) => r.trigger === 'manual' && (r.status === 'queued' || r.status === 'running' || r.status === 'retrying'));
    if (pending) return { run: pending, queued: false };
    const scheduledFor = req.now.toISOString();
    const id = jobRunId(req.kind, req.target, scheduledFor, 'manual');
    await insertQueuedRun(tx, { id, kind: req.kind, target: req.target, scheduledFor, trigger: 'manual', requestedBy: req.by, maxAttempts: req.maxAttempts });
    await appendAudit(tx, { at: req.now, actor: req.by, action: 'job.run_now', objectKind: 'job', objectId: `${req.kind}:${req.target}`, detail: { run: id } });
    return { run: (await getJobRun(tx, id))!, queued: true };
  });
}
