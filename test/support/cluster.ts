// A cluster for tests: a fresh PostgreSQL schema, the readiness fixture workspace applied to it,
// N replicas behind HAProxy (scripts/cluster.ts), a steady load of GETs through the balancer.
// Without HAProxy the tests skip with a reason; under CI=true a missing HAProxy is a failure.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { haproxyAvailable, startCluster, type Cluster } from '../../scripts/cluster.js';
import { cli } from './cli.js';
import { dropSchema, IN_CI, PG_URL, postgresAvailable, uniqueSchema } from './databases.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_PASSWORD = 'cluster-admin-password-1';

/** Why cluster tests cannot run here, or undefined when they can (throws under CI). */
export async function clusterUnavailable(): Promise<string | undefined> {
  if (!(await postgresAvailable())) return 'PostgreSQL is not running on 127.0.0.1:5432';
  if (haproxyAvailable()) return undefined;
  if (IN_CI) throw new Error('HAProxy is required under CI (apt-get install haproxy; .ci/run installs it)');
  return 'HAProxy is not installed (apt-get install haproxy)';
}

export interface TestCluster extends Cluster {
  workspace: string;
  schema: string;
  dispose(): Promise<void>;
}

export async function testCluster(replicas: number, env: Record<string, string> = {}, prepare?: (workspace: string) => void): Promise<TestCluster> {
  const schema = uniqueSchema('cluster');
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'traction-cluster-')), 'ws');
  cpSync(path.join(ROOT, 'test/fixtures/readiness-ws'), workspace, { recursive: true });
  prepare?.(workspace);
  const databaseUrl = `${PG_URL}?schema=${schema}`;
  const applied = await cli(['apply', '-w', workspace], { TRACTION_DATABASE_URL: databaseUrl });
  if (applied.code !== 0) throw new Error(`apply failed: ${applied.stderr}`);
  let cluster: Cluster;
  try {
    cluster = await startCluster({ replicas, workspace, databaseUrl, env: { TRACTION_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env } });
  } catch (e) {
    await Promise.all([dropSchema(schema), dropSchema(`${schema}_jobs`)]);
    throw e;
  }
  return Object.assign(cluster, {
    workspace,
    schema,
    async dispose() {
      await cluster.stop();
      await Promise.all([dropSchema(schema), dropSchema(`${schema}_jobs`)]);
    },
  });
}

/** Logs in (at `url`: a replica or the balancer); answers the session cookie and CSRF token. */
export async function login(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<{ status: number; cookie: string; csrf: string; body: unknown }> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await r.json()) as { csrf_token?: string };
  return { status: r.status, cookie: r.headers.get('set-cookie')?.split(';')[0] ?? '', csrf: body.csrf_token ?? '', body };
}

/** A read-only API token made through `url`. */
export async function readToken(url: string): Promise<string> {
  const s = await login(url);
  const r = await fetch(`${url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ name: 'cluster-load', scope: 'read' }) });
  if (r.status !== 201 && r.status !== 200) throw new Error(`token: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export interface LoadResult {
  sent: number;
  failed: number;
  /** The first few failures: status or error, and when (ms from the start). */
  failures: string[];
}

/**
 * `connections` clients each sending GET `paths` in turn through the balancer, one request at a
 * time, until `stop` is called; every answer but 200 is a failure.
 */
export function steadyLoad(url: string, headers: Record<string, string>, paths: string[], connections = 8): { stop(): Promise<LoadResult> } {
  let running = true;
  const result: LoadResult = { sent: 0, failed: 0, failures: [] };
  const t0 = Date.now();
  const worker = async (w: number) => {
    for (let i = w; running; i++) {
      const p = paths[i % paths.length]!;
      result.sent++;
      try {
        const r = await fetch(`${url}${p}`, { headers });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${r.status}`);
      } catch (e) {
        result.failed++;
        if (result.failures.length < 10) result.failures.push(`${p} ${(e as Error).message} at ${Date.now() - t0} ms`);
      }
    }
  };
  const workers = Array.from({ length: connections }, (_, w) => worker(w));
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return result;
    },
  };
}
