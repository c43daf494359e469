// The templates API and proposing from a template, in-process on SQLite and PostgreSQL: the
// list and one template (with the intake fields it fills) for any signed-in user; an intake
// naming a template stores the template's use case with the proposer's fields on top,
// validated as `traction validate` would; an unknown template, or a viewer, stores nothing.
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { describeEachStore } from '../support/server-app.js';

describeEachStore('templates API', (open) => {
  it('lists the library and serves one template with its gate policy and intake draft', async ({ skip }) => {
    const t = await open(skip);
    const list = await t.as('viewer', { method: 'GET', url: '/api/templates' });
    expect(list.statusCode).toBe(200);
    const templates = list.json().templates as { id: string; eu_ai_act: string }[];
    expect(templates.length).toBeGreaterThanOrEqual(20);
    expect(templates.find((x) => x.id === 'cv-screening')?.eu_ai_act).toBe('high');

    const one = await t.as('viewer', { method: 'GET', url: '/api/templates/cv-screening' });
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body.gate_policy.id).toBe('high-risk');
    expect(body.template.basis['value_streams.recruiter-hours.inputs.hourly_cost']).toMatchObject({ year: 2023 });
    expect(body.intake).toMatchObject({ template: 'cv-screening', title: 'CV screening assistant', eu_ai_act: 'high', department: 'Human Resources', kpi: { id: 'days-to-shortlist' } });
    expect(body.intake).not.toHaveProperty('owner');

    const missing = await t.as('viewer', { method: 'GET', url: '/api/templates/no-such-template' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('no template "no-such-template"');
    expect((await t.app.inject({ method: 'GET', url: '/api/templates' })).statusCode).toBe(401);
  });

  it('proposes a use case from a template: its value streams, KPIs and skills, with the proposer\'s fields on top', async ({ skip }) => {
    const t = await open(skip);
    const draft = (await t.as('contributor', { method: 'GET', url: '/api/templates/ticket-triage' })).json().intake;
    const payload = { ...draft, title: 'Triage of service e-mails', owner: 'Ana Lead', sponsor: 'Ben Boss', team: 'ops', build_cost: 35000, kpi: { ...draft.kpi, target: 75 } };
    const r = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload });
    expect(r.statusCode).toBe(201);
    const u = r.json().use_case;
    expect(u).toMatchObject({ id: 'triage-of-service-e-mails', title: 'Triage of service e-mails', stage: 'idea', team: 'ops', owner: 'Ana Lead', costs: { build: 35000 }, datasets: [] });
    expect(u.value_streams.map((v: { id: string }) => v.id)).toEqual(['dispatch-hours', 'fewer-misroutes']);
    expect(u.kpis.map((k: { id: string; target: number }) => [k.id, k.target])).toEqual([['auto-routed', 75], ['first-response-hours', 4], ['misroute-rate', 8]]);
    expect(u.feasibility.skills_required).toEqual(['ml', 'llm', 'crm']);
    expect(u.tags).toContain('template:ticket-triage');
    const audit = await listAudit(t.store.db, { objectKind: 'use_case', objectId: u.id });
    expect(audit[0]?.detail).toMatchObject({ via: 'intake', template: 'ticket-triage' });
  });

  it('refuses an unknown template, a missing value without a template, and a viewer, storing nothing', async ({ skip }) => {
    const t = await open(skip);
    const draft = (await t.as('contributor', { method: 'GET', url: '/api/templates/lead-scoring' })).json().intake;
    const base = { ...draft, owner: 'Ana', sponsor: 'Ben', team: 'ops' };
    const before = (await t.as('viewer', { method: 'GET', url: '/api/use-cases' })).json().total;

    const unknown = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: { ...base, template: 'lead-scorin' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'invalid', field: 'template', message: 'body field "template": no template "lead-scorin"; nothing stored' });

    const { template: _t, ...withoutTemplate } = base;
    const noValue = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: withoutTemplate });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().error.field).toBe('monthly_value');

    const badTeam = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: { ...base, team: 'nobody' } });
    expect(badTeam.statusCode).toBe(400);
    expect(badTeam.json().error.field).toBe('team');

    const viewer = await t.as('viewer', { method: 'POST', url: '/api/use-cases', payload: base });
    expect(viewer.statusCode).toBe(403);
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases' })).json().total).toBe(before);
  });
});
