import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DbtManifestRefused, planDbtImport } from './dbt-manifest.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../test/fixtures/dbt/${name}`, import.meta.url), 'utf8'));

describe('dbt manifest', () => {
  it('v12 (dbt 1.11, jaffle-shop): 13 models become datasets, its generic tests checks, the dbt_utils tests skipped with a reason', () => {
    const plan = planDbtImport(fixture('jaffle-shop-manifest-v12.json'), { source: 'warehouse' });
    expect(plan).toMatchObject({ version: 12, dbtVersion: '1.11.7', project: 'jaffle_shop' });
    expect(plan.datasets.map((d) => d.id)).toEqual(['customers', 'locations', 'metricflow_time_spine', 'order_items', 'orders', 'products', 'stg_customers', 'stg_locations', 'stg_order_items', 'stg_orders', 'stg_products', 'stg_supplies', 'supplies']);
    const customers = plan.datasets.find((d) => d.id === 'customers')!;
    expect(customers).toMatchObject({ source: 'warehouse', table: 'main.customers', title: 'customers' });
    expect(Object.keys(customers.columns ?? {})).toContain('customer_type');
    expect(customers.checks).toEqual([
      { type: 'accepted_values', column: 'customer_type', values: ['new', 'returning'], name: expect.stringMatching(/^dbt: accepted_values_customers_customer_type/), severity: 'fail' },
      { type: 'not_null', column: 'customer_id', name: 'dbt: not_null_customers_customer_id', severity: 'fail' },
      { type: 'unique', column: 'customer_id', name: 'dbt: unique_customers_customer_id', severity: 'fail' },
    ]);
    const orders = plan.datasets.find((d) => d.id === 'orders')!;
    expect(orders.checks).toContainEqual(expect.objectContaining({ type: 'referential_integrity', column: 'customer_id', to: { dataset: 'stg_customers', column: 'customer_id' } }));
    // 27 tests: 23 generic ones of dbt itself, 4 dbt_utils.expression_is_true.
    expect(plan.translated).toBe(23);
    expect(plan.skipped).toHaveLength(4);
    expect(plan.skipped.every((s) => /dbt_utils.expression_is_true has no Traction check/.test(s.reason))).toBe(true);
  });

  it('v10 (dbt 1.6, jaffle_shop on BigQuery): accepted values and relationships', () => {
    const plan = planDbtImport(fixture('jaffle-shop-manifest-v10.json'), { source: 'bq' });
    expect(plan.version).toBe(10);
    expect(plan.datasets).toHaveLength(6);
    const orders = plan.datasets.find((d) => d.id === 'orders')!;
    expect(orders.table).toBe('jaffle_shop.orders');
    expect(orders.checks).toContainEqual(expect.objectContaining({ type: 'accepted_values', column: 'status', values: ['placed', 'shipped', 'completed', 'return_pending', 'returned'] }));
    expect(orders.checks).toContainEqual(expect.objectContaining({ type: 'referential_integrity', column: 'customer_id', to: { dataset: 'customers', column: 'customer_id' } }));
    expect(plan.translated + plan.skipped.length).toBe(20);
  });

  it('refuses what is not a manifest, an older one, and a malformed node, naming where', () => {
    const refusal = (raw: unknown) => {
      try {
        planDbtImport(raw, { source: 's' });
      } catch (e) {
        if (e instanceof DbtManifestRefused) return e.message;
        throw e;
      }
      return 'accepted';
    };
    expect(refusal([1, 2])).toMatch(/not a dbt manifest/);
    expect(refusal({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' }, results: [] })).toMatch(/run_results.json/);
    expect(refusal({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v7.json' }, nodes: {} })).toMatch(/manifest v7: Traction reads v9 to v12/);
    const broken = fixture('jaffle-shop-manifest-v12.json') as { nodes: Record<string, Record<string, unknown>> };
    broken.nodes['model.jaffle_shop.orders']!.schema = 42;
    expect(refusal(broken)).toMatch(/nodes\["model.jaffle_shop.orders"\].schema: .*expected string/);
  });
});
