// A team deployment on one machine, for tests and benchmarks: N `traction serve` replicas on their
// own ports over one PostgreSQL store, and HAProxy (deploy/haproxy.cfg) in front on a free port.
// Replicas can be killed (SIGKILL), stopped gracefully (SIGTERM: readiness fails, in-flight
// requests finish) and started again on their port; HAProxy's runtime API tells which replicas it
// sends to and how many requests it retried.
//
//   npx tsx scripts/cluster.ts [--replicas 3] [--workspace DIR] [--database-url URL]
//
// starts it all in the foreground (Ctrl-C stops everything). Without --database-url it uses a fresh
// schema in postgres://postgres@127.0.0.1:5432/test, dropped at the end; without --workspace a
// starter workspace made by `traction init`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HAPROXY_CONFIG = path.join(ROOT, 'deploy/haproxy.cfg');
export const HAPROXY = process.env.TRACTION_HAPROXY ?? '/usr/sbin/haproxy';

/** Whether HAProxy can run here (`haproxy -v` answers). */
export function haproxyAvailable(): boolean {
  const r = spawnSync(HAPROXY, ['-v'], { encoding: 'utf8' });
  return r.status === 0 && /HAProxy version/.test(r.stdout);
}

export interface ClusterOptions {
  replicas: number;
  /** The workspace folder every replica serves (its definitions already applied to the store). */
  workspace: string;
  /** The PostgreSQL store all replicas share (with ?schema= for a schema of its own). */
  databaseUrl: string;
  /** More environment for every replica (TRACTION_ADMIN_PASSWORD, TRACTION_SCHEDULER, ...). */
  env?: Record<string, string>;
  /** HAProxy's threads (default 1: it shares this machine's cores with everything else). */
  balancerThreads?: number;
  /**
   * Node.js arguments of another server to run in place of `traction serve` on `port` (benchmarks'
   * floors); it must print "running at http://127.0.0.1:PORT" on stderr and answer /api/ready.
   */
  server?: (port: number) => string[];
}

export interface Replica {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** What the replica printed on stderr since it last started. */
  stderr(): string;
}

export interface BalancerStats {
  /** Per replica: HAProxy's state (UP, DOWN, MAINT, "UP 1/2", ...). */
  status: Record<string, string>;
  /** Requests retried on a connection failure or an idempotent request's failed answer (backend `wretr`). */
  retried: number;
  /** Requests sent to another replica than the first one chosen (backend `wredis`). */
  redispatched: number;
  /** Answers 5xx the balancer gave to clients (frontend `hrsp_5xx`). */
  answered5xx: number;
}

export interface Cluster {
  /** The balancer's address: what clients use. */
  url: string;
  replicas: Replica[];
  /** The balancer's process id (for CPU time in benchmarks). */
  balancerPid: number;
  /** Sends a signal to a replica and waits for it to exit; answers its exit code. */
  signal(index: number, signal: NodeJS.Signals): Promise<number | null>;
  /** Starts a stopped replica again on its port; resolves once it listens. */
  start(index: number): Promise<Replica>;
  /** Waits until HAProxy's health checks show this replica UP (or, with `up` false, not UP). */
  waitBalanced(index: number, up?: boolean, timeoutMs?: number): Promise<void>;
  /** A rolling restart: each replica in turn gets SIGTERM, drains, starts again and is checked UP. */
  rollingRestart(): Promise<void>;
  stats(): Promise<BalancerStats>;
  /** Stops every replica (SIGTERM) and the balancer. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function serve(name: string, o: ClusterOptions, port: number): Promise<Replica> {
  const args = o.server ? o.server(port) : [path.join(ROOT, 'bin/traction.js'), '-w', o.workspace, 'serve', '--port', String(port)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, TRACTION_LOG_LEVEL: 'warn', TRACTION_TRUST_PROXY: '127.0.0.1', ...o.env, TRACTION_DATABASE_URL: o.databaseUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`replica ${name} did not start in 30 s:\n${stderr}`))), 30_000);
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`replica ${name} exited with ${code} before it listened:\n${stderr}`))));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:(\d+))/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ name, port: Number(m[2]), url: m[1]!, child, exited, stderr: () => stderr });
      }
    });
  });
}

/**
 * deploy/haproxy.cfg with its `server` lines (between the replicas markers) for these replicas,
 * and `threads` balancer threads. On one machine the balancer shares its cores with the
 * replicas, PostgreSQL and the client, and one thread spends less CPU per request there than one
 * per core contending (bench:cluster, docs/deploy.md); deploy/haproxy.cfg itself leaves the
 * count to HAProxy (one per core), for a balancer with cores of its own.
 */
export function balancerConfig(replicas: { name: string; port: number }[], threads = 1): string {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`balancer threads: expected a whole number 1-64, got ${threads}`);
  const text = readFileSync(HAPROXY_CONFIG, 'utf8').replace(/^global\n/m, `global\n    nbthread ${threads}\n`);
  if (!text.includes(`nbthread ${threads}`)) throw new Error(`${HAPROXY_CONFIG}: no "global" section`);
  const block = /( *)# replicas: begin\n[\s\S]*?# replicas: end\n/;
  const m = block.exec(text);
  if (!m) throw new Error(`${HAPROXY_CONFIG}: no "# replicas: begin" ... "# replicas: end" block`);
  const indent = m[1]!;
  const lines = replicas.map((r) => `${indent}server ${r.name} 127.0.0.1:${r.port}\n`).join('');
  return text.replace(block, `${indent}# replicas: begin\n${lines}${indent}# replicas: end\n`);
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent (fetch would decompress a gzipped answer). */
  body: Buffer;
}

/** A GET answered with the bytes as they came over the wire. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** One runtime-API command on HAProxy's stats socket; answers its output. */
function runtime(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const c = net.createConnection(socket, () => c.end(`${command}\n`));
    c.on('data', (d: Buffer) => (out += d.toString()));
    c.on('end', () => resolve(out));
    c.on('error', reject);
  });
}

function parseStats(csv: string): BalancerStats {
  const [header, ...rows] = csv.trim().split('\n');
  const cols = header!.replace(/^# /, '').split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  const stats: BalancerStats = { status: {}, retried: 0, redispatched: 0, answered5xx: 0 };
  for (const line of rows) {
    const row = line.split(',');
    const [px, sv] = [at(row, 'pxname'), at(row, 'svname')];
    if (px === 'traction' && sv === 'BACKEND') {
      stats.retried = Number(at(row, 'wretr'));
      stats.redispatched = Number(at(row, 'wredis'));
    } else if (px === 'traction') stats.status[sv] = at(row, 'status');
    else if (px === 'traction_http' && sv === 'FRONTEND') stats.answered5xx = Number(at(row, 'hrsp_5xx'));
  }
  return stats;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-cluster-'));
  const socket = path.join(dir, 'haproxy.sock');
  const replicas: Replica[] = [];
  let balancer: ChildProcess | undefined;
  const stopAll = async () => {
    await Promise.all(
      replicas.map(async (r) => {
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
        const timer = setTimeout(() => r.child.kill('SIGKILL'), 15_000);
        await r.exited;
        clearTimeout(timer);
      }),
    );
    if (balancer && balancer.exitCode === null && balancer.signalCode === null) {
      const gone = new Promise((r) => balancer!.once('exit', r));
      balancer.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The first replica alone: it creates the admin account the others then find.
    replicas.push(await serve('r1', o, 0));
    for (const r of await Promise.all(Array.from({ length: o.replicas - 1 }, (_, i) => serve(`r${i + 2}`, o, 0)))) replicas.push(r);
    const port = await freePort();
    const config = path.join(dir, 'haproxy.cfg');
    writeFileSync(config, balancerConfig(replicas, o.balancerThreads));
    let err = '';
    balancer = spawn(HAPROXY, ['-db', '-f', config], { env: { ...process.env, TRACTION_LB_BIND: `127.0.0.1:${port}`, TRACTION_LB_SOCKET: socket }, stdio: ['ignore', 'ignore', 'pipe'] });
    balancer.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const balancerExit = new Promise<number | null>((r) => balancer!.once('exit', r));
    const cluster: Cluster = {
      url: `http://127.0.0.1:${port}`,
      replicas,
      balancerPid: balancer.pid!,
      async signal(index, signal) {
        const r = replicas[index]!;
        r.child.kill(signal);
        return r.exited;
      },
      async start(index) {
        const old = replicas[index]!;
        replicas[index] = await serve(old.name, o, old.port);
        return replicas[index];
      },
      async waitBalanced(index, up = true, timeoutMs = 20_000) {
        const name = replicas[index]!.name;
        const until = Date.now() + timeoutMs;
        for (;;) {
          const status = (await cluster.stats()).status[name] ?? '';
          if ((status === 'UP') === up) return;
          if (Date.now() > until) throw new Error(`HAProxy shows replica ${name} as "${status}" after ${timeoutMs} ms (waiting for ${up ? 'UP' : 'not UP'})`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async rollingRestart() {
        for (let i = 0; i < replicas.length; i++) {
          const code = await cluster.signal(i, 'SIGTERM');
          if (code !== 0) throw new Error(`replica ${replicas[i]!.name} exited with ${code} on SIGTERM:\n${replicas[i]!.stderr()}`);
          await cluster.start(i);
          await cluster.waitBalanced(i);
        }
      },
      stats: async () => parseStats(await runtime(socket, 'show stat')),
      stop: stopAll,
    };
    // Ready when HAProxy answers on its socket and its checks show every replica UP.
    const until = Date.now() + 20_000;
    for (;;) {
      const exited = await Promise.race([balancerExit, new Promise((r) => setTimeout(() => r('running'), 100))]);
      if (exited !== 'running') throw new Error(`haproxy exited with ${String(exited)}:\n${err}`);
      const stats = await cluster.stats().catch(() => undefined);
      if (stats && replicas.every((r) => stats.status[r.name] === 'UP')) break;
      if (Date.now() > until) throw new Error(`HAProxy did not see every replica UP in 20 s: ${JSON.stringify(stats?.status)}\n${err}`);
    }
    return cluster;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ options: { replicas: { type: 'string', default: '3' }, workspace: { type: 'string' }, 'database-url': { type: 'string' } } });
  const replicas = Number(values.replicas);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) throw new Error(`--replicas: expected a whole number 1-16, got ${values.replicas}`);
  if (!haproxyAvailable()) throw new Error(`HAProxy is not installed (${HAPROXY}); on Debian: apt-get install haproxy`);
  const pg = (await import('pg')).default;
  const base = 'postgres://postgres@127.0.0.1:5432/test';
  const schema = values['database-url'] ? undefined : `cluster_${Date.now().toString(36)}`;
  const databaseUrl = values['database-url'] ?? `${base}?schema=${schema}`;
  let workspace = values.workspace;
  if (!workspace) {
    workspace = path.join(mkdtempSync(path.join(tmpdir(), 'traction-cluster-ws-')), 'ws');
    const init = spawnSync(process.execPath, [path.join(ROOT, 'bin/traction.js'), 'init', workspace], { stdio: 'inherit' });
    if (init.status !== 0) throw new Error('traction init failed');
  }
  const apply = spawnSync(process.execPath, [path.join(ROOT, 'bin/traction.js'), '-w', workspace, 'apply'], { stdio: 'inherit', env: { ...process.env, TRACTION_DATABASE_URL: databaseUrl } });
  if (apply.status !== 0) throw new Error('traction apply failed');
  const password = process.env.TRACTION_ADMIN_PASSWORD;
  const cluster = await startCluster({ replicas, workspace, databaseUrl, env: password ? { TRACTION_ADMIN_PASSWORD: password } : {} });
  console.error(`${replicas} replica(s): ${cluster.replicas.map((r) => r.url).join(', ')}`);
  console.error(`balancer: ${cluster.url} (store ${databaseUrl}); Ctrl-C stops everything`);
  if (!password) console.error(cluster.replicas[0]!.stderr().split('\n').find((l) => /admin account/.test(l)) ?? '');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await cluster.stop();
  if (schema) {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`drop schema if exists "${schema}_jobs" cascade`).catch(() => undefined);
    await client.end();
  }
  console.error('stopped');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
}
