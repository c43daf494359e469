// A proposal not yet accepted is seen by its author and the reviewers (portfolio owners and
// administrators) only, on SQLite and PostgreSQL: not in the use-case list (the stage board),
// not as a use case or any of its sub-resources, not in the decision log. Someone else's
// attempt to write to it is a 404 that writes nothing. Once accepted, everyone sees it.
import path from 'node:path';
import { expect, it } from 'vitest';
import { hiddenUseCases } from '../../src/application/proposal-visibility.js';
import type { Role } from '../../src/domain/account.js';
import { appendDecision } from '../../src/store/decision-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { CONFIG, describeEachStore, sampleUseCase, T0, type TestApp } from '../support/server-app.js';

const applied = sampleUseCase('churn-alerts');

async function openWith(open: Parameters<Parameters<typeof describeEachStore>[1]>[0], skip: (reason: string) => void, portfolioOwners: string[]): Promise<TestApp> {
  const t = await open(skip, { useCases: [applied], seed: false });
  await applyDefinitions(t.store, workspaceDefinitions({ root: '', config: { ...CONFIG, roles: { ...CONFIG.roles, portfolio_owner: portfolioOwners } }, sources: [], datasets: [], useCases: [applied] }), 'seed', T0);
  const proposed = await t.as('contributor', {
    method: 'POST',
    url: '/api/use-cases',
    payload: { title: 'Supplier risk radar', problem: 'Nobody sees a late supplier early enough, and money is lost', objective: 'See it early', owner: 'Olga Owner', sponsor: 'Sam Sponsor', department: 'Operations', team: 'data', monthly_value: { low: 1000, likely: 2000, high: 4000 }, build_cost: 5000, run_monthly: 100, effort_person_weeks: 2, probability_of_success: 0.9 },
  });
  expect(proposed.statusCode, proposed.body).toBe(201);
  return t;
}

const listed = async (t: TestApp, role: Role, query = '') => ((await t.as(role, { method: 'GET', url: `/api/use-cases?limit=100${query}` })).json().items as { id: string }[]).map((u) => u.id).sort();

describeEachStore('proposal visibility', (open) => {
  it('lists and opens an unaccepted proposal for its author and the reviewers only, then for everyone once accepted', async ({ skip }) => {
    const t = await openWith(open, skip, ['approver']);
    const both = ['churn-alerts', 'supplier-risk-radar'];
    // Interleaved, so an answer cached for one caller is never sent to another.
    for (const [role, ids] of [['viewer', ['churn-alerts']], ['contributor', both], ['viewer', ['churn-alerts']], ['approver', both], ['admin', both]] as const) {
      expect(await listed(t, role), role).toEqual(ids);
      expect(await listed(t, role, '&sort=stage&stage=idea'), role).toEqual(ids);
    }
    for (const url of ['', '/gate', '/comments', '/evidence', '/kpis', '/readiness', '/business-case', '/funding', '/signoffs', '/rubric']) {
      const r = await t.as('viewer', { method: 'GET', url: `/api/use-cases/supplier-risk-radar${url}` });
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toContain('Supplier risk radar');
    }
    expect((await t.as('contributor', { method: 'GET', url: '/api/use-cases/supplier-risk-radar' })).statusCode).toBe(200);
    expect((await t.as('approver', { method: 'GET', url: '/api/use-cases/supplier-risk-radar' })).statusCode).toBe(200);
    expect((await t.as('admin', { method: 'GET', url: '/api/use-cases/supplier-risk-radar/gate' })).statusCode).toBe(200);

    expect((await t.as('approver', { method: 'POST', url: '/api/proposals/supplier-risk-radar/decision', payload: { decision: 'accept' } })).statusCode).toBe(200);
    expect(await listed(t, 'viewer')).toEqual(both);
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/supplier-risk-radar' })).statusCode).toBe(200);
  });

  it("refuses someone else's write with a 404 and writes nothing; keeps the proposal out of their decision log", async ({ skip }) => {
    // No portfolio owner: the approver is neither author nor reviewer.
    const t = await openWith(open, skip, []);
    expect([...(await hiddenUseCases(t.store.db, { username: 'approver', role: 'approver' }))]).toEqual(['supplier-risk-radar']);
    expect([...(await hiddenUseCases(t.store.db, { username: 'contributor', role: 'contributor' }))]).toEqual([]);
    expect([...(await hiddenUseCases(t.store.db, { username: 'admin', role: 'admin' }))]).toEqual([]);
    const count = async (table: 'comments' | 'definition_versions' | 'signoffs') => (await t.store.db.selectFrom(table).selectAll().execute()).length;
    const before = { comments: await count('comments'), versions: await count('definition_versions'), signoffs: await count('signoffs') };
    const writes = [
      { method: 'POST', url: '/api/use-cases/supplier-risk-radar/comments', payload: { body: 'what is this?' } },
      { method: 'PATCH', url: '/api/use-cases/supplier-risk-radar', payload: { objective: 'Something else' } },
      { method: 'PATCH', url: '/api/use-cases/supplier-risk-radar', payload: { objective: 12 } }, // invalid too: still 404, not 400
      { method: 'POST', url: '/api/use-cases/supplier-risk-radar/signoffs', payload: { role: 'business_owner', decision: 'approve' } },
    ] as const;
    for (const w of writes) {
      const r = await t.as('approver', w);
      expect(r.statusCode, `${w.method} ${w.url}`).toBe(404);
      expect(r.json().error.code).toBe('not_found');
    }
    expect({ comments: await count('comments'), versions: await count('definition_versions'), signoffs: await count('signoffs') }).toEqual(before);
    expect((await t.as('contributor', { method: 'POST', url: '/api/use-cases/supplier-risk-radar/comments', payload: { body: 'my own note' } })).statusCode).toBe(201);

    // A stage decision recorded for the proposal (through the store) stays out of the others' log.
    const evaluation = { useCaseId: 'supplier-risk-radar', from: 'idea', to: 'qualified', transition: 'gate' as const, criteria: [], met: 0, total: 0, passed: true, evaluatedAt: T0.toISOString() };
    await appendDecision(t.store.db, { useCaseId: 'supplier-risk-radar', at: T0, actor: 'cli', from: 'idea', to: 'qualified', forced: false, reason: null, evaluation });
    expect((await t.as('approver', { method: 'GET', url: '/api/decisions' })).json()).toMatchObject({ total: 0, items: [] });
    expect((await t.as('approver', { method: 'GET', url: '/api/decisions?use_case=supplier-risk-radar' })).json()).toMatchObject({ total: 0 });
    expect((await t.as('contributor', { method: 'GET', url: '/api/decisions' })).json()).toMatchObject({ total: 1 });
  });

  it('does not name the proposal among the use cases a dataset serves', async ({ skip }) => {
    const root = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');
    const t = await open(skip, { seed: false, workspaceRoot: root });
    const { workspace } = await loadWorkspace(root);
    await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
    const proposed = await t.as('contributor', {
      method: 'POST',
      url: '/api/use-cases',
      payload: { title: 'Lead scoring', problem: 'Sales calls the wrong customers first, every single week', objective: 'Call the right ones', owner: 'Olga Owner', sponsor: 'Sam Sponsor', department: 'Sales', team: 'data', monthly_value: { low: 1000, likely: 2000, high: 4000 }, build_cost: 5000, run_monthly: 100, effort_person_weeks: 2, probability_of_success: 0.9 },
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const edit = await t.as('contributor', { method: 'PATCH', url: '/api/use-cases/lead-scoring', payload: { datasets: [{ dataset: 'crm_customers', columns: ['customer_id'] }] } });
    expect(edit.statusCode, edit.body).toBe(200);
    const usedBy = async (role: Role, url: string) => {
      const body = (await t.as(role, { method: 'GET', url })).json();
      return ((body.items ?? [body]) as { id: string; used_by: string[] }[]).find((d) => d.id === 'crm_customers')!.used_by;
    };
    for (const url of ['/api/datasets', '/api/datasets/crm_customers']) {
      expect(await usedBy('contributor', url), url).toContain('lead-scoring');
      expect(await usedBy('viewer', url), url).not.toContain('lead-scoring');
      expect((await usedBy('viewer', url)).length, url).toBeGreaterThan(0); // the applied use cases still are
      expect(await usedBy('contributor', url), url).toContain('lead-scoring'); // and the cached answer is not the viewer's
    }
  });
});
