// `npm run bench:cluster`: the API benchmark's data (benchmarks/api-fixture.ts: 500 use cases,
// readiness runs, usage, pulse) in one PostgreSQL schema, served by `traction serve` replicas
// behind HAProxy (scripts/cluster.ts, deploy/haproxy.cfg) on this machine.
// 1. GET /api/portfolio (and the /api/health floor) through the balancer with 1 replica, then with
//    3, side by side, 50 connections (autocannon). On 2 cores the point is the overhead of more
//    processes, not a speed-up: the target is 3 replicas >= 0.9x the requests/s of one, p99 < 50 ms.
//    CPU time of the replicas and of HAProxy per request is printed beside: on a machine shared
//    with other work latency moves with the load, CPU per request much less.
// 2. A replica killed with SIGKILL under that load, then a rolling restart (SIGTERM, drain, start,
//    each replica in turn) under that load: requests sent, failed (non-2xx or connection errors
//    seen by the client) and retried (HAProxy's counter).
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { haproxyAvailable, startCluster, type Cluster } from '../../scripts/cluster.js';
import { openStore } from '../../src/store/store.js';
import { readToken, seed, serverCpuMs, USE_CASES } from '../api-fixture.js';

const PG = process.env.TRACTION_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TARGET_P99_MS = 50;
const ADMIN_PASSWORD = 'bench-admin-password';

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  sent: number;
  failed: number;
  /** The failures by kind: status codes other than 2xx, connection errors, timeouts. */
  why: string;
  cpuPerRequest: number;
}

/** Replicas' and the balancer's CPU time so far (ms). */
const clusterCpuMs = (c: Cluster) => [c.balancerPid, ...c.replicas.map((r) => r.child.pid!)].reduce((sum, pid) => sum + serverCpuMs(pid), 0);

function failures(r: autocannon.Result): string {
  const codes = Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2'));
  return [...codes.map(([code, v]) => `${v.count} x ${code}`), ...(r.errors ? [`${r.errors} errors`] : []), ...(r.timeouts ? [`${r.timeouts} timeouts`] : [])].join(', ');
}

async function measure(name: string, c: Cluster, url: string, headers: Record<string, string>, seconds = SECONDS, during?: () => Promise<void>): Promise<Measured> {
  const cpu0 = clusterCpuMs(c);
  let instance: autocannon.Instance | undefined;
  const run = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers }, (err, result) => (err ? reject(err) : resolve(result)));
  });
  if (during) {
    await during();
    instance!.stop();
  }
  const r = await run;
  // Replicas restarted during the run are new processes: their CPU time counts from their start.
  const cpuMs = clusterCpuMs(c) - cpu0;
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, sent: r.requests.sent, failed: r.non2xx + r.errors + r.timeouts, why: failures(r), cpuPerRequest: cpuMs / Math.max(r.requests.total, 1) };
}

async function withCluster<T>(replicas: number, workspace: string, databaseUrl: string, body: (c: Cluster, auth: Record<string, string>) => Promise<T>): Promise<T> {
  const c = await startCluster({ replicas, workspace, databaseUrl, env: { TRACTION_ADMIN_PASSWORD: ADMIN_PASSWORD, TRACTION_SCHEDULER: 'off' } });
  try {
    const auth = { authorization: `Bearer ${await readToken(c.url, ADMIN_PASSWORD)}` };
    // Each replica values the portfolio once and caches it: fill every cache before measuring.
    for (const r of c.replicas) {
      const answer = (await (await fetch(`${r.url}/api/portfolio`, { headers: auth })).json()) as { use_cases: unknown[] };
      if (answer.use_cases.length !== USE_CASES) throw new Error(`expected ${USE_CASES} ranked use cases from ${r.name}, got ${answer.use_cases.length}`);
    }
    return await body(c, auth);
  } finally {
    await c.stop();
  }
}

if (!haproxyAvailable()) throw new Error('HAProxy is not installed: apt-get install haproxy');
const schema = `bench_cluster_${Date.now().toString(36)}`;
const databaseUrl = `${PG}?schema=${schema}`;
const workspace = mkdtempSync(path.join(tmpdir(), 'traction-bench-cluster-'));
try {
  {
    const store = await openStore({ kind: 'postgres', url: PG, schema });
    await seed(store);
    await store.close();
  }
  const gzip = { 'accept-encoding': 'gzip' };
  const side: Record<number, { floor: Measured; portfolio: Measured }> = {};
  for (const n of [1, 3]) {
    side[n] = await withCluster(n, workspace, databaseUrl, async (c, auth) => {
      await measure('warm-up', c, `${c.url}/api/portfolio`, { ...auth, ...gzip }, 2);
      const floor = await measure('GET /api/health', c, `${c.url}/api/health`, {});
      const portfolio = await measure('GET /api/portfolio', c, `${c.url}/api/portfolio`, { ...auth, ...gzip });
      return { floor, portfolio };
    });
  }
  const faults = await withCluster(3, workspace, databaseUrl, async (c, auth) => {
    const url = `${c.url}/api/portfolio`;
    const headers = { ...auth, ...gzip };
    const s0 = await c.stats();
    const killed = await measure('SIGKILL of one replica', c, url, headers, 60, async () => {
      await new Promise((r) => setTimeout(r, 2000));
      await c.signal(1, 'SIGKILL');
      await c.waitBalanced(1, false);
      await new Promise((r) => setTimeout(r, 2000));
    });
    const s1 = await c.stats();
    await c.start(1);
    await c.waitBalanced(1);
    await fetch(`${c.replicas[1]!.url}/api/portfolio`, { headers: auth });
    const s2 = await c.stats();
    const rolling = await measure('rolling restart of 3', c, url, headers, 300, async () => {
      await new Promise((r) => setTimeout(r, 1000));
      await c.rollingRestart();
      await new Promise((r) => setTimeout(r, 1000));
    });
    const s3 = await c.stats();
    return [
      { ...killed, retried: s1.retried - s0.retried },
      { ...rolling, retried: s3.retried - s2.retried },
    ];
  });

  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, through HAProxy, PostgreSQL store, ${USE_CASES} use cases, load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end\n`);
  console.log('endpoint'.padEnd(22), 'replicas'.padStart(9), 'req/s'.padStart(8), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), 'CPU ms/req'.padStart(11), 'failed'.padStart(7));
  for (const key of ['floor', 'portfolio'] as const)
    for (const n of [1, 3]) {
      const m = side[n]![key];
      console.log(m.name.padEnd(22), String(n).padStart(9), m.rps.toFixed(0).padStart(8), String(m.p50).padStart(7), String(m.p99).padStart(7), m.cpuPerRequest.toFixed(3).padStart(11), String(m.failed).padStart(7), m.why);
    }
  const ratio = side[3]!.portfolio.rps / side[1]!.portfolio.rps;
  const p99 = side[3]!.portfolio.p99;
  console.log(`\n/api/portfolio: 3 replicas at ${ratio.toFixed(2)}x the requests/s of one (target >= 0.9: ${ratio >= 0.9 ? 'met' : 'MISSED'}); p99 ${p99} ms with 3 replicas, ${side[1]!.portfolio.p99} ms with one (target < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'})`);
  console.log(`CPU per request (replicas + HAProxy), 3 vs 1: ${(side[3]!.portfolio.cpuPerRequest / side[1]!.portfolio.cpuPerRequest).toFixed(2)}x\n`);
  console.log('fault (GET /api/portfolio, 3 replicas)'.padEnd(40), 'sent'.padStart(8), 'failed'.padStart(7), 'retried'.padStart(8), 'p99 ms'.padStart(7));
  for (const f of faults) console.log(f.name.padEnd(40), String(f.sent).padStart(8), String(f.failed).padStart(7), String(f.retried).padStart(8), String(f.p99).padStart(7), f.why);
  const failed = faults.reduce((n, f) => n + f.failed, 0);
  process.exitCode = ratio >= 0.9 && p99 < TARGET_P99_MS && failed === 0 ? 0 : 1;
} finally {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.query(`drop schema if exists "${schema}_jobs" cascade`);
  await client.end();
}
