// The decision log through the API, on SQLite and PostgreSQL: a committed funding scenario is a
// decision beside the stage transitions, newest first; filtered to one use case it shows that use
// case's line of the plan (funded quarters, or why left out) and nothing of a plan that did not
// consider it.
import { expect, it } from 'vitest';
import { appendDecision } from '../../src/store/decision-repository.js';
import { describeEachStore, sampleUseCase, T0 } from '../support/server-app.js';

const stream = (likely: number) => [{ id: 'hours', name: 'hours', kind: 'cost_saving', formula: 'hours * 50', inputs: { hours: { low: likely / 2, likely, high: likely * 1.5 } } }];
const useCases = [
  sampleUseCase('churn-alerts', { value_streams: stream(400), costs: { build: 60000, run_monthly: 500 } }),
  // No value stream: a negative NPV, left out of every plan.
  sampleUseCase('drain', { costs: { build: 30000, run_monthly: 2000 } }),
];

describeEachStore('decision log API', (open) => {
  it('lists a committed funding scenario with the stage transitions, and per use case its own line', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const evaluation = { useCaseId: 'churn-alerts', from: 'idea', to: 'qualified', transition: 'gate' as const, criteria: [], met: 0, total: 2, passed: false, evaluatedAt: T0.toISOString() };
    await appendDecision(t.store.db, { useCaseId: 'churn-alerts', at: T0, actor: 'cli', from: 'idea', to: 'qualified', forced: true, reason: 'board decision', evaluation });

    expect((await t.as('contributor', { method: 'POST', url: '/api/roadmap/scenarios', payload: { name: 'Plan A', budget_per_quarter: 200000 } })).statusCode).toBe(201);
    t.clock.now = new Date(T0.getTime() + 3_600_000);
    const commit = await t.as('approver', { method: 'POST', url: '/api/roadmap/scenarios/Plan A/commit' });
    expect(commit.statusCode, commit.body).toBe(201);

    const all = (await t.as('viewer', { method: 'GET', url: '/api/decisions' })).json();
    expect(all.total).toBe(2);
    expect(all.items.map((d: { kind: string }) => d.kind)).toEqual(['funding', 'stage']); // newest first
    expect(all.items[0]).toMatchObject({ kind: 'funding', actor: 'approver', at: t.clock.now.toISOString(), scenario: { name: 'Plan A' }, funded: [{ use_case: 'churn-alerts' }], left_out: [{ use_case: 'drain' }] });
    expect(all.items[1]).toMatchObject({ kind: 'stage', number: 1, from: 'idea', to: 'qualified', forced: true });

    const churn = (await t.as('viewer', { method: 'GET', url: '/api/decisions?use_case=churn-alerts' })).json();
    expect(churn.total).toBe(2);
    expect(churn.items[0]).toMatchObject({ kind: 'funding', funded: [{ use_case: 'churn-alerts', quarters: expect.arrayContaining([expect.stringMatching(/^\d{4}-Q[1-4]$/)]) }], left_out: [] });

    const drain = (await t.as('viewer', { method: 'GET', url: '/api/decisions?use_case=drain' })).json();
    expect(drain).toMatchObject({ total: 1, items: [{ kind: 'funding', funded: [], left_out: [{ use_case: 'drain', reason: expect.stringMatching(/not positive/) }] }] });

    // Paged: the second page holds the older entry.
    expect((await t.as('viewer', { method: 'GET', url: '/api/decisions?limit=1&offset=1' })).json()).toMatchObject({ total: 2, items: [{ kind: 'stage' }] });
    expect((await t.as('viewer', { method: 'GET', url: '/api/decisions?use_case=unknown' })).json()).toMatchObject({ total: 0, items: [] });
  });
});
