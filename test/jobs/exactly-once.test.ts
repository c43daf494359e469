// Two scheduler processes over one PostgreSQL store, each seeing every tick of an
// every-second schedule: each tick runs exactly once (counted per tick by the job itself),
// and every second both were running has its run.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { bossSchema } from '../../src/jobs/pgboss-queue.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { dropSchema, PG_URL, postgresAvailable, uniqueSchema } from '../support/databases.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/readiness-ws');
const RUN_MS = 9000;

function runScheduler(schema: string): Promise<{ started: number; stopping: number; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'scheduler-process.ts'), PG_URL, schema, String(RUN_MS), FIXTURE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      const at = (word: string) => Date.parse(new RegExp(`${word} (\\S+)`).exec(stdout)?.[1] ?? '');
      resolve({ started: at('started'), stopping: at('stopping'), code, stderr });
    }),
  );
}

describe('scheduled jobs over PostgreSQL, two processes', () => {
  const schema = uniqueSchema('jobs');
  let store: Store | undefined;

  afterAll(async () => {
    await store?.close();
    if (store) for (const s of [schema, bossSchema({ kind: 'postgres', url: PG_URL, schema }).schema]) await dropSchema(s);
  });

  it('runs each tick of an every-second schedule exactly once, none missed while both run', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip('PostgreSQL is not running on 127.0.0.1:5432');
    store = await openStore({ kind: 'postgres', url: PG_URL, schema });
    const { workspace } = await loadWorkspace(FIXTURE);
    await applyDefinitions(store, workspaceDefinitions(workspace!), 'seed', new Date());
    await sql`create table job_tick_hits (tick text not null, pid integer not null)`.execute(store.db);

    const [a, b] = await Promise.all([runScheduler(schema), runScheduler(schema)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);

    const hits = (await sql<{ tick: string; n: string; pids: string }>`select tick, count(*) as n, count(distinct pid) as pids from job_tick_hits group by tick order by tick`.execute(store.db)).rows;
    expect(hits.length).toBeGreaterThanOrEqual(5);
    // Exactly once: no tick was handed to a job twice, by the same process or by the other.
    expect(hits.filter((h) => Number(h.n) !== 1)).toEqual([]);
    // None missed: every second from when both ran to shortly before the first stopped.
    const from = Math.ceil((Math.max(a.started, b.started) + 1000) / 1000) * 1000;
    const to = Math.floor((Math.min(a.stopping, b.stopping) - 1500) / 1000) * 1000;
    const ticks = new Set(hits.map((h) => h.tick));
    const expected: string[] = [];
    for (let t = from; t <= to; t += 1000) expected.push(new Date(t).toISOString());
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(expected.filter((t) => !ticks.has(t))).toEqual([]);

    // The history shows each run once, succeeded at its first attempt.
    const runs = await store.db.selectFrom('job_runs').selectAll().where('kind', '=', 'tick-count').execute();
    expect(runs.length).toBe(hits.length);
    expect(new Set(runs.map((r) => r.scheduled_for)).size).toBe(runs.length);
    expect(runs.filter((r) => r.status !== 'succeeded' || Number(r.attempts) !== 1)).toEqual([]);
  });
});
