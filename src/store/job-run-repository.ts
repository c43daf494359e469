// The history of scheduled jobs (migration 0017, `job_runs`): one row per run of a job kind
// on a target at one tick, or per "run now" request, updated as its attempts go. Both stores
// write it; on SQLite it is also the queue itself: `claimDueRun` takes a due row with a
// conditional UPDATE under the write lock, so two processes on one file never both run it.
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import type { Store } from './store.js';

export const JOB_RUN_STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];
export type JobTrigger = 'schedule' | 'manual';

export interface JobRunsTable {
  id: string;
  kind: string;
  target: string;
  scheduled_for: string;
  trigger: string;
  requested_by: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  summary: string | null;
  worker: string | null;
}

// The table joins the store's Database type here, so the jobs' migration and repository
// stay in files of their own (as the pulse's do).
declare module './database.js' {
  interface Database {
    job_runs: JobRunsTable;
  }
}

export interface JobRun {
  id: string;
  kind: string;
  target: string;
  scheduledFor: string;
  trigger: JobTrigger;
  requestedBy: string | null;
  status: JobRunStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  summary: string | null;
  worker: string | null;
}

export function toJobRun(r: Selectable<JobRunsTable>): JobRun {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target,
    scheduledFor: r.scheduled_for,
    trigger: r.trigger as JobTrigger,
    requestedBy: r.requested_by,
    status: r.status as JobRunStatus,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    nextAttemptAt: r.next_attempt_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    summary: r.summary,
    worker: r.worker,
  };
}

/**
 * A run's id, the same in every process for the same tick: a UUID (RFC 9562 version 8, the
 * version for custom layouts) over SHA-256 of the run's key. pg-boss takes it as the job id,
 * and inserting a job whose id exists does nothing, so replicas that all see a tick queue it once.
 */
export function jobRunId(kind: string, target: string, scheduledFor: string, trigger: JobTrigger): string {
  const h = createHash('sha256').update([kind, target, scheduledFor, trigger].join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export async function getJobRun(db: Kysely<Database>, id: string): Promise<JobRun | undefined> {
  const row = await db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJobRun(row);
}

export interface NewJobRun {
  id: string;
  kind: string;
  target: string;
  scheduledFor: string;
  trigger: JobTrigger;
  requestedBy: string | null;
  maxAttempts: number;
}

/** Adds a queued run; false when the same run (same id or same tick) is there already. */
export async function insertQueuedRun(db: Kysely<Database>, r: NewJobRun): Promise<boolean> {
  const result = await db
    .insertInto('job_runs')
    .values({ id: r.id, kind: r.kind, target: r.target, scheduled_for: r.scheduledFor, trigger: r.trigger, requested_by: r.requestedBy, status: 'queued', attempts: 0, max_attempts: r.maxAttempts, next_attempt_at: r.scheduledFor, started_at: null, finished_at: null, error: null, summary: null, worker: null })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Takes the oldest due run (queued, or retrying whose wait is over) for `worker`: the status
 * changes only where it is still what was read, so of two processes one gets it.
 */
export async function claimDueRun(store: Store, now: Date, worker: string): Promise<JobRun | undefined> {
  return store.transaction(async (tx) => {
    const due = await tx
      .selectFrom('job_runs')
      .selectAll()
      .where('status', 'in', ['queued', 'retrying'])
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .limit(1)
      .executeTakeFirst();
    if (!due) return undefined;
    const claimed = await tx
      .updateTable('job_runs')
      .set({ status: 'running', attempts: Number(due.attempts) + 1, started_at: now.toISOString(), worker, next_attempt_at: null })
      .where('id', '=', due.id)
      .where('status', '=', due.status)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    return toJobRun({ ...due, status: 'running', attempts: Number(due.attempts) + 1, started_at: now.toISOString(), worker, next_attempt_at: null });
  });
}

/** Records that an attempt started (PostgreSQL: pg-boss handed the job over); creates the row for a scheduled tick. */
export async function recordAttemptStarted(db: Kysely<Database>, r: NewJobRun & { attempt: number; at: Date; worker: string }): Promise<void> {
  const started = { status: 'running', attempts: r.attempt, started_at: r.at.toISOString(), worker: r.worker, next_attempt_at: null, finished_at: null } as const;
  await db
    .insertInto('job_runs')
    .values({ id: r.id, kind: r.kind, target: r.target, scheduled_for: r.scheduledFor, trigger: r.trigger, requested_by: r.requestedBy, max_attempts: r.maxAttempts, error: null, summary: null, ...started })
    .onConflict((oc) => oc.column('id').doUpdateSet(started))
    .execute();
}

export async function recordSucceeded(db: Kysely<Database>, id: string, at: Date, summary: string): Promise<void> {
  await db.updateTable('job_runs').set({ status: 'succeeded', finished_at: at.toISOString(), summary, error: null }).where('id', '=', id).execute();
}

/** A failed attempt: `retryAt` set means another attempt follows, else the run has failed for good. */
export async function recordAttemptFailed(db: Kysely<Database>, id: string, at: Date, error: string, retryAt: Date | undefined): Promise<void> {
  await db
    .updateTable('job_runs')
    .set(retryAt ? { status: 'retrying', error, next_attempt_at: retryAt.toISOString() } : { status: 'failed', error, finished_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Runs "run now" put in the queue that no worker has started yet (PostgreSQL hands them to pg-boss). */
export async function queuedRuns(db: Kysely<Database>, limit = 50): Promise<JobRun[]> {
  const rows = await db.selectFrom('job_runs').selectAll().where('status', '=', 'queued').orderBy('scheduled_for').limit(limit).execute();
  return rows.map(toJobRun);
}

/** A run whose process died mid-attempt (SQLite): running since before `before` is retried (or failed when out of attempts). */
export async function releaseStaleRuns(db: Kysely<Database>, before: Date, now: Date): Promise<void> {
  const stale = await db.selectFrom('job_runs').selectAll().where('status', '=', 'running').where('started_at', '<', before.toISOString()).execute();
  for (const r of stale) {
    const last = Number(r.attempts) >= Number(r.max_attempts);
    await recordAttemptFailed(db, r.id, now, 'the process running it stopped before it finished', last ? undefined : now);
  }
}

export interface RunFilter {
  kind?: string | undefined;
  target?: string | undefined;
  status?: JobRunStatus | undefined;
}

/** Recent runs, newest tick first. */
export async function listJobRuns(db: Kysely<Database>, filter: RunFilter, limit: number): Promise<JobRun[]> {
  let q = db.selectFrom('job_runs').selectAll();
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.target !== undefined) q = q.where('target', '=', filter.target);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('scheduled_for', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toJobRun);
}
