// The in-process queue of a SQLite store: `job_runs` rows are the queue. A run is taken by a
// conditional UPDATE under SQLite's write lock (`claimDueRun`), so a server and a
// `traction jobs run --once` on the same file never both run it; a failed attempt waits
// `retryDelayMs` (doubling) before the next; the last failure leaves it failed with its error.
import { claimDueRun, insertQueuedRun, releaseStaleRuns, type NewJobRun } from '../store/job-run-repository.js';
import { executeAttempt, WORKER_NAME, type ExecuteEnv } from './execute-run.js';
import type { JobQueue } from './job-queue.js';

/** An attempt running longer than this is taken as lost with its process (pg-boss's default expiry, 15 minutes). */
export const STALE_AFTER_MS = 15 * 60_000;

export class StoreQueue implements JobQueue {
  private timer: NodeJS.Timeout | undefined;
  private working: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly env: ExecuteEnv,
    private readonly pollMs: number,
  ) {}

  async start(workers: boolean): Promise<void> {
    this.stopped = false;
    if (workers) this.schedulePoll();
  }

  enqueue(run: NewJobRun): Promise<boolean> {
    return insertQueuedRun(this.env.store.db, run);
  }

  async pickUpRequests(): Promise<void> {
    // "Run now" rows are queued rows already.
  }

  async drain(): Promise<number> {
    const now = this.env.now();
    await releaseStaleRuns(this.env.store.db, new Date(now.getTime() - STALE_AFTER_MS), now);
    let ran = 0;
    for (;;) {
      if (this.stopped) return ran;
      const run = await claimDueRun(this.env.store, this.env.now(), WORKER_NAME);
      if (!run) return ran;
      await executeAttempt(this.env, run, run.attempts, run.maxAttempts);
      ran++;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.working;
  }

  private schedulePoll(): void {
    this.timer = setTimeout(() => {
      this.working = this.drain()
        .catch((e: unknown) => this.env.log('warn', 'job queue poll failed; trying again', { error: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          if (!this.stopped) this.schedulePoll();
        });
    }, this.pollMs);
    this.timer.unref();
  }
}
