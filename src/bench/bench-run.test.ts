// runBench end to end against the mock: interruption keeps partial results, the sweep finds
// the mock's capacity, cost is taken at the chosen step, credentials stay out of the result.
import { afterEach, describe, expect, it } from 'vitest';
import { benchConfig, benchDeps } from '../../test/support/bench.js';
import { evidencePayload } from './bench-evidence.js';
import { resultCsv } from './bench-result.js';
import { runBench } from './bench-run.js';
import { startMockServer, type MockServer } from './mock-server.js';
import { parseSlo } from './slo.js';
import { BenchInputError } from './bench-input-error.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('runBench', () => {
  it('stops cleanly when aborted and keeps what finished', async () => {
    mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 100 }, tokensPerSecond: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 600);
    const t0 = Date.now();
    const r = await runBench(benchConfig(mock.url, { plan: { kind: 'closed', concurrency: 5 }, requests: undefined, durationMs: 30_000 }), benchDeps(controller.signal));
    expect(Date.now() - t0).toBeLessThan(3000);
    const s = r.steps[0];
    expect(r.status).toBe('interrupted');
    expect(s?.interrupted).toBe(true);
    expect(s?.requests.ok).toBeGreaterThanOrEqual(20); // 5 workers x ~5 rounds of 100 ms
    expect(s?.requests.cancelled).toBe(5);
    expect(s?.requests.failed).toBe(0);
    expect(s?.latency_ms.e2e?.p50).toBeGreaterThanOrEqual(100);
    expect(r.notes.join('\n')).toMatch(/interrupted after .* s: the figures cover the \d+ requests that finished; 5 in flight were cancelled/);
  });

  it('sweeps to the capacity of a server that queues beyond 5 concurrent requests', { retry: 2 }, async () => {
    // 5 slots x 100 ms = 50 req/s of capacity; above it the queue, and latency, grow without
    // bound: at 60 req/s 10 requests queue up in 1 s, latency climbs from 100 ms to ~300 ms
    // (p95 ~290 ms), missing p95 <= 250 ms; at 40 req/s nothing queues (150 ms of margin).
    mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 100 }, tokensPerSecond: 0, maxConcurrency: 5 });
    const cfg = benchConfig(mock.url, {
      plan: { kind: 'sweep', startRate: 40, maxRate: 640, refinements: 1, arrivals: 'constant' },
      requests: undefined,
      durationMs: 1000,
      slo: { spec: 'p95_ms=250', criteria: parseSlo('p95_ms=250') },
      pricing: { kind: 'instance', pricePerHour: 3.6, instances: 1 },
      useCase: { id: 'uc-a', predictionsPerMonth: 1_000_000 },
    });
    const r = await runBench(cfg, benchDeps());
    expect(r.steps.map((s) => s.load.mode === 'open' && s.load.rate)).toEqual([40, 80, 60]);
    expect(r.chosen_step).not.toBeNull();
    const best = r.steps[r.chosen_step as number];
    expect(best?.load).toMatchObject({ rate: 40 });
    // Cost at the chosen step, by hand: $3.60/h over (rps x 3600) requests per hour, x 1000.
    const rps = best?.throughput.requests_per_s as number;
    expect(r.cost?.figures.cost_per_1k_requests).toBeCloseTo((3.6 / (rps * 3600)) * 1000, 10);
    // 1M a month is far below one deployment's capacity (~40 x 730 x 3600): one deployment, $3.60 x 730.
    expect(r.cost?.monthly).toMatchObject({ use_case: 'uc-a', deployments: 1, monthly_cost: 3.6 * 730 });
    expect(r.notes[0]).toMatch(/^sweep: the highest rate that met the SLO is constant 40 req\/s/);
    const payload = evidencePayload(r);
    expect(payload).toMatchObject({ slo_met: true, p95_ms: best?.latency_ms.e2e?.p95, requests: best?.requests.completed, monthly_cost: 3.6 * 730 });
    expect(resultCsv(r).trim().split('\n')).toHaveLength(1 + r.steps.length);
  });

  it('resolves header env references for the request only, and refuses literal credentials', async () => {
    mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 1 }, tokensPerSecond: 0 });
    const cfg = benchConfig(mock.url, { requests: 5 });
    cfg.target.headers = { Authorization: 'Bearer ${env:TEST_BENCH_KEY}' };
    const r = await runBench(cfg, { ...benchDeps(), env: { TEST_BENCH_KEY: 'sk-secret-123' } });
    expect(r.steps[0]?.requests.ok).toBe(5);
    expect(r.header_names).toEqual(['Authorization']);
    expect(JSON.stringify(r)).not.toContain('sk-secret-123');
    await expect(runBench(cfg, benchDeps())).rejects.toThrow('environment variable TEST_BENCH_KEY is not set (used by --header Authorization)');
    cfg.target.headers = { 'X-Api-Key': 'sk-literal' };
    await expect(runBench(cfg, benchDeps())).rejects.toBeInstanceOf(BenchInputError);
  });

  it('counts tokens from usage, from stream events without usage, and says which', async () => {
    mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 2 }, tokensPerSecond: 100 });
    const withUsage = await runBench(benchConfig(mock.url, { requests: 10, stream: true, outputTokens: 12 }), benchDeps());
    expect(withUsage.steps[0]?.tokens).toMatchObject({ output_total: 120, mean_output: 12, mean_input: 16, output_counted_by: { usage: 10, stream_chunks: 0 } });
    const cfg = benchConfig(mock.url, { requests: 10, stream: true, outputTokens: 12, api: 'openai-completions' });
    cfg.target.extraBody = { stream_options: { include_usage: false } };
    const chunks = await runBench(cfg, benchDeps());
    const s = chunks.steps[0];
    expect(s?.tokens).toMatchObject({ output_total: 120, output_counted_by: { usage: 0, stream_chunks: 10 } });
    expect(chunks.notes.join('\n')).toContain('by counting stream events in 10');
    // 12 tokens at 100/s: TPOT 10 ms (the mock's timers may run late, never early); 11 ITL gaps per request.
    expect(s?.latency_ms.tpot?.p50).toBeGreaterThan(8);
    expect(s?.latency_ms.tpot?.p50).toBeLessThan(15);
    expect(s?.latency_ms.itl?.count).toBe(110);
  });

  it('embeddings: latency and input tokens, no output tokens', async () => {
    mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 2 }, tokensPerSecond: 0 });
    const r = await runBench(benchConfig(mock.url, { requests: 10, api: 'openai-embeddings', pricing: { kind: 'tokens', inputPer1M: 0.02, outputPer1M: 0 } }), benchDeps());
    const s = r.steps[0];
    expect(s?.requests.ok).toBe(10);
    expect(s?.tokens).toMatchObject({ input_total: 160, output_total: 0, input_from_usage: 10 });
    expect(s?.latency_ms.ttft).toBeNull();
    // 16 input tokens x $0.02 / 1M x 1000 requests = $0.00032 per 1k.
    expect(r.cost?.figures.cost_per_1k_requests).toBeCloseTo(0.00032, 12);
  });
});
