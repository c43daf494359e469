// `traction serve` on a PostgreSQL store that goes away and comes back. The store is reached
// through a TCP proxy this test controls, so it can take the database away from the server
// (every connection reset, new ones refused) and give it back. The server must stay alive
// throughout: liveness answers, readiness and store-backed requests answer 503 with
// Retry-After while the store is gone, and everything answers again once it is back,
// without a restart. Both an idle pool and requests in flight when the cut comes are tried.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { dropSchema, PG_URL, postgresAvailable, uniqueSchema } from '../support/databases.js';
import { seedWorkspace } from '../support/server-app.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'outage-test-password';

/** Polls `probe` until it returns true, for at most `ms`. */
async function eventually(what: string, probe: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a server whose PostgreSQL store goes away', () => {
  let available = false;
  let schema = '';
  let proxy: TcpProxy;
  let child: ChildProcessByStdio<null, Readable, Readable>;
  let exitCode: number | null | undefined; // undefined while the process runs
  let stdout = '';
  let stderr = '';
  let url = '';
  let cookie = '';
  let csrf = '';

  const get = (p: string, headers: Record<string, string> = { cookie }) => fetch(`${url}${p}`, { headers });
  const logMessages = () => stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg);

  /** Holds `table` inside PostgreSQL (not through the proxy) until `release`, so that store queries on it wait. */
  async function holdTable(table: string): Promise<{ waiting(n: number): Promise<void>; release(): Promise<void> }> {
    const holder = new pg.Client({ connectionString: PG_URL });
    await holder.connect();
    await holder.query('begin');
    await holder.query(`lock table "${schema}".${table} in access exclusive mode`);
    const count = async () =>
      Number((await holder.query<{ n: string }>(`select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation where c.relname = $1 and c.relnamespace = $2::regnamespace and not l.granted`, [table, schema])).rows[0]?.n);
    return {
      waiting: (n) => eventually(`${n} store queries waiting on ${table}`, async () => (await count()) >= n),
      release: async () => {
        await holder.query('rollback').catch(() => undefined);
        await holder.end();
      },
    };
  }

  async function expectStoreUnavailable(res: Response): Promise<void> {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
  }

  beforeAll(async () => {
    available = await postgresAvailable();
    if (!available) return;
    schema = uniqueSchema('outage');
    const seeding = await openStore({ kind: 'postgres', url: PG_URL, schema });
    await seedWorkspace(seeding);
    await seeding.close();

    const target = new URL(PG_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(PG_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('schema', schema);
    const ws = mkdtempSync(path.join(tmpdir(), 'traction-outage-'));
    const env = { ...process.env, TRACTION_DATABASE_URL: viaProxy.toString(), TRACTION_ADMIN_PASSWORD: PASSWORD };
    child = spawn(process.execPath, [path.join(ROOT, 'bin', 'traction.js'), '-w', ws, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('exit', (code) => (exitCode = code));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await eventually('the start line', () => /running at http:\/\/127\.0\.0\.1:\d+/.test(stderr) || exitCode !== undefined, 30_000);
    url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1] ?? '';
    expect(url, stderr).not.toBe('');

    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  });

  afterAll(async () => {
    if (!available) return;
    if (exitCode === undefined) child.kill('SIGKILL');
    await proxy.close();
    await dropSchema(schema);
  });

  it('turns unready and answers 503 with Retry-After when the store drops while idle, and recovers by itself', async ({ skip }) => {
    if (!available) skip('PostgreSQL is not available here');
    expect((await get('/api/use-cases')).status).toBe(200);
    expect(proxy.open).toBeGreaterThan(0); // the pool holds idle connections through the proxy

    proxy.cut();
    // The pool's idle clients see their sockets reset: the 'error' event that used to kill the process.
    await eventually('the lost-connection log line', () => logMessages().includes('store connection lost; the next request connects anew') || exitCode !== undefined);
    expect(exitCode).toBeUndefined();
    expect((await get('/api/health')).status).toBe(200);
    await expectStoreUnavailable(await get('/api/ready'));
    await expectStoreUnavailable(await get('/api/use-cases'));
    await expectStoreUnavailable(await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) }));

    proxy.restore();
    await eventually('/api/ready to answer 200 again', async () => (await get('/api/ready')).status === 200);
    const res = await get('/api/use-cases');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: { id: string }[] }).items.map((u) => u.id).sort()).toEqual(['churn-alerts', 'invoice-matching']);
    expect(exitCode).toBeUndefined();
  });

  it('answers 503 to requests in flight when the connection is cut, and keeps running', async ({ skip }) => {
    if (!available) skip('PostgreSQL is not available here');
    // Hold the store's revision row so that the request lookup waits inside PostgreSQL: the
    // requests are then certainly in flight, on an open store connection, at the cut. Every
    // lookup reads that row (a kept session with it), and requests at the same time share one
    // (src/server/request-lookups.ts), so one query waits for all three.
    const held = await holdTable('store_revision');
    try {
      const inFlight = [1, 2, 3].map(() => get('/api/use-cases'));
      await held.waiting(1);
      proxy.cut();
      for (const res of await Promise.all(inFlight)) await expectStoreUnavailable(res);
      expect(exitCode).toBeUndefined();
      expect((await get('/api/health')).status).toBe(200);
    } finally {
      await held.release();
    }

    proxy.restore();
    await eventually('/api/ready to answer 200 again', async () => (await get('/api/ready')).status === 200);
    expect((await get('/api/use-cases')).status).toBe(200);
    expect(exitCode).toBeUndefined();
  });

  it('leaves nothing half-written when the connection is cut inside a write transaction', async ({ skip }) => {
    if (!available) skip('PostgreSQL is not available here');
    // Archiving updates the definition, then appends its version and an audit entry: with the
    // audit log held, the cut comes after the first write of the transaction and before its commit.
    const held = await holdTable('audit_log');
    try {
      const archive = fetch(`${url}/api/use-cases/churn-alerts/archive`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
      await held.waiting(1);
      proxy.cut();
      await expectStoreUnavailable(await archive);
    } finally {
      await held.release();
    }
    proxy.restore();
    await eventually('/api/ready to answer 200 again', async () => (await get('/api/ready')).status === 200);
    const one = (await (await get('/api/use-cases/churn-alerts')).json()) as { archived_at: string | null; version: number };
    expect(one).toMatchObject({ archived_at: null, version: 1 });
    expect(exitCode).toBeUndefined();
  });

  it('still stops cleanly afterwards, with no crash or stack trace on the way', async ({ skip }) => {
    if (!available) skip('PostgreSQL is not available here');
    expect(exitCode).toBeUndefined();
    const exited = new Promise<number | null>((resolve) => (exitCode !== undefined ? resolve(exitCode) : child.on('exit', resolve)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at |Unhandled|uncaught/i);
    expect(logMessages()).toContain('store unavailable');
  });
});
