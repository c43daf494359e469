// The queue of a PostgreSQL store: pg-boss (a job queue over PostgreSQL: SKIP LOCKED fetches,
// retries with exponential backoff, expiry of attempts whose process died). One pg-boss
// queue per job kind, in a schema of its own beside the store's. Exactly once per tick: every
// replica sends each tick it sees with the same job id (`jobRunId`, from kind, target and
// tick), and pg-boss inserts a job with `ON CONFLICT DO NOTHING`, so the tick is one job; a
// job is fetched by one worker (`FOR UPDATE SKIP LOCKED`). The run's history row in the store
// is written by whichever worker runs an attempt.
//
// The workers are this file's own loops over `boss.fetch`, not `boss.work`: pg-boss's graceful
// stop counts only jobs already handed to a worker, so a fetch still in flight when a replica
// stops would hand over a job after the store was closed, leaving its run "running" for good.
// Here stop waits for each loop, the fetch in flight and the attempt it brings included.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { queuedRuns, recordAttemptFailed, recordAttemptStarted, type JobTrigger, type NewJobRun } from '../store/job-run-repository.js';
import { postgresTarget, type StoreLocation } from '../store/store.js';
import { executeAttempt, retryDelayMs, WORKER_NAME, type ExecuteEnv } from './execute-run.js';
import type { JobQueue } from './job-queue.js';

/** An attempt not finished after this long is failed by pg-boss (and retried): a readiness run over a big table can be long. */
const EXPIRE_SECONDS = 60 * 60;

const QUEUE_LOCK_KEY = 72_616_275; // arbitrary, constant: "traction job queues" (the migrations' is ...274)

/** How long a stopping server waits for the attempt in progress before handing it back to the queue. */
const STOP_WAIT_MS = 30_000;

interface RunData {
  kind: string;
  target: string;
  scheduledFor: string;
  trigger: JobTrigger;
  requestedBy: string | null;
}

/** pg-boss's schema for a store: `traction_jobs`, or `<schema>_jobs` beside a store in its own schema. */
export function bossSchema(location: Extract<StoreLocation, { kind: 'postgres' }>): { url: string; schema: string } {
  const { url, schema: storeSchema } = postgresTarget(location);
  return { url: url.toString(), schema: storeSchema ? `${storeSchema}_jobs` : 'traction_jobs' };
}

export const queueName = (kind: string) => `traction-${kind}`;

export class PgBossQueue implements JobQueue {
  private boss: PgBoss | undefined;
  private loops: Promise<void>[] = [];
  /** Aborted on stop: ends the loops' waits between polls. */
  private stopping: AbortController | undefined;
  /** The jobs whose attempt is running on this process, by id. */
  private readonly inProgress = new Map<string, { name: string; job: PgBoss.JobWithMetadata<RunData> }>();

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
    this.stopping = new AbortController();
    const names = this.env.registry.all().map((kind) => queueName(kind.name));
    for (const name of names) await this.createQueue(boss, name);
    if (workers) this.loops = names.map((name) => this.workLoop(boss, name, this.stopping!.signal));
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
        await this.runJob(this.boss!, name, jobs[0]!);
        ran++;
      }
    }
    return ran;
  }

  /**
   * Stops fetching and waits (up to 30 s) for the loops, the attempt in progress included; an
   * attempt still running then is failed and retried elsewhere after the queue's retry delay.
   */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.stopping?.abort();
    const settled = Promise.all(this.loops).then(() => true);
    const finished = await Promise.race([settled, sleep(STOP_WAIT_MS, false, { ref: false })]);
    if (!finished) await this.handBack(boss);
    this.loops = [];
    this.boss = undefined;
    await boss.stop({ graceful: false, wait: true });
  }

  /** One worker: fetch a job of the queue, run it, and wait a poll interval when there was none. */
  private async workLoop(boss: PgBoss, name: string, stopping: AbortSignal): Promise<void> {
    while (!stopping.aborted) {
      let job: PgBoss.JobWithMetadata<RunData> | undefined;
      try {
        [job] = await boss.fetch<RunData>(name, { includeMetadata: true, batchSize: 1 });
      } catch (e) {
        this.env.log('warn', 'job queue poll failed; trying again', { queue: name, error: e instanceof Error ? e.message : String(e) });
      }
      if (job) await this.runJob(boss, name, job);
      else await sleep(this.pollSeconds * 1000, undefined, { signal: stopping }).catch(() => undefined);
    }
  }

  /** Runs one attempt of a fetched job and tells pg-boss how it went (a failure is retried by pg-boss). */
  private async runJob(boss: PgBoss, name: string, job: PgBoss.JobWithMetadata<RunData>): Promise<void> {
    this.inProgress.set(job.id, { name, job });
    try {
      const attempt = job.retryCount + 1;
      const maxAttempts = job.retryLimit + 1;
      const d = job.data;
      let outcome: { ok: true } | { ok: false; error: string };
      try {
        await recordAttemptStarted(this.env.store.db, { id: job.id, kind: d.kind, target: d.target, scheduledFor: d.scheduledFor, trigger: d.trigger, requestedBy: d.requestedBy, maxAttempts, attempt, at: this.env.now(), worker: WORKER_NAME });
        outcome = await executeAttempt(this.env, { id: job.id, kind: d.kind, target: d.target, scheduledFor: d.scheduledFor, trigger: d.trigger }, attempt, maxAttempts);
      } catch (e) {
        outcome = { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      // Handed back by a stop that did not wait for it: pg-boss has its outcome already.
      if (!this.inProgress.has(job.id)) return;
      if (outcome.ok) await boss.complete(name, job.id);
      else await boss.fail(name, job.id, { message: outcome.error });
    } catch (e) {
      // pg-boss could not be told: the job expires and is retried (EXPIRE_SECONDS).
      this.env.log('warn', 'job queue could not record an attempt', { queue: name, job: job.id, error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.inProgress.delete(job.id);
    }
  }

  /** Fails the attempts still running at stop, so another server retries them, and says so in their history. */
  private async handBack(boss: PgBoss): Promise<void> {
    const message = 'the server stopped during this attempt; it is retried';
    for (const [id, { name, job }] of this.inProgress) {
      this.inProgress.delete(id);
      const final = job.retryCount >= job.retryLimit;
      const at = this.env.now();
      await boss.fail(name, id, { message }).catch(() => undefined);
      await recordAttemptFailed(this.env.store.db, id, at, message, final ? undefined : new Date(at.getTime() + retryDelayMs(this.env.retry, job.retryCount + 1))).catch(() => undefined);
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
