// What the use-case page does at its gate, through the API on SQLite and PostgreSQL: advance
// when ready (refused with the unmet criteria otherwise), override only as the final approver
// or an admin, answer the rubric, record KPI values and upload a KPI file. Each refusal is
// checked for what did NOT happen: no decision, answer, measurement or evidence written.
import { expect, it } from 'vitest';
import { listDecisions } from '../../src/store/decision-repository.js';
import { listEvidence } from '../../src/store/evidence-repository.js';
import { listMeasurements } from '../../src/store/kpi-repository.js';
import { listRubricAnswers } from '../../src/store/rubric-repository.js';
import { describeEachStore, sampleUseCase, type TestApp } from '../support/server-app.js';

// CONFIG (test/support/server-app.ts): business_owner is held by "approver", technical_lead by "admin"; nobody is final approver.
const churn = sampleUseCase('churn-alerts', {
  value_streams: [{ id: 'kept', name: 'Kept', kind: 'revenue', formula: 'customers * value', inputs: { customers: { low: 5, likely: 10, high: 20 }, value: 900 } }],
  kpis: [{ id: 'churn', name: 'Churn', unit: '%', direction: 'down', target: 5 }],
});
const useCases = [churn, sampleUseCase('invoice-matching', { stage: 'qualified', team: 'ops' })];
const url = (path: string) => `/api/use-cases/churn-alerts/${path}`;

async function written(t: TestApp) {
  const [decisions, evidence, measurements, answers] = await Promise.all([listDecisions(t.store.db), listEvidence(t.store.db, {}), listMeasurements(t.store.db, {}), listRubricAnswers(t.store.db, 'churn-alerts')]);
  return { decisions: decisions.length, evidence: evidence.length, measurements: measurements.length, answers: answers.length };
}

describeEachStore('gate actions API', (open) => {
  it('refuses to advance an unready use case with its unmet criteria, then advances it once signed off', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const gate = (await t.as('approver', { method: 'GET', url: url('gate') })).json();
    expect(gate).toMatchObject({ may_advance: false, may_override: false });
    const waiting = gate.evaluation.criteria.find((c: { kind: string }) => c.kind === 'signoff');
    expect(waiting).toMatchObject({ status: 'no_evidence', waiting_for: ['business_owner'] });
    expect(waiting.next).not.toMatch(/traction /);

    const before = await written(t);
    const refused = await t.as('approver', { method: 'POST', url: url('advance'), payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'gate_not_passed' });
    expect(refused.json().error.problems.map((p: { message: string }) => p.message)).toEqual([expect.stringContaining('sign-off: business_owner')]);
    expect(await written(t)).toEqual(before);

    expect((await t.as('approver', { method: 'POST', url: url('signoffs'), payload: { role: 'business_owner', note: 'worth a pilot' } })).statusCode).toBe(201);
    expect((await t.as('approver', { method: 'GET', url: url('gate') })).json().may_advance).toBe(true);
    const moved = await t.as('approver', { method: 'POST', url: url('advance'), payload: { to: 'qualified' } });
    expect(moved.statusCode).toBe(201);
    expect(moved.json().decision).toMatchObject({ from: 'idea', to: 'qualified', forced: false, actor: 'approver', number: 1 });
    expect((await t.as('viewer', { method: 'GET', url: url('gate') })).json().stage).toBe('qualified');
    const signoffs = (await t.as('viewer', { method: 'GET', url: url('signoffs') })).json().items;
    expect(signoffs[0]).toMatchObject({ note: 'worth a pilot' });
  });

  it('lets only the final approver or an admin override, with a reason, flagged', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const before = await written(t);
    const approver = await t.as('approver', { method: 'POST', url: url('advance'), payload: { override: { reason: 'the board decided' } } });
    expect(approver.statusCode).toBe(403);
    expect(approver.json().error).toMatchObject({ code: 'not_allowed_to_override', field: 'override' });
    const blank = await t.as('admin', { method: 'POST', url: url('advance'), payload: { override: { reason: '   ' } } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe('override.reason');
    const contributor = await t.as('contributor', { method: 'POST', url: url('advance'), payload: { override: { reason: 'x' } } });
    expect(contributor.statusCode).toBe(403);
    expect(await written(t)).toEqual(before);

    expect((await t.as('admin', { method: 'GET', url: url('gate') })).json().may_override).toBe(true);
    const forced = await t.as('admin', { method: 'POST', url: url('advance'), payload: { override: { reason: 'the board decided' } } });
    expect(forced.statusCode).toBe(201);
    expect(forced.json().decision).toMatchObject({ from: 'idea', to: 'qualified', forced: true, reason: 'the board decided' });
  });

  it('answers the rubric: 28 tests with the points in words; a bad answer refuses them all', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const sheet = (await t.as('viewer', { method: 'GET', url: url('rubric') })).json();
    expect(sheet.sections.map((s: { items: unknown[] }) => s.items.length)).toEqual([7, 7, 7, 7]);
    expect(sheet.scores.map((s: { value: number }) => s.value)).toEqual([0, 0.5, 1]);
    expect(sheet).toMatchObject({ score: 0, answered: 0, total_items: 28 });
    expect(sheet.sections[0].items[0]).toMatchObject({ id: 'data-1', help: expect.stringContaining('schema') });

    const before = await written(t);
    const bad = await t.as('contributor', {
      method: 'POST',
      url: url('rubric'),
      payload: { answers: [{ item: 'data-1', score: 1 }, { item: 'data-9', score: 1 }, { item: 'model-1', score: 2 }, { item: 'infra-1', score: 1, link: 'javascript:alert(1)' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { field: string }) => p.field)).toEqual(['answers.1.item', 'answers.2.score', 'answers.3.link']);
    expect(await written(t)).toEqual(before);

    // Every section at 1: the score is the minimum of the section sums, 1.
    const answers = ['data-1', 'model-1', 'infra-1', 'monitor-1'].map((item) => ({ item, score: 1 })).concat([{ item: 'data-2', score: 0.5 }]);
    const ok = await t.as('contributor', { method: 'POST', url: url('rubric'), payload: { answers } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ score: 1, answered: 5 });
    expect(ok.json().sections[0]).toMatchObject({ sum: 1.5 });
    const evidence = await listEvidence(t.store.db, { useCaseId: 'churn-alerts', kind: 'rubric_score' });
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.payload).toMatchObject({ score: 1 });
  });

  it('records KPI values from the form, a baseline as evidence; a bad value refuses the form whole', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const before = await written(t);
    const bad = await t.as('contributor', { method: 'POST', url: url('kpi-values'), payload: { values: [{ kpi: 'churn', at: '2026-02-30', value: 7 }, { kpi: 'chrun', at: '2026-03-01', value: 7 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { field: string }) => p.field)).toEqual(['values.0.at', 'values.1.kpi']);
    expect(await written(t)).toEqual(before);

    const ok = await t.as('contributor', { method: 'POST', url: url('kpi-values'), payload: { values: [{ kpi: 'churn', at: '2026-01-15', value: 9.5, baseline: true }] } });
    expect(ok.json()).toEqual({ stored: 1, baselines: 1 });
    const kpis = (await t.as('viewer', { method: 'GET', url: url('kpis') })).json();
    expect(kpis.kpis[0]).toMatchObject({ baseline: { value: 9.5, at: '2026-01-15', source: 'recorded' } });
  });

  it('stores a KPI file whole, or refuses it naming each bad row by line and column', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const before = await written(t);
    const rows = 'use_case,kpi,at,value,baseline\nchurn-alerts,churn,2026-01-01,9,true\nchurn-alerts,churn,2026-13-01,8,\nchurn-alerts,churn,2026-02-01,abc,\n';
    const bad = await t.as('contributor', { method: 'POST', url: url('kpi-csv'), payload: { csv: rows, name: 'kpis.csv' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems).toEqual([
      { field: 'line 3, at', message: expect.stringContaining('"2026-13-01" is not a date') },
      { field: 'line 4, value', message: expect.stringContaining('"abc"') },
    ]);
    expect(await written(t)).toEqual(before);
    const good = await t.as('contributor', { method: 'POST', url: url('kpi-csv'), payload: { csv: 'use_case,kpi,at,value,baseline\nchurn-alerts,churn,2026-01-01,9,true\nchurn-alerts,churn,2026-02-01,7.5,\n', name: 'kpis.csv' } });
    expect(good.statusCode).toBe(201);
    expect(good.json()).toEqual({ imported: 2, baselines: 1 });
  });

  it('refuses hostile files (formulas, binary, a workbook, huge lines) with a located message, writes nothing, and keeps serving', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const before = await written(t);
    const header = 'use_case,kpi,at,value\n';
    const cases: [string, string, RegExp][] = [
      [`${header}churn-alerts,churn,2026-01-01,=HYPERLINK("http://evil.example","x")\n`, 'csv line 2 column 4', /formula/],
      [`${header}churn-alerts,churn,2026-01-01,7\n@SUM(A1:A2),churn,2026-01-02,7\n`, 'csv line 3 column 1', /formula/],
      [`${header}churn-alerts,churn,2026-01-01,+cmd|' /C calc'!A0\n`, 'csv line 2 column 4', /formula/],
      [`${header}churn-alerts,churn,2026-01-01,7\u0000\u0001\u0002\n`, 'csv line 2', /binary/],
      ['PK\u0003\u0004\u0014\u0000\u0006\u0000 workbook', 'csv', /Excel \.xlsx/],
      [`${header}churn-alerts,churn,2026-01-01,${'9'.repeat(20_000)}\n`, 'csv line 2', /20,0\d\d characters long/],
    ];
    for (const [csv, field, message] of cases) {
      const r = await t.as('contributor', { method: 'POST', url: url('kpi-csv'), payload: { csv, name: 'evil.csv' } });
      expect({ field, status: r.statusCode }).toEqual({ field, status: 400 });
      expect(r.json().error).toMatchObject({ code: 'bad_upload', field });
      expect(r.json().error.message).toMatch(message);
      expect(r.body).not.toMatch(/\n\s+at /);
    }
    // Negative numbers are values, not formulas.
    expect((await t.as('contributor', { method: 'POST', url: url('kpi-values'), payload: { values: [{ kpi: 'churn', at: '2026-01-01', value: -1 }] } })).statusCode).toBe(201);
    const experiment = await t.as('contributor', { method: 'POST', url: url('experiments'), payload: { csv: 'unit,arm,churn\n=1+1,control,1\n', metrics: ['churn'] } });
    expect(experiment.json().error).toMatchObject({ code: 'bad_upload', field: 'csv line 2 column 1' });
    // A body over the limit is refused before it is read whole.
    const huge = await t.as('contributor', { method: 'POST', url: url('kpi-csv'), payload: { csv: `${header}${'churn-alerts,churn,2026-01-01,7\n'.repeat(120_000)}` } });
    expect(huge.statusCode).toBe(413);
    expect({ ...(await written(t)), measurements: (await written(t)).measurements - 1 }).toEqual(before);
    expect((await t.as('viewer', { method: 'GET', url: url('kpis') })).statusCode).toBe(200);
  });
});
