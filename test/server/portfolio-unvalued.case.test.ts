// A stored use case that cannot be valued never takes the portfolio down, on SQLite and
// PostgreSQL: broken rows are written straight into the store (around the API, as an older
// version or a hand edit could), and the portfolio, the roadmap and the other business cases
// still answer 200; each broken one is listed with its problems and left out of ranking and plan.
import { expect, it } from 'vitest';
import type { UseCase } from '../../src/domain/use-case.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { contentHash, type Definition } from '../../src/workspace/definitions.js';
import { CONFIG, describeEachStore, sampleUseCase, T0 } from '../support/server-app.js';

const stream = (formula: string, inputs: Record<string, unknown>) => [{ id: 'v', name: 'Value', kind: 'revenue', formula, inputs }];
const churn = sampleUseCase('churn-alerts', { value_streams: stream('customers * 900', { customers: { low: 2, likely: 6, high: 15 } }) });
const matching = sampleUseCase('invoice-matching', { team: 'ops', value_streams: stream('hours * 45', { hours: { low: 100, likely: 200, high: 260 } }) });
// Valid itself, but waits for a broken one: it cannot be planned before that is fixed.
const dependent = sampleUseCase('route-planning', { depends_on: ['bad-formula'], value_streams: stream('km * 0.9', { km: 5000 }) });
const badFormula = { ...sampleUseCase('bad-formula'), value_streams: stream('visits * rate', { visits: 10 }) };
const { costs: _dropped, ...noCosts } = sampleUseCase('no-costs');
const negative = { ...sampleUseCase('negative-cost'), costs: { build: -90000, run_monthly: 0 } };

async function seedBroken(store: Parameters<typeof applyDefinitions>[0]): Promise<void> {
  const def = (kind: Definition['kind'], id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
  const bodies: [string, unknown][] = [churn, matching, dependent, badFormula, noCosts, negative].map((u) => [(u as UseCase).id, u]);
  await applyDefinitions(store, [def('config', 'config', CONFIG), ...bodies.map(([id, body]) => def('use_case', id, body))], 'seed', T0);
}

describeEachStore('portfolio with stored definitions that cannot be valued', (open) => {
  it('ranks, plans and values the others, listing each broken one with its problem', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seedBroken(t.store);

    const p = await t.as('viewer', { method: 'GET', url: '/api/portfolio' });
    expect(p.statusCode).toBe(200);
    expect(p.json().use_cases.map((u: { id: string }) => u.id).sort()).toEqual(['churn-alerts', 'invoice-matching', 'route-planning']);
    const unvalued = new Map((p.json().unvalued as { id: string; problems: { field: string; message: string }[] }[]).map((u) => [u.id, u.problems]));
    expect([...unvalued.keys()].sort()).toEqual(['bad-formula', 'negative-cost', 'no-costs']);
    expect(unvalued.get('bad-formula')).toEqual([{ field: 'value_streams.0.formula', message: expect.stringMatching(/rate/) as unknown as string }]);
    expect(unvalued.get('no-costs')).toEqual([{ field: 'costs', message: 'missing required field (expected object)' }]);
    expect(unvalued.get('negative-cost')).toEqual([{ field: 'costs.build', message: 'a saving is a value stream, not a negative cost, found -90000 (number)' }]);

    const r = await t.as('viewer', { method: 'GET', url: '/api/roadmap' });
    expect(r.statusCode).toBe(200);
    const planned = r.json().plan.map((x: { id: string }) => x.id);
    expect(planned).toEqual(expect.arrayContaining(['churn-alerts', 'invoice-matching']));
    for (const id of ['bad-formula', 'no-costs', 'negative-cost', 'route-planning']) expect(planned).not.toContain(id);
    const excluded = new Map((r.json().excluded as { id: string; reason: string }[]).map((e) => [e.id, e.reason]));
    expect(excluded.get('bad-formula')).toMatch(/^excluded: it cannot be valued: .*rate/);
    expect(excluded.get('negative-cost')).toMatch(/not a negative cost/);
    expect(excluded.get('route-planning')).toBe('needs bad-formula, not in the plan');

    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/business-case' })).statusCode).toBe(200);
    const bad = await t.as('viewer', { method: 'GET', url: '/api/use-cases/bad-formula/business-case' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'unvalued', field: 'value_streams.0.formula', problems: [{ field: 'value_streams.0.formula' }] });
    expect(bad.json().error.message).toMatch(/^use case bad-formula cannot be valued: field value_streams\.0\.formula: .*rate/);
  });
});
