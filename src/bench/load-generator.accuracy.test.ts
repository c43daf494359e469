// Accuracy: against the mock with a known latency distribution the reported percentiles
// are within 5% of the truth (the distribution's exact quantiles), in closed and open loop;
// with the mock stalling for 1 s every 100 requests the open loop shows the stall while the
// closed loop hides it behind its own back-pressure (coordinated omission).
import { afterEach, describe, expect, it } from 'vitest';
import { benchConfig, benchDeps } from '../../test/support/bench.js';
import { runBench } from './bench-run.js';
import { latencyDistribution } from './latency-distribution.js';
import { startMockServer, type MockServer } from './mock-server.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

// Latencies long next to the scheduling jitter of a busy 2-core machine (5% of 500 ms is
// 25 ms), a tail short enough that 1,200 draws pin p99 down (the seeded draws' own p99 is
// checked against the truth too, so a sampling fluke would show as such).
const LATENCY = { distribution: 'lognormal' as const, p50Ms: 500, p99Ms: 800 };
const truth = latencyDistribution(LATENCY.distribution, LATENCY.p50Ms, LATENCY.p99Ms);

function empirical(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1] as number;
}

// Wall-clock measurements on a machine shared with other work: a retry absorbs a moment
// when another process held both cores; a wrong measurement fails every attempt.
describe('latency accuracy against a known distribution', { retry: 2 }, () => {
  it('closed loop: e2e p50/p95/p99 within 5% of the truth', async () => {
    mock = await startMockServer({ latency: LATENCY, tokensPerSecond: 0, seed: 7 });
    const r = await runBench(benchConfig(mock.url, { plan: { kind: 'closed', concurrency: 200 }, requests: 1200 }), benchDeps());
    const s = r.steps[0];
    expect(s?.requests.ok).toBe(1200);
    const e2e = s?.latency_ms.e2e;
    const drawn = mock.stats().drawnLatenciesMs;
    for (const [p, key] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']] as const) {
      expect(Math.abs(empirical(drawn, p) / truth.quantile(p) - 1), `${key}: the mock's draws vs truth`).toBeLessThan(0.03);
      expect(Math.abs((e2e?.[key] ?? 0) / truth.quantile(p) - 1), `${key} vs truth`).toBeLessThan(0.05);
    }
  });

  it('open loop (Poisson, streaming): TTFT and e2e p50/p95/p99 within 5% of the truth', async () => {
    mock = await startMockServer({ latency: LATENCY, tokensPerSecond: 0, seed: 8 });
    const r = await runBench(benchConfig(mock.url, { plan: { kind: 'open', rate: 400, arrivals: 'poisson' }, requests: 1200, stream: true }), benchDeps());
    const s = r.steps[0];
    expect(s?.requests.ok).toBe(1200);
    for (const metric of ['ttft', 'e2e'] as const) {
      const m = s?.latency_ms[metric];
      for (const [p, key] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']] as const)
        expect(Math.abs((m?.[key] ?? 0) / truth.quantile(p) - 1), `${metric} ${key}`).toBeLessThan(0.05);
    }
    // The generator kept its schedule: dispatch delay is small next to the latencies measured.
    expect(s?.latency_ms.dispatch_delay?.p95).toBeLessThan(25);
    // Poisson arrivals at 400/s: 1,200 requests take about 3 s to issue, plus ~0.5 s of drain.
    expect(s?.throughput.offered_rps).toBeGreaterThan(250);
  });
});

describe('a server that stalls for 1 s every 100 requests', { retry: 2 }, () => {
  const STALL = { latency: { distribution: 'constant' as const, p50Ms: 10 }, tokensPerSecond: 0, stallEvery: 100, stallMs: 1000 };

  it('open loop: the percentiles show the stall', async () => {
    mock = await startMockServer(STALL);
    const r = await runBench(benchConfig(mock.url, { plan: { kind: 'open', rate: 100, arrivals: 'constant' }, requests: 150 }), benchDeps());
    const e2e = r.steps[0]?.latency_ms.e2e;
    expect(mock.stats().stalls).toBe(1);
    // Request 100 arrives at 0.99 s and freezes the server until 1.99 s; it and requests
    // 101..150 (arriving every 10 ms until 1.49 s) wait for the end of the stall: 51 of 150
    // latencies spread from ~1000 ms down to ~500 ms. So p90 (15th slowest) ~ 850 ms, p95 ~ 925 ms.
    expect(e2e?.p90).toBeGreaterThan(780);
    expect(e2e?.p90).toBeLessThan(950);
    expect(e2e?.p95).toBeGreaterThan(850);
    expect(e2e?.p50).toBeLessThan(50);
  });

  it('closed loop: the same stalls hide behind back-pressure, and the summary says so', async () => {
    mock = await startMockServer(STALL);
    const r = await runBench(benchConfig(mock.url, { plan: { kind: 'closed', concurrency: 2 }, requests: 150 }), benchDeps());
    const e2e = r.steps[0]?.latency_ms.e2e;
    expect(mock.stats().stalls).toBe(1);
    // Only the requests in flight when the stall starts wait (2 workers: 2 of 150), so
    // p95 looks like a healthy 10 ms service and only p99 and the maximum show the stall.
    expect(e2e?.p95).toBeLessThan(50);
    expect(e2e?.max).toBeGreaterThan(950);
    expect(r.notes.join('\n')).toContain('coordinated omission');
  });
});
