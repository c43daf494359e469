// The readiness endpoints in-process on SQLite and PostgreSQL, over the readiness fixture
// workspace (planted defects, values as in test/readiness/data-check-cli.test.ts): trigger
// a run as an approver, read datasets with their failing checks, a run's results, a use
// case's readiness by dimension, and a metric history with its anomaly flagged.
import path from 'node:path';
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { listEvidence } from '../../src/store/evidence-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { countReadinessRuns, recordReadinessRun } from '../../src/store/readiness-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');

async function applyFixture(t: TestApp): Promise<void> {
  const { workspace } = await loadWorkspace(FIXTURE);
  await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
}

describeEachStore('readiness API', (open) => {
  it('runs the checks for an approver and shows datasets, failing checks and use-case readiness', async ({ skip }) => {
    const t = await open(skip, { seed: false, workspaceRoot: FIXTURE });
    await applyFixture(t);
    const before = (await t.as('viewer', { method: 'GET', url: '/api/datasets' })).json();
    expect(before.items.map((d: { id: string; latest: unknown }) => [d.id, d.latest])).toEqual([
      ['crm_customers', null],
      ['erp_orders', null],
    ]);
    expect((await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn/readiness' })).json()).toEqual({ use_case: 'churn', latest: null });

    const r = await t.as('approver', { method: 'POST', url: '/api/readiness/runs', payload: { datasets: ['crm_customers'] } });
    expect(r.statusCode).toBe(201);
    const run = r.json();
    expect(run.run).toMatchObject({ actor: 'approver', datasets: ['crm_customers'] });
    const byName = Object.fromEntries(run.results.map((x: { name: string }) => [x.name, x]));
    expect(byName['unique(customer_id)']).toMatchObject({ status: 'fail', elements: 6, unexpected: 2, dataset: 'crm_customers' });
    expect(byName['accepted_values(country)']).toMatchObject({ status: 'fail', unexpected: 1 });
    expect(byName['freshness(updated_at)']).toMatchObject({ status: 'fail', severity: 'warn' });
    expect(run.scores.datasets.crm_customers.score).toBeGreaterThan(0);

    const after = (await t.as('viewer', { method: 'GET', url: '/api/datasets' })).json();
    const crm = after.items.find((d: { id: string }) => d.id === 'crm_customers');
    expect(crm).toMatchObject({ row_count: 6, used_by: ['churn', 'email-campaigns'], latest: { run_id: run.run.id, score: run.scores.datasets.crm_customers.score } });
    // Fail severity first, then warnings.
    expect(crm.failing.map((f: { severity: string }) => f.severity)).toEqual([...crm.failing.map((f: { severity: string }) => f.severity)].sort());
    expect(crm.failing.map((f: { name: string }) => f.name)).toContain('unique(customer_id)');
    expect(crm.latest.lost[0]).toMatchObject({ dataset: 'crm_customers', hint: expect.any(String) });
    expect(after.items.find((d: { id: string }) => d.id === 'erp_orders').latest).toBeNull();

    const uc = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn/readiness' })).json();
    expect(uc.latest).toMatchObject({ run_id: run.run.id, score: run.scores.use_cases.churn.score, dimensions: run.scores.use_cases.churn.dimensions });
    expect(Object.keys(uc.latest.dimensions)).toContain('uniqueness');

    const one = (await t.as('viewer', { method: 'GET', url: `/api/readiness/runs/${run.run.id}` })).json();
    expect(one.results).toHaveLength(run.results.length);
    const list = (await t.as('viewer', { method: 'GET', url: '/api/readiness/runs' })).json();
    expect(list).toMatchObject({ total: 1, items: [{ id: run.run.id, summary: { failing: true } }] });
    const ds = (await t.as('viewer', { method: 'GET', url: '/api/datasets/crm_customers' })).json();
    expect(ds.results).toHaveLength(run.results.length);
    expect(ds.metrics).toContain('row_count');

    // Stored as `traction data check` stores it: evidence per use case, one audit entry by the approver.
    expect((await listEvidence(t.store.db, { kind: 'readiness_run' })).map((e) => e.useCaseId).sort()).toEqual(['churn', 'email-campaigns']);
    expect((await listAudit(t.store.db, { objectKind: 'readiness_run' })).map((a) => [a.actor, a.action])).toEqual([['approver', 'readiness.run']]);
  });

  it('refuses unknown datasets and use cases with the field named, and writes nothing', async ({ skip }) => {
    const t = await open(skip, { seed: false, workspaceRoot: FIXTURE });
    await applyFixture(t);
    const bad = await t.as('admin', { method: 'POST', url: '/api/readiness/runs', payload: { datasets: ['crm_customers', 'crm_custmers'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid', field: 'datasets.1' });
    expect(bad.json().error.message).toContain('crm_custmers');
    const uc = await t.as('admin', { method: 'POST', url: '/api/readiness/runs', payload: { use_case: 'nope' } });
    expect(uc.json().error).toMatchObject({ code: 'invalid', field: 'use_case' });
    const extra = await t.as('admin', { method: 'POST', url: '/api/readiness/runs', payload: { dataset: 'crm_customers' } });
    expect(extra.json().error).toMatchObject({ code: 'invalid', field: 'dataset' });
    expect((await t.as('contributor', { method: 'POST', url: '/api/readiness/runs', payload: {} })).statusCode).toBe(403);
    expect(await countReadinessRuns(t.store.db)).toBe(0);
    expect((await t.as('viewer', { method: 'GET', url: '/api/readiness/runs/run_nope' })).statusCode).toBe(404);
    expect((await t.as('viewer', { method: 'GET', url: '/api/datasets/nope' })).statusCode).toBe(404);
  });

  it("flags an anomaly in a dataset's metric history", async ({ skip }) => {
    const t = await open(skip, { seed: false, workspaceRoot: FIXTURE });
    await applyFixture(t);
    const counts = [100, 101, 99, 100, 102, 100, 101, 40];
    for (const [i, value] of counts.entries()) {
      const at = new Date(T0.getTime() + i * 86_400_000);
      await recordReadinessRun(t.store, { id: `run_${i}`, startedAt: at, finishedAt: at, actor: 'test', datasets: [{ datasetId: 'crm_customers', rowCount: value, outcomes: [], metrics: [{ metric: 'row_count', value }] }], scores: [], evidence: [], summary: {} });
    }
    const h = (await t.as('viewer', { method: 'GET', url: '/api/datasets/crm_customers/history?window=7' })).json();
    expect(h.points.map((p: { value: number }) => p.value)).toEqual(counts);
    expect(h.points.slice(0, 7).every((p: { anomaly: boolean }) => !p.anomaly)).toBe(true);
    // By hand: mean of the 7 earlier points 703/7 = 100.428571, sample sd sqrt(5.714286/6) = 0.975900,
    // z = (40 - 100.428571) / 0.975900 = -61.92.
    expect(h.points[7]).toMatchObject({ run_id: 'run_7', anomaly: true });
    expect(h.points[7].z_score).toBeCloseTo(-61.92, 2);
    expect(h.points[7].expected).toBeCloseTo(100.428571, 5);
    const missing = await t.as('viewer', { method: 'GET', url: '/api/datasets/crm_customers/history?metric=row_cont' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ field: 'metric' });
    expect(missing.json().error.message).toContain('row_count');
  });
});
