// Impact through the API, in-process on SQLite and PostgreSQL, on the Northwind pilot of the
// customer-service assistant: its KPI history sent as one batch by "another system", the KPI
// status and value realised to date, and its experiment analysed and recorded as evidence.
// The numbers are the ones `traction kpi import|show` and `traction experiment analyze` print
// for the same files (README.md, "The pilot of the customer-service assistant").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { listEvidence } from '../../src/store/evidence-repository.js';
import { listMeasurements } from '../../src/store/kpi-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

const NORTHWIND = path.resolve(import.meta.dirname, '../../examples/northwind');
const UC = 'customer-service-assistant';

async function applyNorthwind(t: TestApp): Promise<void> {
  const { workspace } = await loadWorkspace(NORTHWIND);
  await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
}

/** The example's KPI CSV as the JSON batch another system would send. */
function kpiBatch() {
  const [, ...lines] = readFileSync(path.join(NORTHWIND, 'kpis', `${UC}.csv`), 'utf8').trim().split('\n');
  return lines.map((l) => {
    const [use_case, kpi, at, value, baseline] = l.split(',');
    return { use_case: use_case!, kpi: kpi!, at: at!, value: Number(value), baseline: baseline === 'yes' };
  });
}

describeEachStore('impact API', (open) => {
  it('stores a batch of KPI values from another system and shows the KPIs and value realised', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await applyNorthwind(t);
    const batch = kpiBatch();
    const r = await t.as('contributor', { method: 'POST', url: '/api/kpi-measurements', payload: { measurements: batch, source: 'helpdesk-etl' } });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toEqual({ stored: 58, baselines: 2 });
    const k = (await t.as('viewer', { method: 'GET', url: `/api/use-cases/${UC}/kpis` })).json();
    const aht = k.kpis.find((x: { kpi: string }) => x.kpi === 'handle-time');
    expect(aht).toMatchObject({ direction: 'down', role: 'primary', baseline: { source: 'recorded' }, measurements: batch.filter((b) => b.kpi === 'handle-time').length });
    expect(aht.series.at(-1)).toEqual(aht.latest);
    // `traction kpi show customer-service-assistant`: realised to date 38,270, costs 130,200, ROI -71%, payback forecast 2028-05.
    expect(Math.round(k.realised_value.realised_to_date)).toBe(38270);
    expect(Math.round(k.realised_value.costs_to_date)).toBe(130200);
    expect(k.realised_value.roi_to_date).toBeCloseTo(-0.71, 2);
    expect(k.realised_value.payback).toEqual({ status: 'forecast', month: '2028-05' });
    expect(k.business_case.npv_p10).toBeLessThan(k.business_case.npv_p90);
    const page = (await t.as('viewer', { method: 'GET', url: `/api/kpi-measurements?use_case=${UC}&kpi=csat&limit=5` })).json();
    expect(page).toMatchObject({ total: batch.filter((b) => b.kpi === 'csat').length, limit: 5 });
    expect(page.items[0]).toMatchObject({ source: 'helpdesk-etl', recorded_by: 'contributor' });
    expect((await listEvidence(t.store.db, { kind: 'kpi_baseline' })).length).toBe(2);
    expect((await listAudit(t.store.db, { objectId: UC })).filter((a) => a.action === 'kpi.measurement')).toHaveLength(58);
  });

  it('rejects a batch with bad items whole, naming every bad item, and lets no viewer or read token write', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await applyNorthwind(t);
    const good = { use_case: UC, kpi: 'csat', at: '2026-06-01', value: 4.2 };
    const bad = await t.as('contributor', { method: 'POST', url: '/api/kpi-measurements', payload: { measurements: [good, { ...good, kpi: 'csats' }, { ...good, at: '2026-02-30' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid', field: 'measurements.1.kpi' });
    expect(bad.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['measurements.1.kpi', 'measurements.2.at']);
    expect(bad.json().error.message).toContain('nothing stored');
    const nan = await t.as('contributor', { method: 'POST', url: '/api/kpi-measurements', payload: { measurements: [{ ...good, value: 'high' }] } });
    expect(nan.json().error).toMatchObject({ field: 'measurements.0.value' });
    expect((await t.as('viewer', { method: 'POST', url: '/api/kpi-measurements', payload: { measurements: [good] } })).json().error.code).toBe('forbidden');
    const token = (await t.as('contributor', { method: 'POST', url: '/api/tokens', payload: { name: 'etl', scope: 'read' } })).json().token;
    const ro = await t.app.inject({ method: 'POST', url: '/api/kpi-measurements', headers: { authorization: `Bearer ${token}` }, payload: { measurements: [good] } });
    expect(ro.json().error.code).toBe('token_scope');
    expect(await listMeasurements(t.store.db)).toEqual([]);
  });

  it('analyses the pilot experiment, records the result, and the gate sees it', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await applyNorthwind(t);
    const csv = readFileSync(path.join(NORTHWIND, 'experiments', `${UC}.csv`), 'utf8');
    const body = { csv, unit_column: 'ticket', metrics: ['handle-time'], guardrails: ['csat'], covariates: { 'handle-time': 'pre_handle_time' }, margin: 0.02, name: 'pilot.csv' };
    const r = await t.as('contributor', { method: 'POST', url: `/api/use-cases/${UC}/experiments`, payload: body });
    expect(r.statusCode).toBe(200);
    const report = r.json();
    // `traction experiment analyze`: CUPED, rel. lift -21.1% [-23.4%, -18.9%], sample ratio p = 0.868, csat non-inferior, positive.
    expect(report.verdict).toBe('positive');
    expect(report.srm.p_value).toBeCloseTo(0.868, 3);
    const aht = report.metrics.find((m: { metric: string }) => m.metric === 'handle-time');
    expect(aht).toMatchObject({ method: 'cuped', kpi: 'handle-time', direction: 'down', significant: true });
    expect(aht.relative.lift).toBeCloseTo(-0.211, 3);
    expect(aht.relative.ci[0]).toBeCloseTo(-0.234, 3);
    expect(report.metrics.find((m: { metric: string }) => m.metric === 'csat').guardrail.regressed).toBe(false);
    expect(report.evidence).toEqual([{ kpi: 'handle-time', arm: 'treatment', evidence: expect.stringMatching(/^ev_/), skipped: null }]);
    const gate = (await t.as('viewer', { method: 'GET', url: `/api/use-cases/${UC}/gate` })).json();
    expect(gate.evaluation.criteria.find((c: { kind: string }) => c.kind === 'experiment_verdict').status).toBe('met');

    const both = await t.as('contributor', { method: 'POST', url: `/api/use-cases/${UC}/experiments`, payload: { ...body, sufficient_statistics: { arms: [] } } });
    expect(both.json().error).toMatchObject({ code: 'invalid', field: 'csv' });
    const missing = await t.as('contributor', { method: 'POST', url: `/api/use-cases/${UC}/experiments`, payload: { ...body, metrics: ['resolution-time'], covariates: {} } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('resolution-time');
    expect((await listEvidence(t.store.db, { kind: 'experiment_result' })).length).toBe(1);
  });
});
