// The scheduler's semantics on each store: pg-boss on PostgreSQL, the in-process runner over
// `job_runs` on SQLite. Two schedulers (two store connections) see every tick; each tick
// runs once. A job that keeps failing is retried, then shows as failed with its error. One
// pass (`traction jobs run --once`) runs the latest due tick, and a second pass adds nothing.
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { requestRunNow } from '../../src/application/jobs.js';
import { JobRegistry, type JobKind } from '../../src/jobs/job-kinds.js';
import { bossSchema } from '../../src/jobs/pgboss-queue.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { listJobRuns } from '../../src/store/job-run-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { dropSchema, STORE_FACTORIES } from '../support/databases.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const counting: JobKind = {
  name: 'tick-count',
  title: 'Counts the ticks it is handed',
  schedules: () => [{ target: 'counter', schedule: '* * * * * *' }],
  async run(ctx) {
    await sql`insert into job_tick_hits (tick, pid) values (${ctx.run.scheduledFor}, ${ctx.run.attempt})`.execute(ctx.store.db);
    return 'counted';
  },
};

const failing: JobKind = {
  name: 'always-fails',
  title: 'Fails every attempt',
  // Once a year: in a test it runs only when asked to.
  schedules: () => [{ target: 'broken-source', schedule: '0 0 1 1 *' }],
  run: async (ctx) => Promise.reject(new Error(`source "warehouse" refused the connection (attempt ${ctx.run.attempt})`)),
};

/** A second connection to the same store, as another process would have. */
async function secondConnection(store: Store): Promise<Store> {
  const l = store.location;
  return openStore(l.kind === 'sqlite' ? l : { kind: 'postgres', url: l.url, ...(l.schema ? { schema: l.schema } : {}) });
}

async function prepared(store: Store): Promise<void> {
  const { workspace } = await loadWorkspace(FIXTURE);
  await applyDefinitions(store, workspaceDefinitions(workspace!), 'seed', new Date());
  await sql`create table job_tick_hits (tick text not null, pid integer not null)`.execute(store.db);
}

async function withStore(factory: (typeof STORE_FACTORIES)[number], fn: (store: Store) => Promise<void>): Promise<void> {
  const { store, dispose } = await factory.create();
  try {
    await prepared(store);
    await fn(store);
  } finally {
    const l = store.location;
    await dispose();
    if (l.kind === 'postgres') await dropSchema(bossSchema(l).schema);
  }
}

for (const factory of STORE_FACTORIES) {
  describe(`scheduled jobs on ${factory.name}`, () => {
    it('two schedulers on one store run each tick of an every-second schedule once', async ({ skip }) => {
      if (!(await factory.available())) return skip(`${factory.name} is not available here`);
      await withStore(factory, async (store) => {
        const other = await secondConnection(store);
        const options = { registry: new JobRegistry().register(counting), workspaceRoot: FIXTURE, sourceEnv: {}, pollMs: 200, retry: { attempts: 2, delaySeconds: 1 } };
        const schedulers = [new Scheduler({ store, ...options }), new Scheduler({ store: other, ...options })];
        await Promise.all(schedulers.map((s) => s.start()));
        const started = Date.now();
        await sleep(4500);
        const stopping = Date.now();
        await Promise.all(schedulers.map((s) => s.stop()));
        await other.close();

        const hits = (await sql<{ tick: string; n: number | string }>`select tick, count(*) as n from job_tick_hits group by tick`.execute(store.db)).rows;
        expect(hits.filter((h) => Number(h.n) !== 1)).toEqual([]);
        const ticks = new Set(hits.map((h) => h.tick));
        const expected: string[] = [];
        for (let t = Math.ceil((started + 1000) / 1000) * 1000; t <= stopping - 1500; t += 1000) expected.push(new Date(t).toISOString());
        expect(expected.length).toBeGreaterThanOrEqual(2);
        expect(expected.filter((t) => !ticks.has(t))).toEqual([]);
        const runs = await listJobRuns(store.db, { kind: 'tick-count' }, 100);
        expect(runs.filter((r) => r.status === 'succeeded').map((r) => r.scheduledFor).sort()).toEqual([...ticks].sort());
      });
    });

    it('retries a failing job with a growing wait, then shows it failed with its error', async ({ skip }) => {
      if (!(await factory.available())) return skip(`${factory.name} is not available here`);
      await withStore(factory, async (store) => {
        const registry = new JobRegistry().register(failing);
        const ws = (await import('../../src/store/stored-workspace.js')).readStoredWorkspace;
        const asked = await requestRunNow(store, (await ws(store.db, FIXTURE))!, registry.all(), { kind: 'always-fails', target: 'broken-source', by: 'admin', now: new Date(), maxAttempts: 2 });
        expect(asked.queued).toBe(true);
        // Asking again while it is pending answers the same run.
        const again = await requestRunNow(store, (await ws(store.db, FIXTURE))!, registry.all(), { kind: 'always-fails', target: 'broken-source', by: 'admin', now: new Date(), maxAttempts: 2 });
        expect([again.queued, again.run.id]).toEqual([false, asked.run.id]);

        const scheduler = new Scheduler({ store, registry, workspaceRoot: FIXTURE, sourceEnv: {}, pollMs: 200, retry: { attempts: 2, delaySeconds: 1 } });
        await scheduler.start();
        const seen = new Set<string>();
        let run = asked.run;
        for (let waited = 0; waited < 15_000 && run.status !== 'failed'; waited += 100) {
          await sleep(100);
          run = (await listJobRuns(store.db, { kind: 'always-fails' }, 1))[0]!;
          seen.add(run.status);
        }
        await scheduler.stop();
        expect(run).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2, trigger: 'manual', requestedBy: 'admin', error: 'source "warehouse" refused the connection (attempt 2)' });
        expect(run.finishedAt).not.toBeNull();
        expect(seen.has('retrying')).toBe(true);
        const l = store.location;
        if (l.kind === 'postgres') {
          // pg-boss, which did the retrying, holds the job as failed too.
          const job = await sql<{ state: string; retry_count: number }>`select state, retry_count from ${sql.id(bossSchema(l).schema, 'job')} where id = ${run.id}::uuid`.execute(store.db);
          expect(job.rows).toEqual([{ state: 'failed', retry_count: 1 }]);
        }
      });
    });

    it('one pass runs the latest due tick; a second pass in the same period adds nothing', async ({ skip }) => {
      if (!(await factory.available())) return skip(`${factory.name} is not available here`);
      await withStore(factory, async (store) => {
        const hourly: JobKind = { ...counting, name: 'hourly-count', schedules: () => [{ target: 'counter', schedule: '0 * * * *' }] };
        const registry = new JobRegistry().register(hourly);
        const now = () => new Date('2026-03-04T10:42:00Z');
        const once = () => new Scheduler({ store, registry, workspaceRoot: FIXTURE, sourceEnv: {}, now }).runOnce();
        expect(await once()).toEqual({ queued: 1, ran: 1 });
        expect(await once()).toEqual({ queued: 0, ran: 0 });
        const hits = (await sql<{ tick: string }>`select tick from job_tick_hits`.execute(store.db)).rows;
        expect(hits.map((h) => h.tick)).toEqual(['2026-03-04T10:00:00.000Z']);
      });
    });
  });
}
