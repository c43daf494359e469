// Gates through the API, in-process on SQLite and PostgreSQL: evaluate a use case's next gate
// (met / not met / no evidence, with what to do next), sign off only in a role traction.yaml
// gives the caller, and read the sign-offs and the append-only decision log.
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { appendDecision } from '../../src/store/decision-repository.js';
import { listSignoffs } from '../../src/store/signoff-repository.js';
import { describeEachStore, sampleUseCase, T0 } from '../support/server-app.js';

// CONFIG (test/support/server-app.ts): business_owner is held by "approver", technical_lead by "admin".
const churn = sampleUseCase('churn-alerts', { value_streams: [{ id: 'kept', name: 'Kept', kind: 'revenue', formula: 'customers * value', inputs: { customers: { low: 5, likely: 10, high: 20 }, value: 900 } }] });
const useCases = [churn, sampleUseCase('invoice-matching', { stage: 'qualified', team: 'ops' })];

describeEachStore('gates API', (open) => {
  it('evaluates the next gate with what is missing, then counts an approver\'s sign-off', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const before = (await t.as('approver', { method: 'GET', url: '/api/use-cases/churn-alerts/gate' })).json();
    expect(before).toMatchObject({ stage: 'idea', archived: false, next_stages: ['qualified'], your_roles: ['business_owner'] });
    expect(before.evaluation).toMatchObject({ from: 'idea', to: 'qualified', total: 2, passed: false });
    const byKind = Object.fromEntries(before.evaluation.criteria.map((c: { kind: string }) => [c.kind, c]));
    // The expected NPV is the portfolio's, the number the portfolio page shows.
    const portfolio = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
    const npv = portfolio.use_cases.find((u: { id: string }) => u.id === 'churn-alerts').npv.expected;
    expect(byKind.business_case_npv).toMatchObject({ status: npv > 0 ? 'met' : 'not_met', label: 'expected NPV > 0' });
    expect(byKind.signoff).toMatchObject({ status: 'no_evidence', label: 'sign-off: business_owner' });
    expect(byKind.signoff.next).toContain('business_owner');

    const r = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner', note: 'worth a try' } });
    expect(r.statusCode).toBe(201);
    expect(r.json().signoff).toMatchObject({ person: 'approver', role: 'business_owner', decision: 'approve', from: 'idea', to: 'qualified', note: 'worth a try' });
    expect(r.json().gate.criteria.find((c: { kind: string }) => c.kind === 'signoff')).toMatchObject({ status: 'met' });
    const list = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/signoffs' })).json();
    expect(list.items.map((s: { person: string }) => s.person)).toEqual(['approver']);
    const audit = await listAudit(t.store.db, { objectKind: 'use_case', objectId: 'churn-alerts' });
    expect(audit.at(-1)).toMatchObject({ actor: 'approver', action: 'evidence.signoff' });

    // A rejection by the same role, a minute later, blocks the gate again.
    t.clock.now = new Date(T0.getTime() + 60_000);
    await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner', decision: 'reject' } });
    const after = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/gate' })).json();
    expect(after.evaluation.criteria.find((c: { kind: string }) => c.kind === 'signoff').status).toBe('not_met');
    expect(after.your_roles).toEqual([]);
  });

  it('refuses a sign-off in a role the person does not hold, or the gate does not ask for, and records nothing', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const notHeld = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'technical_lead' } });
    expect(notHeld.statusCode).toBe(403);
    expect(notHeld.json().error).toMatchObject({ code: 'not_role_holder', field: 'role' });
    expect(notHeld.json().error.message).toContain('holders: admin');
    // admin holds technical_lead, but idea -> qualified asks only for business_owner.
    const notAsked = await t.as('admin', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'technical_lead' } });
    expect(notAsked.statusCode).toBe(400);
    expect(notAsked.json().error.message).toContain('asks for sign-offs by business_owner, not technical_lead');
    const contributor = await t.as('contributor', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner' } });
    expect(contributor.json().error.code).toBe('forbidden');
    const badRole = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'ceo' } });
    expect(badRole.json().error).toMatchObject({ code: 'invalid', field: 'role' });
    const twoStages = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner', to: 'poc' } });
    expect(twoStages.json().error).toMatchObject({ code: 'invalid', field: 'to' });
    expect(await listSignoffs(t.store.db)).toEqual([]);
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/nope/gate' })).statusCode).toBe(404);
  });

  it('reads the decision log newest first, and takes the current stage from it', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const evaluation = { useCaseId: 'churn-alerts', from: 'idea', to: 'qualified', transition: 'gate' as const, criteria: [], met: 0, total: 2, passed: false, evaluatedAt: T0.toISOString() };
    await appendDecision(t.store.db, { useCaseId: 'churn-alerts', at: T0, actor: 'cli', from: 'idea', to: 'qualified', forced: true, reason: 'board decision', evaluation });
    const log = (await t.as('viewer', { method: 'GET', url: '/api/decisions?use_case=churn-alerts' })).json();
    expect(log).toMatchObject({ total: 1, items: [{ number: 1, from: 'idea', to: 'qualified', forced: true, reason: 'board decision', evaluation: { passed: false } }] });
    const gate = (await t.as('admin', { method: 'GET', url: '/api/use-cases/churn-alerts/gate' })).json();
    expect(gate).toMatchObject({ stage: 'qualified', next_stages: ['poc'], your_roles: ['technical_lead'], evaluation: { from: 'qualified', to: 'poc' } });
    // Lists, the use case and the portfolio show the stage the log says.
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts' })).json().use_case.stage).toBe('qualified');
    const list = (await t.as('viewer', { method: 'GET', url: '/api/use-cases?stage=qualified' })).json();
    expect(list.items.map((u: { id: string }) => u.id)).toEqual(['churn-alerts', 'invoice-matching']);
    const portfolio = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
    expect(portfolio.use_cases.find((u: { id: string }) => u.id === 'churn-alerts').stage).toBe('qualified');
    // The log has no route to change it.
    expect((await t.as('admin', { method: 'DELETE', url: '/api/decisions' })).statusCode).toBe(404);
  });
});
