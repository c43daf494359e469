// `npm run bench:cluster`: the API benchmark's data (benchmarks/api-fixture.ts: 500 use cases,
// readiness runs, usage, pulse) in one PostgreSQL schema, served by `traction serve` replicas
// behind HAProxy (scripts/cluster.ts, deploy/haproxy.cfg) on this machine.
// 1. GET /api/portfolio (and the /api/health floor) through the balancer with 1 replica and with
//    3, side by side, 50 connections (autocannon): both clusters up at once, measured in turn for
//    BENCH_ROUNDS rounds, the median round reported. On 2 cores the point is the overhead of more
//    processes, not a speed-up: the target is 3 replicas >= 0.9x the requests/s of one, p99 < 50 ms.
//    CPU time per request is printed beside, split three ways: the replicas and HAProxy, the
//    PostgreSQL backends serving the replicas (found by their application_name), and the load
//    generator (this process) that shares the same cores. "steal" is the share of the machine's
//    CPU time a virtual machine's host gave to others during the run: when it is high, req/s drop
//    for reasons outside the cluster. On a machine shared with other work
//    latency moves with the load, CPU per request much less. A last row per cluster size: the
//    portfolio revalidated with If-None-Match, as a browser asks for it again (304, no body).
//    A second floor, the same bytes: a bare Node.js server (same-bytes-server.mjs: node:http, no
//    framework, store or auth) answering with the portfolio's own gzipped bytes and headers, 1 and
//    3 of them behind the same balancer, measured in the same rounds. /api/health's floor answers
//    a few bytes; this one shows what 3 processes cost on these cores for an answer of the
//    portfolio's size before Traction does anything, and the portfolio's ratio beside it is what
//    Traction adds.
// 2. A replica killed with SIGKILL under that load, then a rolling restart (SIGTERM, drain, start,
//    each replica in turn) under that load: requests sent, failed (non-2xx or connection errors
//    seen by the client) and retried (HAProxy's counter). BENCH_FAULTS=0 leaves this part out.
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { haproxyAvailable, rawGet, startCluster, type Cluster, type RawAnswer } from '../../scripts/cluster.js';
import { openStore } from '../../src/store/store.js';
import { readToken, seed, serverCpuMs, USE_CASES } from '../api-fixture.js';

const PG = process.env.TRACTION_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Measurements of each size, alternating 1 and 3 replicas; the median is reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS: expected a whole number >= 1, got ${process.env.BENCH_ROUNDS}`);
if (!(SECONDS >= 1)) throw new Error(`BENCH_SECONDS: expected a number of seconds >= 1, got ${process.env.BENCH_SECONDS}`);
/** BENCH_FAULTS=0 measures the side-by-side rows only (no kill, no rolling restart). */
const FAULTS = process.env.BENCH_FAULTS !== '0';
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
  /** CPU time of the PostgreSQL backends of the replicas, per request (ms). */
  pgPerRequest: number;
  /** CPU time of the load generator (this process), per request (ms). */
  clientPerRequest: number;
  /** Share of the machine's CPU time the hypervisor gave to others during the run (Linux /proc/stat "steal"). */
  steal: number;
}

/** The machine's CPU time so far, all states and steal (clock ticks, /proc/stat), or zeros off Linux. */
function machineTicks(): { total: number; steal: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return { total: 0, steal: 0 };
  }
}

/** Replicas' and the balancer's CPU time so far (ms). */
const clusterCpuMs = (c: Cluster) => [c.balancerPid, ...c.replicas.map((r) => r.child.pid!)].reduce((sum, pid) => sum + serverCpuMs(pid), 0);

/** The replicas connect under this application_name, so their PostgreSQL backends can be found. */
const APPLICATION_NAME = `traction_bench_cluster_${process.pid}`;
let monitor: pg.Client | undefined;
/** CPU time so far (ms) of each PostgreSQL backend serving the replicas (same machine: /proc). */
async function backendCpuMs(): Promise<Map<number, number>> {
  const rows = (await monitor!.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [APPLICATION_NAME])).rows;
  return new Map(rows.map((r) => [r.pid, serverCpuMs(r.pid)]));
}
/** Backends' CPU time since `before`; a backend that has gone counts what it had used by `before` only. */
async function backendCpuSince(before: Map<number, number>): Promise<number> {
  let ms = 0;
  for (const [pid, cpu] of await backendCpuMs()) if (Number.isFinite(cpu)) ms += cpu - (before.get(pid) ?? 0);
  return ms;
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function failures(r: autocannon.Result): string {
  const codes = Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2'));
  return [...codes.filter(([code]) => code !== '304').map(([code, v]) => `${v.count} x ${code}`), ...(r.errors ? [`${r.errors} errors`] : []), ...(r.timeouts ? [`${r.timeouts} timeouts`] : [])].join(', ');
}

async function measure(name: string, c: Cluster, url: string, headers: Record<string, string>, seconds = SECONDS, during?: () => Promise<void>): Promise<Measured> {
  const cpu0 = clusterCpuMs(c);
  const pg0 = await backendCpuMs();
  const own0 = ownCpuMs();
  const ticks0 = machineTicks();
  let instance: autocannon.Instance | undefined;
  const run = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers }, (err, result) => (err ? reject(err) : resolve(result)));
  });
  if (during) {
    await during();
    instance!.stop();
  }
  const r = await run;
  const ownMs = ownCpuMs() - own0;
  const ticks = machineTicks();
  const steal = (ticks.steal - ticks0.steal) / Math.max(ticks.total - ticks0.total, 1);
  // Replicas restarted during the run are new processes: their CPU time counts from their start.
  const cpuMs = clusterCpuMs(c) - cpu0;
  const pgMs = await backendCpuSince(pg0);
  const n = Math.max(r.requests.total, 1);
  // A 304 is no failure: it is the answer to If-None-Match.
  const failed = r.non2xx - ((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.['304']?.count ?? 0) + r.errors + r.timeouts;
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, sent: r.requests.sent, failed, why: failures(r), cpuPerRequest: cpuMs / n, pgPerRequest: pgMs / n, clientPerRequest: ownMs / n, steal };
}

const SAME_BYTES_SERVER = fileURLToPath(new URL('same-bytes-server.mjs', import.meta.url));
/** The answer's headers the same-bytes servers repeat (the rest, date and request id, differ per request anyway). */
const REPEATED_HEADERS = ['content-type', 'content-encoding', 'etag', 'vary', 'cache-control'];

/** The arguments of a same-bytes server answering with the bytes and headers of `answer` (written once to the workspace). */
function sameBytesServer(answer: RawAnswer): (port: number) => string[] {
  const file = path.join(workspace, 'same-bytes.body');
  writeFileSync(file, answer.body);
  const headers = JSON.stringify(Object.fromEntries(REPEATED_HEADERS.flatMap((h) => (answer.headers[h] !== undefined ? [[h, answer.headers[h]]] : []))));
  return (port) => [SAME_BYTES_SERVER, '--port', String(port), '--body', file, '--headers', headers];
}

/** `n` same-bytes servers behind the balancer. */
async function withSameBytes<T>(n: number, server: (port: number) => string[], body: (c: Cluster) => Promise<T>): Promise<T> {
  const c = await startCluster({ replicas: n, workspace, databaseUrl, server });
  try {
    return await body(c);
  } finally {
    await c.stop();
  }
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
const databaseUrl = `${PG}?schema=${schema}&application_name=${APPLICATION_NAME}`;
const workspace = mkdtempSync(path.join(tmpdir(), 'traction-bench-cluster-'));
try {
  {
    const store = await openStore({ kind: 'postgres', url: PG, schema });
    await seed(store);
    await store.close();
  }
  monitor = new pg.Client({ connectionString: PG });
  await monitor.connect();
  const gzip = { 'accept-encoding': 'gzip' };
  type Row = { floor: Measured; portfolio: Measured; revalidated: Measured; sameBytes: Measured };
  const rounds: Record<number, Row[]> = { 1: [], 3: [] };
  let answerBytes = 0;
  // Both clusters up at once (the one not measured idles), measured in turn, ROUNDS times: the
  // load of other work on a shared machine drifts, and alternating spreads it over both sizes.
  await withCluster(1, workspace, databaseUrl, (one, authOne) =>
    withCluster(3, workspace, databaseUrl, async (three, authThree) => {
      const answer = await rawGet(`${three.url}/api/portfolio`, { ...authThree, ...gzip });
      if (answer.status !== 200 || answer.headers['content-encoding'] !== 'gzip') throw new Error(`GET /api/portfolio answered ${answer.status} (${answer.headers['content-encoding'] ?? 'not gzipped'}), expected 200 gzipped`);
      answerBytes = answer.body.length;
      const server = sameBytesServer(answer);
      await withSameBytes(1, server, (bareOne) =>
        withSameBytes(3, server, async (bareThree) => {
          const sizes = [{ n: 1, c: one, auth: authOne, bare: bareOne }, { n: 3, c: three, auth: authThree, bare: bareThree }];
          for (const { c, auth, bare } of sizes) {
            await measure('warm-up', c, `${c.url}/api/portfolio`, { ...auth, ...gzip }, 2);
            await measure('warm-up', bare, `${bare.url}/api/portfolio`, gzip, 2);
          }
          for (let round = 0; round < ROUNDS; round++)
            for (const { n, c, auth, bare } of sizes) {
              const floor = await measure('GET /api/health', c, `${c.url}/api/health`, {});
              const portfolio = await measure('GET /api/portfolio', c, `${c.url}/api/portfolio`, { ...auth, ...gzip });
              const etag = (await fetch(`${c.url}/api/portfolio`, { headers: { ...auth, ...gzip } })).headers.get('etag');
              if (!etag) throw new Error('GET /api/portfolio answered without an ETag');
              const revalidated = await measure('  same, If-None-Match', c, `${c.url}/api/portfolio`, { ...auth, ...gzip, 'if-none-match': etag });
              const sameBytes = await measure('same bytes, bare Node', bare, `${bare.url}/api/portfolio`, gzip);
              rounds[n]!.push({ floor, portfolio, revalidated, sameBytes });
            }
        }),
      );
    }),
  );
  /** Per size and endpoint, the round with the median requests/s. */
  const median = (n: number, key: keyof Row): Measured => {
    const sorted = rounds[n]!.map((r) => r[key]).sort((a, b) => a.rps - b.rps);
    return sorted[Math.floor((sorted.length - 1) / 2)]!;
  };
  const side: Record<number, Row> = Object.fromEntries([1, 3].map((n) => [n, { floor: median(n, 'floor'), portfolio: median(n, 'portfolio'), revalidated: median(n, 'revalidated'), sameBytes: median(n, 'sameBytes') }]));
  const faults = !FAULTS ? [] : await withCluster(3, workspace, databaseUrl, async (c, auth) => {
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

  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, ${ROUNDS} rounds alternating 1 and 3 replicas (each row: the round with the median req/s; every round below), through HAProxy, PostgreSQL store, ${USE_CASES} use cases, load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end\n`);
  console.log(''.padEnd(57), 'CPU ms per request');
  console.log('endpoint'.padEnd(22), 'replicas'.padStart(9), 'req/s'.padStart(8), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), 'serve+LB'.padStart(9), 'PG'.padStart(6), 'client'.padStart(7), 'steal'.padStart(6), 'failed'.padStart(7));
  for (const key of ['floor', 'portfolio', 'revalidated', 'sameBytes'] as const)
    for (const n of [1, 3]) {
      const m = side[n]![key];
      console.log(m.name.padEnd(22), String(n).padStart(9), m.rps.toFixed(0).padStart(8), String(m.p50).padStart(7), String(m.p99).padStart(7), m.cpuPerRequest.toFixed(3).padStart(9), m.pgPerRequest.toFixed(3).padStart(6), m.clientPerRequest.toFixed(3).padStart(7), `${(m.steal * 100).toFixed(0)}%`.padStart(6), String(m.failed).padStart(7), m.why);
    }
  const ratio = side[3]!.portfolio.rps / side[1]!.portfolio.rps;
  const p99 = side[3]!.portfolio.p99;
  console.log(`\n/api/portfolio: 3 replicas at ${ratio.toFixed(3)}x the requests/s of one (target >= 0.9: ${ratio >= 0.9 ? 'met' : 'MISSED'}); p99 ${p99} ms with 3 replicas, ${side[1]!.portfolio.p99} ms with one (target < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'})`);
  // Each round measured 1 then 3 replicas one after the other: their ratio, round by round, cancels more of the drift.
  const pairedMedian: Partial<Record<keyof Row, number>> = {};
  for (const key of ['portfolio', 'floor', 'sameBytes'] as const) {
    const paired = rounds[3]!.map((r, i) => r[key].rps / rounds[1]![i]![key].rps).sort((a, b) => a - b);
    pairedMedian[key] = paired[Math.floor((paired.length - 1) / 2)]!;
    console.log(`${side[1]![key].name}, 3 vs 1 replicas round by round: ${paired.map((x) => `${x.toFixed(2)}x`).join(', ')} (median ${pairedMedian[key]!.toFixed(2)}x)`);
  }
  // The floor's own ratio bounds the portfolio's: what three processes on these cores cost before any store work.
  console.log(`the floor (/api/health, no store, no auth): 3 replicas at ${(side[3]!.floor.rps / side[1]!.floor.rps).toFixed(2)}x the requests/s of one, p99 ${side[3]!.floor.p99} ms with 3`);
  // The same bytes from a bare server: what 3 processes cost for an answer this size on these cores, with no Traction code at all.
  const bareRatio = pairedMedian.sameBytes!;
  console.log(`the same-bytes floor (bare Node.js servers answering the portfolio's ${answerBytes} gzipped bytes, same balancer): 3 at ${bareRatio.toFixed(2)}x of one (median of the rounds)`);
  console.log(`/api/portfolio's 3-vs-1 ratio relative to the same-bytes floor's: ${(pairedMedian.portfolio! / bareRatio).toFixed(2)} (1.00: Traction adds nothing to what more processes cost the platform)`);
  console.log(`CPU per request (replicas + HAProxy), 3 vs 1: ${(side[3]!.portfolio.cpuPerRequest / side[1]!.portfolio.cpuPerRequest).toFixed(2)}x (the floor: ${(side[3]!.floor.cpuPerRequest / side[1]!.floor.cpuPerRequest).toFixed(2)}x, the same bytes: ${(side[3]!.sameBytes.cpuPerRequest / side[1]!.sameBytes.cpuPerRequest).toFixed(2)}x)\n`);
  for (const key of ['floor', 'portfolio', 'sameBytes'] as const)
    for (const n of [1, 3]) console.log(`every round, ${side[n]![key].name}, ${n} replica(s): ${rounds[n]!.map((r) => `${r[key].rps.toFixed(0)} req/s p99 ${r[key].p99} ms steal ${(r[key].steal * 100).toFixed(0)}%`).join('; ')}`);
  console.log('');
  console.log('fault (GET /api/portfolio, 3 replicas)'.padEnd(40), 'sent'.padStart(8), 'failed'.padStart(7), 'retried'.padStart(8), 'p99 ms'.padStart(7));
  for (const f of faults) console.log(f.name.padEnd(40), String(f.sent).padStart(8), String(f.failed).padStart(7), String(f.retried).padStart(8), String(f.p99).padStart(7), f.why);
  const failed = faults.reduce((n, f) => n + f.failed, 0);
  process.exitCode = ratio >= 0.9 && p99 < TARGET_P99_MS && failed === 0 ? 0 : 1;
} finally {
  await monitor?.end();
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.query(`drop schema if exists "${schema}_jobs" cascade`);
  await client.end();
}
