// The queue of a PostgreSQL store: pg-boss (a job queue over PostgreSQL: SKIP LOCKED fetches,
// retries with exponential backoff, expiry of attempts whose process died). One pg-boss
// queue per job kind, in a schema of its own beside the store's. Exactly once per tick: every
// replica sends each tick it sees with the same job id (`jobRunId`, from kind, target and
// tick), and pg-boss inserts a job with `ON CONFLICT DO NOTHING`, so the tick is one job; a
// job is fetched by one worker (`FOR UPDATE SKIP LOCKED`). The run's history row in the store
// is written by whichever worker runs an attempt.
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { queuedRuns, recordAttemptStarted, type JobTrigger, type NewJobRun } from '../store/job-run-repository.js';
import type { StoreLocation } from '../store/store.js';
import { executeAttempt, WORKER_NAME, type ExecuteEnv } from './execute-run.js';
import type { JobQueue } from './job-queue.js';

/** An attempt not finished after this long is failed by pg-boss (and retried): a readiness run over a big table can be long. */
const EXPIRE_SECONDS = 60 * 60;

const QUEUE_LOCK_KEY = 72_616_275; // arbitrary, constant: "traction job queues" (the migrations' is ...274)

interface RunData {
  kind: string;
  target: string;
  scheduledFor: string;
  trigger: JobTrigger;
  requestedBy: string | null;
}

/** pg-boss's schema for a store: `traction_jobs`, or `<schema>_jobs` beside a store in its own schema. */
export function bossSchema(location: Extract<StoreLocation, { kind: 'postgres' }>): { url: string; schema: string } {
  const url = new URL(location.url);
  const storeSchema = location.schema ?? url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { url: url.toString(), schema: storeSchema ? `${storeSchema}_jobs` : 'traction_jobs' };
}

export const queueName = (kind: string) => `traction-${kind}`;

export class PgBossQueue implements JobQueue {
  private boss: PgBoss | undefined;

  constructor(
    private readonly env: ExecuteEnv,
    private readonly location: Extract<StoreLocation, { kind: 'postgres' }>,
    private readonly pollSeconds: number,
  ) {}

  async start(workers: boolean): Promise<void> {
    // Loaded here: a SQLite store never pays for it.
    const { default: Boss } = await import('pg-boss');
    const { url, schema } = bossSchema(this.location);
    const boss = new Boss({ connectionString: url, schema, max: 3, application_name: 'traction-jobs', schedule: false, supervise: true, migrate: true });
    boss.on('error', (e: Error) => this.env.log('warn', 'job queue error', { error: e.message }));
    await boss.start();
    this.boss = boss;
    for (const kind of this.env.registry.all()) {
      const name = queueName(kind.name);
      await this.createQueue(boss, name);
      if (workers) await boss.work<RunData>(name, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: this.pollSeconds }, (jobs) => this.runJobs(name, jobs));
    }
  }

  async enqueue(run: NewJobRun): Promise<boolean> {
    const data: RunData = { kind: run.kind, target: run.target, scheduledFor: run.scheduledFor, trigger: run.trigger, requestedBy: run.requestedBy };
    // send answers null when the job id exists already (pg-boss inserts with ON CONFLICT DO NOTHING).
    return (await this.boss!.send(queueName(run.kind), data, { id: run.id, retryLimit: run.maxAttempts - 1, retryDelay: this.env.retry.delaySeconds, retryBackoff: true, expireInSeconds: EXPIRE_SECONDS })) !== null;
  }

  async pickUpRequests(): Promise<void> {
    // Sent again on each pass while still queued: the id makes a second send a no-op.
    for (const r of await queuedRuns(this.env.store.db)) if (this.env.registry.get(r.kind)) await this.enqueue(r);
  }

  async drain(): Promise<number> {
    let ran = 0;
    for (const kind of this.env.registry.all()) {
      const name = queueName(kind.name);
      for (;;) {
        const jobs = await this.boss!.fetch<RunData>(name, { includeMetadata: true, batchSize: 1 });
        if (jobs.length === 0) break;
        const job = jobs[0]!;
        try {
          await this.runJobs(name, [job]);
          await this.boss!.complete(name, job.id);
        } catch (e) {
          await this.boss!.fail(name, job.id, { message: e instanceof Error ? e.message : String(e) });
        }
        ran++;
      }
    }
    return ran;
  }

  async stop(): Promise<void> {
    // Graceful: waits (up to 30 s) for the attempt in progress; one still running then is failed and retried elsewhere.
    await this.boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.boss = undefined;
  }

  /** pg-boss hands jobs over one at a time; a failed attempt throws so pg-boss retries it. */
  private async runJobs(_name: string, jobs: PgBoss.JobWithMetadata<RunData>[]): Promise<void> {
    for (const job of jobs) {
      const attempt = job.retryCount + 1;
      const maxAttempts = job.retryLimit + 1;
      const d = job.data;
      await recordAttemptStarted(this.env.store.db, { id: job.id, kind: d.kind, target: d.target, scheduledFor: d.scheduledFor, trigger: d.trigger, requestedBy: d.requestedBy, maxAttempts, attempt, at: this.env.now(), worker: WORKER_NAME });
      const outcome = await executeAttempt(this.env, { id: job.id, kind: d.kind, target: d.target, scheduledFor: d.scheduledFor, trigger: d.trigger }, attempt, maxAttempts);
      if (!outcome.ok) throw new Error(outcome.error);
    }
  }

  /**
   * Creates the kind's queue once. Replicas starting together would deadlock in pg-boss's
   * create_queue (each creates the queue's partition), so creation is serialised by an
   * advisory lock taken on a connection of the store.
   */
  private async createQueue(boss: PgBoss, name: string): Promise<void> {
    if (await boss.getQueue(name)) return;
    const options = { name, retryLimit: this.env.retry.attempts - 1, retryDelay: this.env.retry.delaySeconds, retryBackoff: true, expireInSeconds: EXPIRE_SECONDS };
    await this.env.store.db.connection().execute(async (c) => {
      await sql`select pg_advisory_lock(${QUEUE_LOCK_KEY})`.execute(c);
      try {
        if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
      } finally {
        await sql`select pg_advisory_unlock(${QUEUE_LOCK_KEY})`.execute(c);
      }
    });
  }
}
