// A server stopping while its worker's fetch is still in flight on PostgreSQL: the job that
// fetch brings back is run to the end before stop returns, so no run is left "running" in the
// store and no job is left active in pg-boss (where it would wait an hour to expire). The fetch
// is held in flight by a lock on pg-boss's job table, taken by the transaction that adds the job.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { JobRegistry, type JobKind } from '../../src/jobs/job-kinds.js';
import { bossSchema, queueName } from '../../src/jobs/pgboss-queue.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { listJobRuns } from '../../src/store/job-run-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { dropSchema, STORE_FACTORIES } from '../support/databases.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const slow: JobKind = {
  name: 'slow-count',
  title: 'Takes a moment',
  // Once a year: here it runs only when handed over.
  schedules: () => [{ target: 'counter', schedule: '0 0 1 1 *' }],
  async run() {
    await sleep(300);
    return 'done';
  },
};

describe('a server stopping while a fetch is in flight (PostgreSQL)', () => {
  const factory = STORE_FACTORIES.find((f) => f.name === 'postgres')!;

  it('runs the fetched job to the end before stop returns', async ({ skip }) => {
    if (!(await factory.available())) return skip('PostgreSQL is not available here');
    const { store, dispose } = await factory.create();
    const location = store.location;
    if (location.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
    const jobs = bossSchema(location).schema;
    try {
      const { workspace } = await loadWorkspace(FIXTURE);
      await applyDefinitions(store, workspaceDefinitions(workspace!), 'seed', new Date());
      const scheduler = new Scheduler({ store, registry: new JobRegistry().register(slow), workspaceRoot: FIXTURE, sourceEnv: {}, pollMs: 200, retry: { attempts: 2, delaySeconds: 1 } });
      await scheduler.start();

      const id = randomUUID();
      const data = { kind: slow.name, target: 'counter', scheduledFor: new Date().toISOString(), trigger: 'manual', requestedBy: 'admin' };
      let stopped: Promise<void> | undefined;
      await store.db.transaction().execute(async (tx) => {
        await sql`lock table ${sql.id(jobs, 'job')} in access exclusive mode`.execute(tx);
        await sql`insert into ${sql.id(jobs, 'job')} (id, name, data) values (${id}::uuid, ${queueName(slow.name)}, ${JSON.stringify(data)}::jsonb)`.execute(tx);
        // The worker polls every 0.5 s: by now its fetch waits on the lock.
        await sleep(1200);
        const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and application_name = 'traction-jobs'`.execute(tx);
        expect(Number(waiting.rows[0]!.n)).toBeGreaterThan(0);
        stopped = scheduler.stop();
        await sleep(300);
      });
      await stopped;

      const runs = await listJobRuns(store.db, { kind: slow.name }, 10);
      expect(runs.map((r) => [r.id, r.status, r.attempts])).toEqual([[id, 'succeeded', 1]]);
      const state = await sql<{ state: string }>`select state from ${sql.id(jobs, 'job')} where id = ${id}::uuid`.execute(store.db);
      expect(state.rows).toEqual([{ state: 'completed' }]);
    } finally {
      await dispose();
      await dropSchema(jobs);
    }
  }, 30_000);
});
