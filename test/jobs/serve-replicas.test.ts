// Two real `traction serve` processes over one PostgreSQL store, as replicas behind a load
// balancer would run: a dataset scheduled every second has its readiness checks run once per
// tick across both (one stored readiness run per tick, none missed while both run), and each
// server stops gracefully on SIGTERM (exit 0) with its scheduler.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bossSchema } from '../../src/jobs/pgboss-queue.js';
import { openStore, type Store } from '../../src/store/store.js';
import { cli } from '../support/cli.js';
import { dropSchema, PG_URL, postgresAvailable, uniqueSchema } from '../support/databases.js';
import { expectEachTickOnce } from '../support/job-ticks.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/readiness-ws');

interface Replica {
  child: ChildProcess;
  started: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

function serve(ws: string, env: Record<string, string | undefined>): Promise<Replica> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'traction.js'), '-w', ws, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line in 30 s:\n${stderr}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/running at http/.test(stderr)) {
        clearTimeout(timer);
        resolve({ child, started: Date.now(), stderr: () => stderr, exited });
      }
    });
  });
}

describe('scheduled readiness checks across two traction serve processes', () => {
  const schema = uniqueSchema('replicas');
  let store: Store | undefined;

  afterAll(async () => {
    await store?.close();
    if (store) for (const s of [schema, bossSchema({ kind: 'postgres', url: PG_URL, schema }).schema]) await dropSchema(s);
  });

  it('runs each tick once and stops gracefully', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip('PostgreSQL is not running on 127.0.0.1:5432');
    const ws = path.join(mkdtempSync(path.join(tmpdir(), 'traction-replicas-')), 'ws');
    cpSync(FIXTURE, ws, { recursive: true });
    const dataset = path.join(ws, 'datasets/erp_orders.yaml');
    writeFileSync(dataset, readFileSync(dataset, 'utf8').replace('schedule: "0 6 * * *"', 'schedule: "* * * * * *"'));
    const url = `${PG_URL}?schema=${schema}`;
    const env = { ...process.env, TRACTION_DATABASE_URL: url, TRACTION_ADMIN_PASSWORD: 'replica-password-1', TRACTION_LOG_LEVEL: 'warn' };
    const applied = await cli(['apply', '-w', ws], { TRACTION_DATABASE_URL: url });
    expect(applied.code, applied.stderr).toBe(0);
    store = await openStore({ kind: 'postgres', url: PG_URL, schema });

    const replicas = await Promise.all([serve(ws, env), serve(ws, env)]);
    await new Promise((r) => setTimeout(r, 7000));
    const stopping = Date.now();
    for (const r of replicas) r.child.kill('SIGTERM');
    const codes = await Promise.all(replicas.map((r) => r.exited));
    expect(codes, replicas.map((r) => r.stderr()).join('\n')).toEqual([0, 0]);
    for (const r of replicas) expect(r.stderr()).toMatch(/stopped\n$/);

    await expectEachTickOnce(store, { lastStarted: Math.max(...replicas.map((r) => r.started)), stopping });
  });
});
