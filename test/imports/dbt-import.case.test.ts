// Datasets from a manifest dbt itself wrote (jaffle-shop, dbt 1.11, test/fixtures/dbt/README.md),
// on SQLite and PostgreSQL stores: the models are stored as datasets in the named source, a
// second import changes nothing, and the translated checks run on a SQLite database shaped as
// dbt built it (schema main), finding exactly the defects planted there. Refusals write nothing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { importDbtManifest } from '../../src/application/dbt-import.js';
import { ActionError } from '../../src/application/errors.js';
import { runReadiness, withSources } from '../../src/application/readiness.js';
import { applyDefinitions, listDefinitions } from '../../src/store/definition-repository.js';
import { readStoredWorkspace } from '../../src/store/stored-workspace.js';
import { contentHash, type Definition } from '../../src/workspace/definitions.js';
import { CONFIG, describeEachStore, T0, type TestApp } from '../support/server-app.js';

const manifest = readFileSync(new URL('../fixtures/dbt/jaffle-shop-manifest-v12.json', import.meta.url), 'utf8');
const caller = { actor: 'admin', role: 'admin' as const, username: 'admin' };
const depsOf = (t: TestApp) => ({ store: t.store, now: () => t.clock.now, workspaceRoot: '' });

/** A SQLite database with three of jaffle-shop's tables and one defect per check kind. */
function warehouse(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'traction-dbt-')), 'jaffle.db');
  const db = new Database(file);
  db.exec(`
    create table stg_customers (customer_id text);
    insert into stg_customers values ('c1'), ('c2'), ('c3');
    create table customers (customer_id text, customer_name text, count_lifetime_orders integer, first_ordered_at text, last_ordered_at text,
      lifetime_spend_pretax real, lifetime_tax_paid real, lifetime_spend real, customer_type text);
    insert into customers values ('c1', 'Ann', 1, '2024-01-01', '2024-01-01', 10, 1, 11, 'new'),
      ('c2', 'Bob', 2, '2024-01-01', '2024-02-01', 20, 2, 22, 'returning'),
      ('c3', 'Cy', 1, '2024-01-01', '2024-01-01', 5, 0.5, 5.5, 'vip');
    create table orders (order_id text, customer_id text, order_total real, ordered_at text, order_cost real, is_food_order integer, is_drink_order integer);
    insert into orders values ('o1', 'c1', 11, '2024-01-01', 3, 1, 0), ('o2', 'c2', 12, '2024-01-01', 3, 1, 1),
      ('o2', 'c2', 10, '2024-02-01', 2, 0, 1), (null, 'c9', 5, '2024-03-01', 1, 0, 1);
  `);
  db.close();
  return file;
}

async function seedSource(t: TestApp, file: string) {
  const def = (kind: Definition['kind'], id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
  await applyDefinitions(t.store, [def('config', 'config', CONFIG), def('source', 'warehouse', { id: 'warehouse', kind: 'sqlite', path: file })], 'seed', T0);
}

const datasetCount = async (t: TestApp) => (await listDefinitions(t.store.db)).filter((d) => d.kind === 'dataset').length;

describeEachStore('datasets from a dbt manifest', (open) => {
  it('stores the models as datasets, a second import changes nothing, and the checks find the planted defects', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seedSource(t, warehouse());
    const first = await importDbtManifest(depsOf(t), { fileName: 'manifest.json', text: manifest }, { source: 'warehouse' }, caller);
    expect(first).toMatchObject({ manifest_version: 12, project: 'jaffle_shop', translated_tests: 23, written: true });
    expect(first.datasets.map((d) => d.change)).toEqual(Array(13).fill('created'));
    expect(first.skipped_tests.map((s) => s.model)).toEqual(['customers', 'orders', 'orders', 'stg_orders']);
    expect(await datasetCount(t)).toBe(13);
    const again = await importDbtManifest(depsOf(t), { fileName: 'manifest.json', text: manifest }, { source: 'warehouse' }, caller);
    expect(again.datasets.map((d) => d.change)).toEqual(Array(13).fill('unchanged'));

    const ws = (await readStoredWorkspace(t.store.db, ''))!;
    const { runs } = await withSources(ws, { sourceEnv: {} }, (c) => runReadiness(t.store, ws, c, { datasets: ['customers', 'orders', 'stg_customers'], actor: 'test', now: () => T0, record: false }));
    const failed = runs.flatMap((r) => r.outcomes.filter((x) => x.status !== 'pass').map((x) => `${r.datasetId}: ${x.name} ${x.status}`)).sort();
    expect(failed).toEqual([
      'customers: dbt: accepted_values_customers_customer_type__new__returning fail',
      'orders: dbt: not_null_orders_order_id fail',
      'orders: dbt: relationships_orders_customer_id__customer_id__ref_stg_customers_ fail',
      'orders: dbt: unique_orders_order_id fail',
    ]);
  });

  it('refuses an unknown source, a file that is not JSON and one that is not a manifest, writing nothing', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seedSource(t, warehouse());
    const refused = async (text: string, source: string, pattern: RegExp) => {
      const e = await importDbtManifest(depsOf(t), { fileName: 'manifest.json', text }, { source }, caller).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ActionError);
      expect((e as ActionError).message).toMatch(pattern);
      expect(await datasetCount(t)).toBe(0);
    };
    await refused(manifest, 'warehous', /no source "warehous" in the workspace \(sources: warehouse\)/);
    await refused('{"metadata": {"dbt_schema_version": 12,,}}', 'warehouse', /manifest.json is not JSON at line 1, column \d+/);
    await refused(JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json' }, nodes: {} }), 'warehouse', /not a dbt manifest/);
  });
});
