// Roadmap scenarios and funding through the API, on SQLite and PostgreSQL: scenarios compared
// side by side, a commitment recorded with who and when, each use case's funded quarters, gate
// rejections holding a use case out until resubmitted, and refusals that write nothing.
import { expect, it } from 'vitest';
import type { UseCase } from '../../src/domain/use-case.js';
import { recordEvidence } from '../../src/store/evidence-repository.js';
import { describeEachStore, sampleUseCase, type TestApp } from '../support/server-app.js';

const stream = (id: string, likely: number) => [{ id, name: id, kind: 'cost_saving', formula: 'hours * 50', inputs: { hours: { low: likely / 2, likely, high: likely * 1.5 } } }];
const churn = sampleUseCase('churn-alerts', { value_streams: stream('kept', 400), costs: { build: 60000, run_monthly: 500 }, duration_quarters: 2 });
const matching = sampleUseCase('invoice-matching', { team: 'ops', value_streams: stream('hours', 300), costs: { build: 40000, run_monthly: 300 } });
// No value stream: a negative NPV, planned only when a scenario forces it in.
const drain = sampleUseCase('drain', { costs: { build: 30000, run_monthly: 2000 } });
const useCases: UseCase[] = [churn, matching, drain];

interface Summary {
  scenario: { name: string };
  value: number;
  per_quarter: { quarter: string; budget: number; spend: number; use_cases: string[] }[];
  funded: { id: string; quarters: string[]; span: string; value: number; build: number }[];
  left_out: { id: string; reason: string }[];
}

const rows = async (t: TestApp, table: 'funding_decisions' | 'roadmap_scenarios') => (await t.store.db.selectFrom(table).selectAll().execute()).length;

const scenario = async (t: TestApp, body: Record<string, unknown>) => {
  const r = await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; name: string };
};

describeEachStore('funding API', (open) => {
  it('compares two scenarios side by side, and committing one records who funded which quarters', async ({ skip }) => {
    const t = await open(skip, { useCases });
    await scenario(t, { name: 'Generous', budget_per_quarter: 200000 });
    await scenario(t, { name: 'Lean', budget_per_quarter: 45000, quarters: 4 });
    const r = await t.as('viewer', { method: 'GET', url: '/api/roadmap/compare?scenarios=Generous,Lean' });
    expect(r.statusCode, r.body).toBe(200);
    const { scenarios, differences } = r.json() as { scenarios: Summary[]; differences: { id: string; quarters: string[][] }[] };
    const [generous, lean] = scenarios as [Summary, Summary];
    expect(generous.scenario.name).toBe('Generous');
    // Both positive use cases fit the generous budget; the drain is never worth planning.
    expect(generous.funded.map((f) => f.id).sort()).toEqual(['churn-alerts', 'invoice-matching']);
    expect(generous.left_out.map((l) => l.id)).toEqual(['drain']);
    // 45,000 a quarter cannot pay the 40,000 + 30,000 of two quarters running both; churn's
    // 60,000 spread over its 2 quarters is 30,000 each: never both in one quarter.
    for (const s of scenarios) {
      for (const q of s.per_quarter) expect(q.spend).toBeLessThanOrEqual(q.budget + 1e-6);
      // The plan's NPV is the sum of what it funds (no capacity is bought in this workspace).
      expect(s.value).toBeCloseTo(s.funded.reduce((sum, f) => sum + f.value, 0), 6);
      for (const f of s.funded) for (const q of f.quarters) expect(s.per_quarter.find((p) => p.quarter === q)!.use_cases).toContain(f.id);
    }
    expect(lean.per_quarter).toHaveLength(4);
    expect(lean.per_quarter.every((q) => q.use_cases.length <= 1)).toBe(true);
    // Every use case funded differently is listed, with its quarters in each scenario.
    for (const d of differences) {
      const inGenerous = generous.funded.find((f) => f.id === d.id)?.quarters ?? [];
      const inLean = lean.funded.find((f) => f.id === d.id)?.quarters ?? [];
      expect(d.quarters).toEqual([inGenerous, inLean]);
      expect(inGenerous.join()).not.toBe(inLean.join());
    }
    const ids = [...new Set([...generous.funded, ...lean.funded].map((f) => f.id))];
    const quartersIn = (s: Summary, id: string) => (s.funded.find((f) => f.id === id)?.quarters ?? []).join();
    expect(differences.map((d) => d.id).sort()).toEqual(ids.filter((id) => quartersIn(generous, id) !== quartersIn(lean, id)).sort());
    expect(differences.length).toBeGreaterThan(0);

    // A contributor may draft scenarios but not fund one: refused, and nothing recorded.
    const refused = await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios/Generous/commit' });
    expect(refused.statusCode).toBe(403);
    expect(await rows(t, 'funding_decisions')).toBe(0);
    const before = await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/funding' });
    expect(before.json()).toMatchObject({ funded: false, decision: null });

    const c = await t.as('approver', { method: 'POST', url: '/api/roadmap/scenarios/Generous/commit' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ scenario: { name: 'Generous' }, actor: 'approver', at: t.clock.now.toISOString(), value: generous.value });
    const churnPlan = generous.funded.find((f) => f.id === 'churn-alerts')!;
    const f = await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/funding' });
    expect(f.json()).toMatchObject({ funded: true, quarters: churnPlan.quarters, decision: { scenario: 'Generous', actor: 'approver' } });
    expect(churnPlan.quarters).toHaveLength(2);
    expect(f.json().span).toBe(`${churnPlan.quarters[0]}–${churnPlan.quarters[1]!.slice(5)}`);
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/drain/funding' })).json()).toMatchObject({ funded: false, reason: expect.stringMatching(/not positive/) });
    const log = await t.as('viewer', { method: 'GET', url: '/api/funding/decisions' });
    expect(log.json()).toMatchObject({ total: 1, items: [{ scenario: { name: 'Generous' } }] });
    const audit = await t.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'funding.committed').execute();
    expect(audit).toHaveLength(1);
  });

  it('forces use cases in and out as a scenario says', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const s = await scenario(t, { name: 'Forced', must_do: ['drain'], must_not: ['churn-alerts'] });
    const plan = (await t.as('viewer', { method: 'GET', url: `/api/roadmap/scenarios/${s.id}/plan` })).json() as { plan: { id: string }[]; excluded: { id: string; reason: string }[] };
    expect(plan.plan.map((p) => p.id).sort()).toEqual(['drain', 'invoice-matching']);
    expect(plan.excluded.find((e) => e.id === 'churn-alerts')!.reason).toMatch(/scenario leaves it out/);
  });

  it('holds back a use case whose gate was rejected until new evidence resubmits it', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const planned = async () => (await t.as('viewer', { method: 'GET', url: '/api/roadmap' })).json() as { plan: { id: string }[]; excluded: { id: string; reason: string; would_take: string }[] };
    expect((await planned()).plan.map((p) => p.id)).toContain('churn-alerts');
    const reject = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner', decision: 'reject', note: 'not now' } });
    expect(reject.statusCode, reject.body).toBe(201);
    const held = await planned();
    expect(held.plan.map((p) => p.id)).not.toContain('churn-alerts');
    const why = held.excluded.find((e) => e.id === 'churn-alerts')!;
    expect(why.reason).toMatch(/business owner \(approver\) rejected its idea gate/);
    expect(why.would_take).toMatch(/resubmit/);
    // A scenario respects it too, even one that forces the use case in.
    await scenario(t, { name: 'Wants churn', must_do: ['churn-alerts'] });
    const s = (await t.as('viewer', { method: 'GET', url: '/api/roadmap/scenarios/Wants%20churn/plan' })).json() as { plan: { id: string }[] };
    expect(s.plan.map((p) => p.id)).not.toContain('churn-alerts');
    // New evidence after the rejection is a resubmission: planned again.
    t.clock.now = new Date(t.clock.now.getTime() + 3600_000);
    await t.store.transaction((tx) => recordEvidence(tx, { useCaseId: 'churn-alerts', kind: 'kpi_baseline', at: t.clock.now, by: 'owner', source: 'test', payload: { kpi: 'x', value: 1 } }));
    expect((await planned()).plan.map((p) => p.id)).toContain('churn-alerts');
  });

  it('solves each set of inputs once: roadmap reads, a scenario planned, compared and committed; a store change plans anew', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const solved = () => t.deps.portfolio.plans.solved;
    const read = async (url = '/api/roadmap') => {
      const r = await t.as('viewer', { method: 'GET', url });
      expect(r.statusCode, r.body).toBe(200);
      return r.body;
    };
    const first = await read();
    expect(solved()).toBe(1);
    expect(await read()).toBe(first);
    expect(solved()).toBe(1);
    // The planning time is told apart: search and solver.
    const r = JSON.parse(first) as { status: string; search_seconds: number; solver_seconds: number };
    expect(r.status).toBe('optimal');
    expect(r.search_seconds).toBeGreaterThanOrEqual(0);
    // A scenario with traction.yaml's own inputs is the same instance: no new solve.
    await scenario(t, { name: 'As planned' });
    const asPlanned = JSON.parse(await read('/api/roadmap/scenarios/As%20planned/plan')) as { value: number };
    expect(asPlanned.value).toBe((JSON.parse(first) as { value: number }).value);
    expect(solved()).toBe(1);
    await scenario(t, { name: 'Lean', budget_per_quarter: 45000 });
    await read('/api/roadmap/compare?scenarios=As%20planned,Lean');
    expect(solved()).toBe(2);
    // Planned, compared, committed: the plan committed is the one shown, solved once.
    const commit = await t.as('approver', { method: 'POST', url: '/api/roadmap/scenarios/Lean/commit' });
    expect(commit.statusCode, commit.body).toBe(201);
    expect(solved()).toBe(2);
    // A rejection changes what is held back: a new plan, and the old answer is not served.
    const reject = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner', decision: 'reject', note: 'not now' } });
    expect(reject.statusCode, reject.body).toBe(201);
    const after = await read();
    expect(after).not.toBe(first);
    expect((JSON.parse(after) as { plan: { id: string }[] }).plan.map((p) => p.id)).not.toContain('churn-alerts');
    expect(solved()).toBe(3);
  });

  it('refuses bad scenarios naming every problem, and writes nothing', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const bad = await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: { name: '', budget_per_quarter: -5, quarters: 99 } });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().error.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['budget_per_quarter', 'name', 'quarters']));
    const unknown = await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: { name: 'Ghosts', must_do: ['no-such-case'], must_not: ['nor-this'] } });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json().error.problems as { field: string }[]).map((p) => p.field)).toEqual(['must_do.0', 'must_not.0']);
    const both = await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: { name: 'Both', must_do: ['drain'], must_not: ['drain'] } });
    expect(both.statusCode).toBe(400);
    expect(await rows(t, 'roadmap_scenarios')).toBe(0);
    await scenario(t, { name: 'Taken' });
    const dup = await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: { name: 'Taken', quarters: 2 } });
    expect(dup.statusCode).toBe(409);
    expect(await rows(t, 'roadmap_scenarios')).toBe(1);
    const missing = await t.as('approver', { method: 'POST', url: '/api/roadmap/scenarios/nope/commit' });
    expect(missing.statusCode).toBe(404);
    const one = await t.as('viewer', { method: 'GET', url: '/api/roadmap/compare?scenarios=Taken,Taken' });
    expect(one.statusCode).toBe(400);
    const many = await t.as('viewer', { method: 'GET', url: `/api/roadmap/compare?scenarios=${Array.from({ length: 7 }, (_, i) => `s${i}`).join(',')}` });
    expect(many.statusCode).toBe(400);
    expect(many.json().error.message).toMatch(/at most 6/);
    // A session without the CSRF header cannot commit (the browser's cross-site case).
    const { cookie } = await t.login('approver');
    const csrf = await t.app.inject({ method: 'POST', url: '/api/roadmap/scenarios/Taken/commit', headers: { cookie } });
    expect(csrf.statusCode).toBe(403);
    expect(await rows(t, 'funding_decisions')).toBe(0);
    // Markup in a name, a forged id in the path, a scenario list that is too long: refused, nothing changed.
    expect((await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: { name: '<img src=x onerror=alert(1)>' } })).statusCode).toBe(400);
    expect((await t.as('contributor', { method: 'DELETE', url: `/api/roadmap/scenarios/${encodeURIComponent("x' or '1'='1")}` })).statusCode).toBe(404);
    expect((await t.as('contributor', { method: 'PUT', url: '/api/roadmap/scenarios/Taken', payload: { name: 'Taken', must_do: ['drain'], extra: 1 } })).statusCode).toBe(400);
    expect((await t.as('viewer', { method: 'GET', url: `/api/roadmap/compare?scenarios=${'Taken,'.repeat(400)}` })).statusCode).toBe(400);
    expect((await t.as('viewer', { method: 'DELETE', url: '/api/roadmap/scenarios/Taken' })).statusCode).toBe(403);
    const kept = await t.store.db.selectFrom('roadmap_scenarios').selectAll().execute();
    expect(kept.map((r) => [r.name, JSON.parse(r.body).must_do])).toEqual([['Taken', []]]);
    // Deleting leaves the log alone; the name is free again.
    const del = await t.as('contributor', { method: 'DELETE', url: '/api/roadmap/scenarios/Taken' });
    expect(del.statusCode).toBe(204);
    expect(await rows(t, 'roadmap_scenarios')).toBe(0);
  });
});
