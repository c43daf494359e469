// `npm run bench:ingest [-- --duration 300 --connections 4 --batch 512]`
// Spans per second sustained through POST /v1/traces (protobuf, batches of 512, gzip, every
// span new) against the floor: gunzip + decode of the same bodies alone, in one process.
// The floor is measured before and after the run, the faster kept. Prints the ratio, the p99 answer latency, and the server's peak memory and its trend (the
// server runs in its own process, server.ts; resident memory sampled each second). The machine
// may be shared, so the ratio is also given per CPU second (server CPU time vs the floor's),
// which other processes on the machine do not move.
// The server's spans per CPU second in the first and last fifth of the run show whether it
// slows down as the store's tables grow.
// Targets (issue 15): >= 20,000 spans/s, >= 0.5x the floor, memory flat over 5 minutes.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { Pool } from 'undici';
import { attributeFilter } from '../../src/usage/content-filter.js';
import { decodeOtlpProtobuf } from '../../src/usage/otlp-decode.js';
import { makeTemplate, uniqueBody, type BodyTemplate } from './bodies.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '20' }, connections: { type: 'string', default: '4' }, batch: { type: 'string', default: '512' }, profile: { type: 'string' } } });
const durationS = Number(values.duration);
const connections = Number(values.connections);
const batch = Number(values.batch);
const templates: BodyTemplate[] = Array.from({ length: 8 }, (_, i) => makeTemplate(batch, Date.now(), i));
let counter = 1;
const nextBody = () => gzipSync(uniqueBody(templates[counter % templates.length]!, counter++));

/**
 * The bodies of the timed run, gzipped before it starts (so the client does no gzip on the
 * cores the server runs on), each still unique (its own counter in every trace id, so the
 * server's retry check never skips one). Written by two worker threads to files and read back
 * in order during the run: a 5-minute run needs more than a gigabyte of them. Enough for the
 * run at the decode floor's rate plus a quarter; should the server outrun that, the rest are
 * gzipped during the run and counted in the output.
 */
async function precompute(count: number): Promise<{ next(): Buffer; gzippedDuringRun(): number; dispose(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-ingest-bodies-'));
  const workerSource = `
    const { workerData, parentPort } = require('node:worker_threads');
    const { gzipSync } = require('node:zlib');
    const { openSync, writeSync, closeSync } = require('node:fs');
    const { templates, first, step, count, file } = workerData;
    const fd = openSync(file, 'w');
    const lengths = [];
    for (let c = first, i = 0; i < count; c += step, i++) {
      const t = templates[c % templates.length];
      const b = Buffer.from(t.bytes);
      for (const at of t.slots) b.writeUIntBE(c, at, 6);
      const z = gzipSync(b);
      writeSync(fd, z);
      lengths.push(z.length);
    }
    closeSync(fd);
    parentPort.postMessage(lengths);`;
  const first = counter;
  const parts = await Promise.all(
    [0, 1].map(
      (w) =>
        new Promise<{ file: string; lengths: number[] }>((resolve, reject) => {
          const file = path.join(dir, `bodies-${w}`);
          const worker = new Worker(workerSource, { eval: true, workerData: { templates: templates.map((t) => ({ bytes: t.bytes, slots: t.slots })), first: first + w, step: 2, count: Math.ceil((count - w) / 2), file } });
          worker.once('message', (lengths: number[]) => resolve({ file, lengths }));
          worker.once('error', reject);
        }),
    ),
  );
  counter = first + count;
  const files = parts.map((p) => ({ fd: openSync(p.file, 'r'), lengths: p.lengths, offset: 0, i: 0 }));
  let taken = 0;
  let extra = 0;
  return {
    next() {
      const f = files[taken++ % 2]!;
      if (f.i >= f.lengths.length) {
        extra++;
        return nextBody();
      }
      const b = Buffer.allocUnsafe(f.lengths[f.i]!);
      readSync(f.fd, b, 0, b.length, f.offset);
      f.offset += b.length;
      f.i++;
      return b;
    },
    gzippedDuringRun: () => extra,
    dispose() {
      for (const f of files) closeSync(f.fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function floor(): { spansPerSecond: number; spansPerCpuSecond: number; gzipMsPerBody: number } {
  const bodies = Array.from({ length: 100 }, nextBody);
  const keep = attributeFilter([{ match: { 'service.name': 'support-assistant' }, user_attribute: 'enduser.id', department_attribute: 'org.department' }]);
  let spans = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let rep = 0; rep < 3; rep++) for (const b of bodies) spans += decodeOtlpProtobuf(gunzipSync(b), keep).length;
  const decodeMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const g0 = performance.now();
  for (let i = 0; i < 50; i++) nextBody();
  return { spansPerSecond: (spans / decodeMs) * 1000, spansPerCpuSecond: spans / ((cpu.user + cpu.system) / 1e6), gzipMsPerBody: (performance.now() - g0) / 50 };
}

async function startServer(): Promise<{ port: number; token: string; rss: number[]; cpu: number[]; cpuAt: { t: number; cpuS: number }[]; stop(): void }> {
  const child = spawn(process.execPath, [...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : []), '--import', 'tsx', path.join(import.meta.dirname, 'server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rss: number[] = [];
  const cpu: number[] = [];
  const cpuAt: { t: number; cpuS: number }[] = [];
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = JSON.parse(line) as { port?: number; token?: string; rssMb?: number; cpuS?: number };
      if (m.rssMb !== undefined) {
        rss.push(m.rssMb);
        cpu.push(m.cpuS!);
        cpuAt.push({ t: performance.now(), cpuS: m.cpuS! });
      } else resolve({ port: m.port!, token: m.token!, rss, cpu, cpuAt, stop: () => child.kill('SIGTERM') });
    });
  });
}

async function load(port: number, token: string, bodies: { next(): Buffer }): Promise<{ spans: number; seconds: number; latencies: number[]; failures: number; start: number; end: number; answered: { t: number; spans: number }[] }> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections });
  const latencies: number[] = [];
  /** Spans counted so far, at each answer (for the server's rate over parts of the run). */
  const answered: { t: number; spans: number }[] = [];
  let spans = 0;
  let failures = 0;
  const start = performance.now();
  const end = start + durationS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const body = bodies.next();
      const t0 = performance.now();
      const r = await pool.request({ path: '/v1/traces', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body });
      await r.body.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (r.statusCode === 200) {
        spans += batch;
        answered.push({ t: performance.now(), spans });
      } else failures++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const finished = performance.now();
  const seconds = (finished - start) / 1000;
  await pool.close();
  return { spans, seconds, latencies, failures, start, end: finished, answered };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * The server's spans per CPU second between two of its once-a-second CPU samples: the first
 * and last samples inside [from, to], and the spans answered between their arrival times.
 * Whether the server slows down as its tables grow shows here, whatever else the machine runs.
 */
function spansPerCpuSecond(cpuAt: { t: number; cpuS: number }[], answered: { t: number; spans: number }[], from: number, to: number): number {
  const inside = cpuAt.filter((c) => c.t >= from && c.t <= to);
  if (inside.length < 2) return NaN;
  const a = inside[0]!;
  const b = inside.at(-1)!;
  const countAt = (t: number) => answered.filter((x) => x.t <= t).at(-1)?.spans ?? 0;
  return (countAt(b.t) - countAt(a.t)) / (b.cpuS - a.cpuS);
}
const f = floor();
const bodies = await precompute(Math.ceil((durationS * f.spansPerSecond * 1.25) / batch));
const server = await startServer();
try {
  await new Promise((r) => setTimeout(r, 1100)); // a CPU sample before the load
  const cpuBefore = server.cpu.at(-1) ?? 0;
  const run = await load(server.port, server.token, bodies);
  await new Promise((r) => setTimeout(r, 1100));
  const serverCpuS = (server.cpu.at(-1) ?? 0) - cpuBefore;
  // The floor again after the run; the faster of the two measurements is the one compared
  // against (the machine is shared: a floor measured while something else ran would flatter the ratio).
  const after = floor();
  f.spansPerSecond = Math.max(f.spansPerSecond, after.spansPerSecond);
  f.spansPerCpuSecond = Math.max(f.spansPerCpuSecond, after.spansPerCpuSecond);
  const rate = run.spans / run.seconds;
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const p99 = sorted[Math.floor(0.99 * (sorted.length - 1))] ?? NaN;
  const tenth = Math.max(1, Math.floor(server.rss.length / 10));
  const early = mean(server.rss.slice(tenth, 2 * tenth));
  const late = mean(server.rss.slice(-tenth));
  const fifth = (run.end - run.start) / 5;
  const firstFifth = spansPerCpuSecond(server.cpuAt, run.answered, run.start, run.start + fifth);
  const lastFifth = spansPerCpuSecond(server.cpuAt, run.answered, run.end - fifth, run.end);
  const out = {
    duration_s: Number(run.seconds.toFixed(1)),
    batch,
    connections,
    spans: run.spans,
    failed_requests: run.failures,
    spans_per_s: Math.round(rate),
    decode_floor_spans_per_s: Math.round(f.spansPerSecond),
    ratio_to_floor: Number((rate / f.spansPerSecond).toFixed(2)),
    server_spans_per_cpu_s: Math.round(run.spans / serverCpuS),
    decode_floor_spans_per_cpu_s: Math.round(f.spansPerCpuSecond),
    ratio_to_floor_per_cpu_s: Number((run.spans / serverCpuS / f.spansPerCpuSecond).toFixed(2)),
    p99_answer_ms: Number(p99.toFixed(1)),
    client_gzip_ms_per_body: Number(f.gzipMsPerBody.toFixed(2)),
    bodies_gzipped_during_run: bodies.gzippedDuringRun(),
    server_peak_rss_mb: Math.round(Math.max(...server.rss)),
    server_rss_mb_second_tenth_vs_last_tenth: [Math.round(early), Math.round(late)],
    server_spans_per_cpu_s_first_fifth_vs_last_fifth: [Math.round(firstFifth), Math.round(lastFifth)],
  };
  console.log(`ingest: ${out.spans_per_s} spans/s sustained for ${out.duration_s} s (${out.failed_requests} failed requests); decode floor ${out.decode_floor_spans_per_s} spans/s; ratio ${out.ratio_to_floor}x`);
  console.log(`per CPU second: server ${out.server_spans_per_cpu_s} spans (first fifth of the run ${out.server_spans_per_cpu_s_first_fifth_vs_last_fifth[0]}, last fifth ${out.server_spans_per_cpu_s_first_fifth_vs_last_fifth[1]}), decode floor ${out.decode_floor_spans_per_cpu_s} spans; ratio ${out.ratio_to_floor_per_cpu_s}x`);
  console.log(`p99 answer ${out.p99_answer_ms} ms; server peak RSS ${out.server_peak_rss_mb} MB (second tenth of the run ${out.server_rss_mb_second_tenth_vs_last_tenth[0]} MB, last tenth ${out.server_rss_mb_second_tenth_vs_last_tenth[1]} MB)`);
  console.log(JSON.stringify(out));
} finally {
  server.stop();
  bodies.dispose();
}
