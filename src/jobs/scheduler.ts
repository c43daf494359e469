// The scheduler: every `pollMs` it reads the schedules the registry's kinds find in the
// applied workspace, queues each tick that fell since its last pass (a run per kind, target
// and tick, whose id is the same in every process), and hands "run now" requests over. The
// queue (pg-boss on PostgreSQL, the store's table on SQLite) runs each run once, with
// retries. Ticks are computed in UTC by croner (src/domain/schedule.ts). A tick that fell
// while no process was running is not caught up: the next one runs.
import { scheduledJobs } from '../application/jobs.js';
import { parseSchedule } from '../domain/schedule.js';
import { getJobRun, jobRunId } from '../store/job-run-repository.js';
import type { Workspace } from '../domain/workspace.js';
import { storeFingerprint } from '../store/store-fingerprint.js';
import { readStoredWorkspace } from '../store/stored-workspace.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RETRY, type ExecuteEnv, type JobLog, type RetryPolicy } from './execute-run.js';
import type { JobRegistry } from './job-kinds.js';
import type { JobQueue } from './job-queue.js';
import { PgBossQueue } from './pgboss-queue.js';
import { StoreQueue } from './store-queue.js';

export interface SchedulerOptions {
  store: Store;
  registry: JobRegistry;
  workspaceRoot: string;
  sourceEnv: Record<string, string | undefined>;
  now?: () => Date;
  retry?: RetryPolicy;
  /** How often ticks are looked for and the queue polled; default 1 s (a cron may name seconds). */
  pollMs?: number;
  /** Long actions running on this process, shared with the server's. */
  running?: Set<string>;
  log?: JobLog;
}

/** Most ticks of one schedule queued in one pass (a clock jump must not queue thousands). */
const MAX_TICKS_PER_PASS = 60;

/** The ticks of `schedule` in (from, to], oldest first. */
export function ticksBetween(schedule: string, from: Date, to: Date, max = MAX_TICKS_PER_PASS): Date[] {
  const parsed = parseSchedule(schedule);
  if (!('cron' in parsed)) return [];
  const ticks: Date[] = [];
  for (let t = parsed.cron.nextRun(from); t && t <= to && ticks.length < max; t = parsed.cron.nextRun(t)) ticks.push(t);
  return ticks;
}

export class Scheduler {
  private readonly env: ExecuteEnv;
  private readonly queue: JobQueue;
  private readonly pollMs: number;
  private last: Date | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();
  private stopping = false;
  /** The stored workspace as last read, and the store fingerprint it was read at. */
  private cached: { fingerprint: string; ws: Workspace | undefined } | undefined;

  constructor(o: SchedulerOptions) {
    this.pollMs = o.pollMs ?? 1000;
    this.env = {
      store: o.store,
      registry: o.registry,
      workspaceRoot: o.workspaceRoot,
      sourceEnv: o.sourceEnv,
      now: o.now ?? (() => new Date()),
      running: o.running ?? new Set(),
      retry: o.retry ?? DEFAULT_RETRY,
      log: o.log ?? (() => undefined),
    };
    const location = o.store.location;
    this.queue = location.kind === 'postgres' ? new PgBossQueue(this.env, location, Math.max(0.5, this.pollMs / 1000)) : new StoreQueue(this.env, this.pollMs);
  }

  /** Starts queueing ticks from now on and running them. */
  async start(): Promise<void> {
    await this.queue.start(true);
    this.last = this.env.now();
    this.scheduleNext();
  }

  /** Stops queueing, then lets the attempt in progress finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.pass;
    await this.queue.stop();
  }

  /**
   * One pass for a cron line or a test (`traction jobs run --once`): queues the latest tick
   * due of each schedule (the same run id in every process, so a second pass in the same
   * period adds nothing) and the "run now" requests, and runs every attempt due now.
   */
  async runOnce(): Promise<{ queued: number; ran: number }> {
    await this.queue.start(false);
    try {
      const queued = await this.enqueueDue(undefined, this.env.now());
      await this.queue.pickUpRequests();
      return { queued, ran: await this.queue.drain() };
    } finally {
      await this.queue.stop();
    }
  }

  private scheduleNext(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.pass = this.onePass().finally(() => this.scheduleNext());
    }, this.pollMs);
    this.timer.unref();
  }

  private async onePass(): Promise<void> {
    const now = this.env.now();
    try {
      await this.enqueueDue(this.last, now);
      this.last = now;
      await this.queue.pickUpRequests();
    } catch (e) {
      // The store may be away for a moment; the ticks since `last` are queued on the next pass.
      this.env.log('warn', 'scheduler pass failed; trying again', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The applied workspace, read again only when the store's one-query fingerprint changed (a pass runs every second). */
  private async workspace(): Promise<Workspace | undefined> {
    const fingerprint = await storeFingerprint(this.env.store.db);
    if (this.cached?.fingerprint !== fingerprint) this.cached = { fingerprint, ws: await readStoredWorkspace(this.env.store.db, this.env.workspaceRoot) };
    return this.cached.ws;
  }

  /** Queues the ticks in (from, to]; without `from`, the latest tick at or before `to`. */
  private async enqueueDue(from: Date | undefined, to: Date): Promise<number> {
    const ws = await this.workspace();
    if (!ws) return 0;
    let queued = 0;
    for (const job of scheduledJobs(ws, this.env.registry.all())) {
      const ticks = from ? ticksBetween(job.schedule, from, to) : latestTick(job.schedule, to);
      for (const tick of ticks) {
        const scheduledFor = tick.toISOString();
        const id = jobRunId(job.kind.name, job.target, scheduledFor, 'schedule');
        // A tick that has run (or is running) already: pg-boss would take its id again once it
        // has archived the finished job, so the history row is what says "done".
        if (await getJobRun(this.env.store.db, id)) continue;
        const added = await this.queue.enqueue({ id, kind: job.kind.name, target: job.target, scheduledFor, trigger: 'schedule', requestedBy: null, maxAttempts: this.env.retry.attempts });
        if (added) queued++;
      }
    }
    return queued;
  }
}

/** The last tick at or before `to` (looked for within the past 366 days), as a list of zero or one. */
function latestTick(schedule: string, to: Date): Date[] {
  const parsed = parseSchedule(schedule);
  if (!('cron' in parsed)) return [];
  const [previous] = parsed.cron.previousRuns(1, new Date(to.getTime() + 1));
  return previous && previous.getTime() > to.getTime() - 366 * 86_400_000 ? [previous] : [];
}
