// Benchmark results through the API, in-process on SQLite and PostgreSQL: a real run against
// the in-process mock model server, stored as `traction bench run` stores it, then listed
// per use case and read in full.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBench } from '../../src/bench/bench-run.js';
import type { BenchResult } from '../../src/bench/bench-result.js';
import { startMockServer, type MockServer } from '../../src/bench/mock-server.js';
import { parseSlo } from '../../src/bench/slo.js';
import { recordBenchRun } from '../../src/store/bench-run-repository.js';
import { benchConfig, benchDeps } from '../support/bench.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

let mock: MockServer | undefined;
let result: BenchResult;

beforeAll(async () => {
  mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 20 }, tokensPerSecond: 0 });
  result = await runBench(benchConfig(mock.url, { requests: 40, slo: { spec: 'p95_ms=5000', criteria: parseSlo('p95_ms=5000') }, useCase: { id: 'churn-alerts', predictionsPerMonth: 1000 } }), { ...benchDeps(), runId: 'bench_api_1' });
});
afterAll(async () => {
  await mock?.close();
});

async function store(t: TestApp, r: BenchResult, id: string, useCase: string | null) {
  await recordBenchRun(t.store.db, { id, useCaseId: useCase, startedAt: r.started_at, finishedAt: r.finished_at, url: r.url, api: r.api, mode: r.mode, status: r.status, sloMet: true, result: { ...r, run_id: id, use_case: useCase } }, 'bench-bot', T0);
}

describeEachStore('bench API', (open) => {
  it('lists results per use case with the figures of the chosen step, and answers one in full', async ({ skip }) => {
    const t = await open(skip);
    await store(t, result, 'bench_a', 'churn-alerts');
    await store(t, result, 'bench_b', null);
    const all = (await t.as('viewer', { method: 'GET', url: '/api/bench-runs' })).json();
    expect(all.total).toBe(2);
    const mine = (await t.as('viewer', { method: 'GET', url: '/api/bench-runs?use_case=churn-alerts' })).json();
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual(['bench_a']);
    const step = result.steps[0]!;
    expect(mine.items[0]).toMatchObject({
      use_case: 'churn-alerts',
      api: 'openai-chat',
      slo: 'p95_ms=5000',
      slo_met: true,
      recorded_by: 'bench-bot',
      step: { load: 'concurrency 4', requests: 40, error_rate: 0, p50_ms: step.latency_ms.e2e!.p50, p95_ms: step.latency_ms.e2e!.p95, p99_ms: step.latency_ms.e2e!.p99 },
    });
    // The mock answers after a constant 20 ms, so the measured median is about that. Not
    // strictly above: libuv starts a timer from its cached loop time, which can be up to a
    // millisecond older than the moment the request arrived, so a 20 ms timer may fire
    // after 19.x ms of real time.
    expect(mine.items[0].step.p50_ms).toBeGreaterThanOrEqual(19);
    expect(mine.items[0].step.p50_ms).toBeLessThan(60);
    const one = (await t.as('viewer', { method: 'GET', url: '/api/bench-runs/bench_a' })).json();
    expect(one.result.steps).toHaveLength(1);
    expect(one.result.steps[0].requests.ok).toBe(40);
    expect((await t.as('viewer', { method: 'GET', url: '/api/bench-runs/bench_zzz' })).statusCode).toBe(404);
    const bad = await t.as('viewer', { method: 'GET', url: '/api/bench-runs?usecase=churn-alerts' });
    expect(bad.json().error).toMatchObject({ code: 'invalid', field: 'usecase' });
  });
});
