// The usage API in-process on SQLite and PostgreSQL over Northwind with 90 simulated days:
// the portfolio's deployed use cases, one use case's weeks, months and latency against its
// benchmarked SLO, and what never appears in an answer (a department of 3, an e-mail address).
// The spans go through POST /v1/traces; the expected figures come from a brute-force
// aggregation of the same spans (test/support/usage-days.ts).
import path from 'node:path';
import { expect, it } from 'vitest';
import { simulateUsage } from '../../examples/northwind/simulate-usage.js';
import type { UsageDay } from '../../src/domain/usage.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { recordEvidence } from '../../src/store/evidence-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';
import { usageDaysFromSpans } from '../support/usage-days.js';
import { postSpans } from '../support/usage-ingest.js';


const NORTHWIND = path.resolve(import.meta.dirname, '../../examples/northwind');
const NOW = new Date('2026-12-02T09:00:00Z');

async function northwindWithUsage(t: TestApp): Promise<UsageDay[]> {
  const { workspace } = await loadWorkspace(NORTHWIND);
  await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
  const spans = simulateUsage(42, NOW);
  t.clock.now = NOW;
  // One call from a service no use case claims: counted and shown, not dropped.
  const stray = { ...spans.at(-1)!, resource: { 'service.name': 'mystery-bot' }, traceId: 'f'.repeat(32), spanId: 'e'.repeat(16) };
  await postSpans(t, [...spans, stray]);
  return usageDaysFromSpans(spans, workspace!.useCases, workspace!.config.prices);
}

describeEachStore('usage API', (open) => {
  it('lists every deployed use case with its adoption, cost this month and flags', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    const days = await northwindWithUsage(t);
    const r = await t.as('viewer', { method: 'GET', url: '/api/usage' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { currency: string; today: string; use_cases: { use_case: string; requests_30d: number; flags: string[]; budget_per_month: number }[] };
    expect([body.currency, body.today]).toEqual(['EUR', '2026-12-02']);
    // The done stages (production, scaled) and the pilot that sends spans.
    expect(body.use_cases.map((u) => u.use_case)).toEqual(['customer-service-assistant', 'demand-forecasting', 'invoice-processing', 'product-data-enrichment']);
    const row = (id: string) => body.use_cases.find((u) => u.use_case === id)!;
    const expected = days.filter((d) => d.useCaseId === 'invoice-processing' && d.day >= '2026-11-03').reduce((s, d) => s + d.requests, 0);
    expect(row('invoice-processing').requests_30d).toBe(expected);
    expect(row('demand-forecasting').flags).toEqual(['falling_use', 'unpriced_models']);
    // run_monthly + per_prediction x predictions_per_month at their PERT means (spend.ts), not the likely run cost alone.
    const pert = (l: number, m: number, h: number) => (l + 4 * m + h) / 6;
    expect((body as unknown as { unattributed: unknown }).unattributed).toEqual([{ service: 'mystery-bot', requests: 1 }]);
    expect(row('product-data-enrichment').budget_per_month).toBeCloseTo(pert(1000, 1500, 2500) + pert(0.02, 0.04, 0.08) * pert(1500, 2500, 4000), 9);
  });

  it("answers one use case's usage, with latency against the benchmarked SLO and no group under 5", async ({ skip }) => {
    const t = await open(skip, { seed: false });
    const days = await northwindWithUsage(t);
    await recordEvidence(t.store.db, {
      useCaseId: 'invoice-processing',
      kind: 'benchmark_result',
      at: T0,
      by: 'admin',
      source: 'traction bench run',
      payload: { run_id: 'run_1', url: 'http://model', requests: 500, p50_ms: 3000, p95_ms: 5200, p99_ms: 6100, error_rate: 0.01, cost_per_1k_requests: 14, slo_met: true, slo_verdicts: [{ key: 'p95_ms', threshold: 8000, observed: 5200, met: true }] },
    });
    const r = await t.as('viewer', { method: 'GET', url: '/api/use-cases/invoice-processing/usage' });
    expect(r.statusCode).toBe(200);
    const u = r.json() as { requests: number; spend_to_date: number; departments: { department: string }[]; latency: { slo: { key: string; production_quantile: string; production_ms: number; met: boolean }[]; last_7_days: { p99: number } }; monthly: { month: string }[] };
    const own = days.filter((d) => d.useCaseId === 'invoice-processing');
    expect(u.requests).toBe(own.reduce((s, d) => s + d.requests, 0));
    expect(u.spend_to_date).toBeCloseTo(own.reduce((s, d) => s + d.cost, 0), 9);
    expect(u.monthly.map((m) => m.month)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    const worstP99 = Math.max(...own.filter((d) => d.day >= '2026-11-26').map((d) => d.latencyMs!.p99));
    // The stored p99 comes from the day's sketch: within its stated 1% of the exact one.
    expect(u.latency.slo).toEqual([{ key: 'p95_ms', threshold: 8000, production_quantile: 'p99', metric: 'latency', production_ms: expect.any(Number), met: worstP99 <= 8000 }]);
    expect(Math.abs(u.latency.slo[0]!.production_ms - worstP99)).toBeLessThanOrEqual(0.01 * worstP99);
    expect(u.departments.map((d) => d.department)).toEqual(['Accounts Payable']);
    // The simulator's streaming spans carry gen_ai.server.time_to_first_token: ingest keeps its quantiles.
    expect((r.json() as { latency: { last_7_days_ttft: { p50: number } | null } }).latency.last_7_days_ttft?.p50).toBeGreaterThan(0);
    expect(r.body).not.toContain('Treasury');
    expect(r.body).not.toMatch(/@northwind\.example/);
  });

  it('answers 404 for an unknown use case and 401 without a login', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await northwindWithUsage(t);
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/nope/usage' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/usage' })).statusCode).toBe(401);
  });
});
