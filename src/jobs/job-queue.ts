// What the scheduler asks of a queue: take runs in (a tick, a "run now"), run them with
// retries, once each across every process on the store. Two implementations with the same
// semantics: pg-boss on PostgreSQL (pgboss-queue.ts), the store's own table on SQLite
// (store-queue.ts).
import type { NewJobRun } from '../store/job-run-repository.js';

export interface JobQueue {
  /** Opens the queue and, unless `workers` is false, starts taking runs. */
  start(workers: boolean): Promise<void>;
  /** Queues a run; false when a run with the same id was queued already (by any process), which is left as it is. */
  enqueue(run: NewJobRun): Promise<boolean>;
  /** Hands "run now" requests recorded in the store to the queue (the store queue has them already). */
  pickUpRequests(): Promise<void>;
  /** Runs every attempt due now, one after another, and returns how many ran. */
  drain(): Promise<number>;
  /** Stops taking runs; waits for the attempt in progress. */
  stop(): Promise<void>;
}
