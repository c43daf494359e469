// The portfolio endpoints in-process on SQLite and PostgreSQL: the ranking, business case
// and roadmap are exactly what src/portfolio computes from the same definitions, are
// recomputed when a definition or a readiness run changes, and bad input or bad stored
// definitions get a 4xx naming the field.
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import type { UseCase } from '../../src/domain/use-case.js';
import { evaluatePortfolio } from '../../src/portfolio/evaluate-portfolio.js';
import { recordEvidence } from '../../src/store/evidence-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { STORE_FACTORIES } from '../support/databases.js';
import { CONFIG, describeEachStore, openTestApp, sampleUseCase, T0 } from '../support/server-app.js';

const churn = sampleUseCase('churn-alerts', {
  value_streams: [{ id: 'kept', name: 'Kept revenue', kind: 'revenue', formula: 'customers * value', inputs: { value: 900, customers: { low: 2, likely: 6, high: 15 } } }],
  strategic_alignment: 4,
});
const matching = sampleUseCase('invoice-matching', { stage: 'qualified', team: 'ops', value_streams: [{ id: 'hours', name: 'Hours saved', kind: 'cost_saving', formula: 'hours * 45', inputs: { hours: { low: 100, likely: 200, high: 260 } } }] });
const pilot = sampleUseCase('route-planning', { stage: 'pilot', costs: { build: 60000, run_monthly: 500 }, value_streams: [{ id: 'km', name: 'Fewer km', kind: 'cost_saving', formula: 'km * 0.9', inputs: { km: { low: 2000, likely: 5000, high: 7000 } } }] });
const useCases: UseCase[] = [churn, matching, pilot];

describeEachStore('portfolio API', (open) => {
  it('ranks exactly as src/portfolio does, with P10/P50/P90, quadrant and score breakdown', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const r = await t.as('viewer', { method: 'GET', url: '/api/portfolio' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const reference = evaluatePortfolio(useCases, CONFIG);
    expect(body.use_cases.map((u: { id: string }) => u.id)).toEqual(reference.ranking.map((s) => s.useCaseId));
    for (const [i, s] of reference.ranking.entries()) {
      const v = reference.valuations.get(s.useCaseId)!;
      expect(body.use_cases[i]).toMatchObject({
        rank: i + 1,
        quadrant: s.quadrant,
        scores: s.scores,
        npv: { p10: v.simulation.p10, p50: v.simulation.p50, p90: v.simulation.p90, expected: v.simulation.expectedNpv, likely: v.likely.npv },
        feasibility: { data_source: 'unknown', data: 50 },
      });
      expect(body.use_cases[i].npv.p10).toBeLessThan(body.use_cases[i].npv.p90);
    }
    expect(body).toMatchObject({ currency: 'EUR', draws: 10000, seed: 1, thresholds: { feasibility: 60 } });
  });

  it('recomputes when a definition changes or a readiness run lands, and only then', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const first = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
    const cached = t.deps.portfolio.portfolio(t.store.db);
    expect(await cached).toBe(await t.deps.portfolio.portfolio(t.store.db));
    // Browsers get the cached answer gzipped; it is the same document.
    const zipped = await t.as('viewer', { method: 'GET', url: '/api/portfolio', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString())).toEqual(first);
    const patch = await t.as('contributor', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { probability_of_success: 0.9 } });
    expect(patch.statusCode).toBe(200);
    const second = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
    const npv = (b: typeof first) => b.use_cases.find((u: { id: string }) => u.id === 'churn-alerts').npv.expected;
    expect(npv(second)).toBeGreaterThan(npv(first));
    await recordEvidence(t.store.db, { useCaseId: 'churn-alerts', kind: 'readiness_run', at: T0, by: 'test', source: 'test', payload: { run_id: 'run_x', score: 91, dimensions: { completeness: 91 }, failed_checks: 1 } });
    const third = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
    expect(third.use_cases.find((u: { id: string }) => u.id === 'churn-alerts').feasibility).toMatchObject({ data: 91, data_source: 'readiness_run' });
  });

  it('answers a business case: cash flows, an NPV histogram of every draw, and the tornado', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const r = await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/business-case?bins=20' });
    expect(r.statusCode).toBe(200);
    const b = r.json();
    const v = evaluatePortfolio(useCases, CONFIG).valuations.get('churn-alerts')!;
    expect(b.cash_flows).toHaveLength(CONFIG.horizon_months);
    expect(b.cash_flows.map((f: { net: number }) => f.net)).toEqual(v.likely.flows);
    expect(b.cash_flows.at(-1).cumulative).toBeCloseTo(v.likely.flows.reduce((s, x) => s + x, 0), 6);
    expect(b.histogram).toHaveLength(20);
    expect(b.histogram.reduce((s: number, h: { count: number }) => s + h.count, 0)).toBe(10000);
    expect(b.histogram[0].from).toBe(v.simulation.npvSorted[0]);
    expect(b.simulation).toMatchObject({ p10: v.simulation.p10, p90: v.simulation.p90 });
    expect(b.tornado.map((x: { input: string }) => x.input)).toEqual(v.tornado.map((x) => x.input));
    expect(b.tornado[0].swing).toBeGreaterThanOrEqual(b.tornado.at(-1).swing);

    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/nope/business-case' })).statusCode).toBe(404);
    const bad = await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/business-case?bins=2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('bins');
  });

  it('plans the roadmap, takes a budget override, and says why a use case is left out', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const r = (await t.as('viewer', { method: 'GET', url: '/api/roadmap' })).json();
    expect(r.status).toBe('optimal');
    expect(r.quarters[0]).toBe('2026-Q2');
    expect(r.plan.find((p: { id: string }) => p.id === 'route-planning')).toMatchObject({ status: 'in_progress', start: 0, start_quarter: '2026-Q2' });
    expect(r.value).toBeGreaterThanOrEqual(r.greedy.value - 1e-6);
    expect(r.budget).toHaveLength(8);

    // The pilot in flight takes 60,000 of the first quarter; the second fits one of the others.
    const tight = (await t.as('viewer', { method: 'GET', url: '/api/roadmap?budget_per_quarter=70000&quarters=2' })).json();
    expect(tight.budget.map((b: { limit: number }) => b.limit)).toEqual([70000, 70000]);
    expect(tight.plan).toHaveLength(2);
    expect(tight.excluded).toHaveLength(1);
    for (const e of tight.excluded) expect(e.reason).not.toBe('');
    expect(tight.binding.some((b: { kind: string }) => b.kind === 'budget')).toBe(true);

    const impossible = await t.as('viewer', { method: 'GET', url: '/api/roadmap?budget_per_quarter=1000' });
    expect(impossible.statusCode).toBe(422);
    expect(impossible.json().error).toMatchObject({ code: 'invalid_workspace', field: 'stage' });
    expect(impossible.json().error.message).toMatch(/^use case route-planning, field stage: .*needs 60,000 budget per quarter/);
    const bad = await t.as('viewer', { method: 'GET', url: '/api/roadmap?quarters=two' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('quarters');
  });

  it('values the others when a stored definition cannot be valued, and names its field', async ({ skip }) => {
    const broken = sampleUseCase('broken', { value_streams: [{ id: 'v', name: 'V', kind: 'revenue', formula: 'visits * rate', inputs: { visits: 10 } }] });
    const t = await open(skip, { useCases: [churn, broken] });
    const r = await t.as('viewer', { method: 'GET', url: '/api/portfolio' });
    expect(r.statusCode).toBe(200);
    expect(r.json().use_cases.map((u: { id: string }) => u.id)).toEqual(['churn-alerts']);
    expect(r.json().unvalued).toEqual([{ id: 'broken', problems: [{ field: 'value_streams.0.formula', message: expect.stringMatching(/rate/) as unknown as string }] }]);
  });
});

it('gives the same numbers as `traction portfolio` on the files of examples/northwind', async () => {
  // The store keeps definitions as canonical JSON (sorted keys); the CLI reads YAML in file
  // order. The portfolio must not depend on key order, so both agree to the last digit.
  const { workspace } = await loadWorkspace(path.resolve(import.meta.dirname, '../../examples/northwind'));
  const t = await openTestApp(STORE_FACTORIES[0]!, { seed: false, logLevel: 'warn' });
  try {
    await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'test', T0);
    const api = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
    const files = evaluatePortfolio(workspace!.useCases, workspace!.config);
    expect(api.use_cases.map((u: { id: string; npv: { p50: number } }) => [u.id, u.npv.p50])).toEqual(files.ranking.map((s) => [s.useCaseId, files.valuations.get(s.useCaseId)!.simulation.p50]));
  } finally {
    await t.dispose();
  }
});
