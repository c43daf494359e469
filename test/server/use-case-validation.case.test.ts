// What the API stores is what `traction validate` accepts, on SQLite and PostgreSQL: a POST
// or PATCH is refused with the very problems validate reports for the same use case as a
// file, all at once and by field, and nothing is stored; SQL in a body needs sql.author;
// after any sequence of accepted writes the export of the store validates.
import { expect, it } from 'vitest';
import type { DefinitionKind } from '../../src/domain/workspace.js';
import { listAudit } from '../../src/store/audit-repository.js';
import { applyDefinitions, getDefinition, listDefinitions } from '../../src/store/definition-repository.js';
import { listMeasurements } from '../../src/store/kpi-repository.js';
import type { Store } from '../../src/store/store.js';
import { contentHash, type Definition } from '../../src/workspace/definitions.js';
import { loadWorkspaceFromFiles } from '../../src/workspace/load-workspace.js';
import { definitionFilePath, definitionYaml } from '../../src/workspace/write-workspace.js';
import { CONFIG, describeEachStore, sampleUseCase, T0, type TestApp } from '../support/server-app.js';

const SOURCE = { id: 'warehouse', kind: 'postgres', connection: '${env:WAREHOUSE_URL}' };
const DATASET = { id: 'orders', source: 'warehouse', table: 'orders', primary_key: [], checks: [] };

async function seed(store: Store): Promise<void> {
  const def = (kind: Definition['kind'], id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
  const useCases = [sampleUseCase('churn-alerts'), sampleUseCase('invoice-matching', { team: 'ops' })];
  await applyDefinitions(store, [def('config', 'config', CONFIG), def('source', 'warehouse', SOURCE), def('dataset', 'orders', DATASET), ...useCases.map((u) => def('use_case', u.id, u))], 'seed', T0);
}

/** The store's live definitions as the files `traction export` writes. */
async function exportFiles(store: Store, replace?: { id: string; body: unknown }): Promise<Map<string, string>> {
  const defs = await listDefinitions(store.db);
  const files = new Map(defs.map((d) => [definitionFilePath(d.kind, d.id), definitionYaml(d.kind, d.body)]));
  if (replace) files.set(definitionFilePath('use_case', replace.id), definitionYaml('use_case', replace.body));
  return files;
}

/** What `traction validate` says about one use case file, as API fields (value_streams[0].formula -> value_streams.0.formula). */
function validateProblems(files: Map<string, string>, kind: DefinitionKind, id: string) {
  const file = definitionFilePath(kind, id);
  return loadWorkspaceFromFiles('/ws', files)
    .problems.filter((p) => p.file === file)
    .map((p) => ({ field: p.path.replace(/\[(\d+)\]/g, '.$1'), message: p.message }));
}

async function snapshot(t: TestApp) {
  const defs = await listDefinitions(t.store.db, { includeArchived: true });
  return { defs: defs.map((d) => [d.kind, d.id, d.version, d.body]), audit: (await listAudit(t.store.db)).length };
}

const sortByField = <T extends { field: string; message: string }>(xs: T[]) => [...xs].sort((a, b) => a.field.localeCompare(b.field) || a.message.localeCompare(b.message));

const kpi = (measure?: { source: string; sql: string }, target = 90) => ({ id: 'churn', name: 'Churn', unit: '%', direction: 'down', target, ...(measure ? { measure } : {}) });

describeEachStore('use-case validation through the API', (open) => {
  const start = async (skip: (reason: string) => void) => {
    const t = await open(skip, { seed: false });
    await seed(t.store);
    // Logged in up front: a login is an audit entry, and the snapshots compare audit counts.
    for (const role of ['contributor', 'approver', 'admin'] as const) await t.login(role);
    return t;
  };

  for (const [name, patch] of [
    ['schema problems', { costs: { build: -5, run_monthly: { low: -10, likely: 0, high: 5 } }, risk: { eu_ai_act: 'huge' }, adoption_ramp_months: 500 }],
    [
      'references and formulas',
      {
        team: 'sales',
        depends_on: ['nope'],
        datasets: [{ dataset: 'crm' }],
        value_streams: [{ id: 'v', name: 'V', kind: 'revenue', formula: 'visits * rate', inputs: { visits: 10 } }],
        kpis: [kpi({ source: 'nowhere', sql: 'select 1 as value' })],
      },
    ],
  ] as const) {
    it(`refuses a PATCH with ${name} exactly as validate does, every problem at once, storing nothing`, async ({ skip }) => {
      const t = await start(skip);
      const before = await snapshot(t);
      const stored = (await getDefinition(t.store.db, 'use_case', 'churn-alerts'))!.body as Record<string, unknown>;
      // As admin, so the KPI's SQL is allowed and only validation speaks.
      const r = await t.as('admin', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: patch });
      expect(r.statusCode).toBe(400);
      const error = r.json().error;
      const expected = validateProblems(await exportFiles(t.store, { id: 'churn-alerts', body: { ...stored, ...patch } }), 'use_case', 'churn-alerts');
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(sortByField(error.problems)).toEqual(sortByField(expected));
      expect(error.message).toMatch(/^body field ".+": .+ \(and \d+ more\); nothing stored$/);
      expect(await snapshot(t)).toEqual(before);
    });
  }

  it('refuses negative costs in the intake, saying a saving is a value stream', async ({ skip }) => {
    const t = await start(skip);
    const before = await snapshot(t);
    const intake = { title: 'Cheaper', problem: 'It costs too much today', objective: 'Cheaper', owner: 'o', sponsor: 's', department: 'd', team: 'data', monthly_value: { low: 1, likely: 2, high: 3 }, effort_person_weeks: 1 };
    const r = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: { ...intake, build_cost: -5000, run_monthly: { low: -100, likely: 10, high: 20 } } });
    expect(r.statusCode).toBe(400);
    expect(sortByField(r.json().error.problems)).toEqual([
      { field: 'build_cost', message: 'Build cost cannot be negative: a saving is a value stream (value per month), not a negative cost' },
      { field: 'run_monthly', message: 'Running cost per month cannot be negative: a saving is a value stream (value per month), not a negative cost' },
    ]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('lets only sql.author (admin) send SQL, naming the field; an unknown measure source is a located error', async ({ skip }) => {
    const t = await start(skip);
    const before = await snapshot(t);
    const intake = { title: 'Measured idea', problem: 'Nobody measures it today', objective: 'Measure it', owner: 'o', sponsor: 's', department: 'd', team: 'data', monthly_value: { low: 1, likely: 2, high: 3 }, build_cost: 10, run_monthly: 1, effort_person_weeks: 1 };
    const measured = { ...intake, kpi: kpi({ source: 'warehouse', sql: 'select count(*) as value from churned' }) };
    for (const role of ['contributor', 'approver'] as const) {
      const r = await t.as(role, { method: 'POST', url: '/api/use-cases', payload: measured });
      expect({ role, status: r.statusCode, error: r.json().error }).toMatchObject({ role, status: 403, error: { code: 'forbidden', field: 'kpi.measure.sql', problems: [{ field: 'kpi.measure.sql' }] } });
    }
    const patch = await t.as('contributor', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { kpis: [kpi({ source: 'warehouse', sql: 'select 1 as value' })] } });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().error).toMatchObject({ code: 'forbidden', field: 'kpis.0.measure.sql' });
    expect(await snapshot(t)).toEqual(before);

    const nowhere = await t.as('admin', { method: 'POST', url: '/api/use-cases', payload: { ...measured, kpi: kpi({ source: 'nowhere', sql: 'select 1 as value' }) } });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.problems).toEqual([{ field: 'kpi.measure.source', message: 'unknown source "nowhere" (known: warehouse)' }]);
    expect(await snapshot(t)).toEqual(before);
    expect((await t.as('admin', { method: 'POST', url: '/api/use-cases', payload: measured })).statusCode).toBe(201);

    // Once an admin wrote it, a contributor may send it back unchanged (a form returning the
    // KPI list), but not change it or point it at another source.
    expect((await t.as('admin', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { kpis: [kpi({ source: 'warehouse', sql: 'select 1 as value' })] } })).statusCode).toBe(200);
    const same = await t.as('contributor', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { kpis: [kpi({ source: 'warehouse', sql: 'select 1 as value' }, 80)] } });
    expect(same.statusCode).toBe(200);
    expect(same.json().use_case.kpis[0]).toMatchObject({ target: 80, measure: { source: 'warehouse', sql: 'select 1 as value' } });
    const changed = await t.as('contributor', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { kpis: [kpi({ source: 'warehouse', sql: 'select 2 as value' })] } });
    expect(changed.statusCode).toBe(403);
    expect(((await getDefinition(t.store.db, 'use_case', 'churn-alerts'))!.body as { kpis: { measure: { sql: string } }[] }).kpis[0]!.measure.sql).toBe('select 1 as value');
  });

  it('holds for API tokens: a write token acts with its user role, so only an admin token may send SQL', async ({ skip }) => {
    const t = await start(skip);
    const tokenOf = async (role: 'contributor' | 'admin') => {
      const r = await t.as(role, { method: 'POST', url: '/api/tokens', payload: { name: `etl-${role}`, scope: 'write', expires_in_days: 1 } });
      expect(r.statusCode).toBe(201);
      return (r.json() as { token: string }).token;
    };
    const patch = (token: string) =>
      t.app.inject({ method: 'PATCH', url: '/api/use-cases/churn-alerts', headers: { authorization: `Bearer ${token}` }, payload: { kpis: [kpi({ source: 'warehouse', sql: 'select 1 as value' })] } });
    const before = await snapshot(t);
    const refused = await patch(await tokenOf('contributor'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.field).toBe('kpis.0.measure.sql');
    expect((await snapshot(t)).defs).toEqual(before.defs);
    expect((await patch(await tokenOf('admin'))).statusCode).toBe(200);
  });

  it('keeps the export valid after any sequence of accepted writes, refusing the archive that would break it', async ({ skip }) => {
    const t = await start(skip);
    const intake = { title: 'Route tickets', problem: 'Tickets bounce between teams', objective: 'Right first time', owner: 'o', sponsor: 's', department: 'Support', team: 'ops', monthly_value: { low: 1000, likely: 2000, high: 4000 }, build_cost: 9000, run_monthly: 100, effort_person_weeks: 3 };
    expect((await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake })).statusCode).toBe(201);
    const writes = [
      { as: 'contributor', url: '/api/use-cases/route-tickets', payload: { depends_on: ['churn-alerts'], datasets: [{ dataset: 'orders', columns: ['id'] }] } },
      { as: 'contributor', url: '/api/use-cases/churn-alerts', payload: { value_streams: [{ id: 'kept', name: 'Kept', kind: 'revenue', formula: 'customers * margin', inputs: { customers: { low: 1, likely: 4, high: 9 }, margin: 300 } }] } },
      { as: 'admin', url: '/api/use-cases/invoice-matching', payload: { kpis: [kpi({ source: 'warehouse', sql: 'select 1 as value' })] } },
    ] as const;
    for (const w of writes) expect((await t.as(w.as, { method: 'PATCH', url: w.url, payload: w.payload })).statusCode).toBe(200);
    const before = await snapshot(t);
    const needed = await t.as('admin', { method: 'POST', url: '/api/use-cases/churn-alerts/archive' });
    expect(needed.statusCode).toBe(409);
    expect(needed.json().error.problems).toEqual([{ field: '', message: 'use case "route-tickets" depends on it (depends_on)' }]);
    expect(await snapshot(t)).toEqual(before);
    expect((await t.as('admin', { method: 'POST', url: '/api/use-cases/invoice-matching/archive' })).statusCode).toBe(200);
    const { workspace, problems } = loadWorkspaceFromFiles('/ws', await exportFiles(t.store));
    expect(problems).toEqual([]);
    expect(workspace?.useCases.map((u) => u.id).sort()).toEqual(['churn-alerts', 'route-tickets']);
  });

  it('refuses KPI values that are not finite numbers (1e400 in JSON), storing none', async ({ skip }) => {
    const t = await start(skip);
    await t.as('admin', { method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { kpis: [kpi()] } });
    const body = '{"measurements":[{"use_case":"churn-alerts","kpi":"churn","at":"2026-03-01","value":1e400}]}';
    const r = await t.as('contributor', { method: 'POST', url: '/api/kpi-measurements', headers: { 'content-type': 'application/json' }, payload: body });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'invalid', field: 'measurements.0.value' });
    expect(await listMeasurements(t.store.db, { useCaseId: 'churn-alerts' })).toEqual([]);
  });
});
