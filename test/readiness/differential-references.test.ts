// Referential integrity on every engine, within one engine and across two: single and
// composite keys give the same counts and the same failing rows (the ones `--failing-rows`
// and `--csv` print). Expected values worked out by hand from the rows below: a key with a
// null part is not judged (SQL's MATCH SIMPLE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema, type Dataset } from '../../src/domain/dataset.js';
import { checkSchema, type CheckOf } from '../../src/domain/checks.js';
import { referentialFailingRows } from '../../src/readiness/external-checks.js';
import { runDataset } from '../../src/readiness/run-dataset.js';
import { ENGINE_IDS, engineSkip, loadTables, type EngineId, type Loaded, type TableSpec } from './engine-tables.js';

const SPECS: TableSpec[] = [
  { name: 'customers', columns: [['cust_no', 'integer'], ['region', 'string']], rows: [[1, 'N'], [2, 'S'], [3, 'N'], [null, 'N']] },
  {
    name: 'orders',
    columns: [['id', 'integer'], ['cust', 'integer'], ['region', 'string']],
    rows: [[10, 1, 'N'], [11, 1, 'S'], [12, 2, 'S'], [13, 3, null], [14, null, 'N'], [15, 4, 'N'], [16, 3, 'N']],
  },
];
const COMPOSITE = { type: 'referential_integrity', columns: ['cust', 'region'], to: { dataset: 'customers', columns: ['cust_no', 'region'] } };
const SINGLE = { type: 'referential_integrity', column: 'cust', to: { dataset: 'customers', column: 'cust_no' } };

const ENGINES = await Promise.all(ENGINE_IDS.map(async (engine) => ({ engine, skip: await engineSkip(engine) })));
const loaded = new Map<EngineId, Loaded>();

beforeAll(async () => {
  for (const { engine, skip } of ENGINES) if (!skip) loaded.set(engine, await loadTables(engine, SPECS));
});
afterAll(async () => {
  for (const l of loaded.values()) await l.dispose();
});

const dataset = (l: Loaded, name: string, checks: unknown[] = []): Dataset => datasetSchema.parse({ id: name, source: l.engine, table: l.tables[name], primary_key: name === 'orders' ? ['id'] : [], checks });

describe.each(ENGINES.map((e, i) => ({ ...e, other: (ENGINES[(i + 1) % ENGINES.length] as (typeof ENGINES)[number]).engine })))('referential integrity on $engine', ({ engine, skip, other }) => {
  for (const across of [false, true]) {
    const where = across ? `against ${other}` : 'in the same engine';
    it.skipIf(skip !== '' || (across && ENGINES.some((e) => e.engine === other && e.skip !== '')))(`single and composite keys ${where}: counts and failing rows`, async () => {
      const mine = loaded.get(engine) as Loaded;
      const theirs = across ? (loaded.get(other) as Loaded) : mine;
      const resolve = async (id: string) => (id === 'customers' ? { dataset: dataset(theirs, 'customers'), conn: theirs.conn } : undefined);
      const orders = dataset(mine, 'orders', [SINGLE, COMPOSITE]);
      const run = await runDataset({ dataset: orders, conn: mine.conn, resolve, now: new Date() });
      expect(run.outcomes.map((o) => [o.name, o.status, o.elements, o.unexpected])).toEqual([
        ['referential_integrity(cust -> customers.cust_no)', 'fail', 6, 1],
        ['referential_integrity((cust, region) -> customers.(cust_no, region))', 'fail', 5, 2],
      ]);
      const relation = await mine.conn.relation(orders);
      const rows = async (check: unknown, limit = 0) => {
        const out = [];
        for await (const r of referentialFailingRows(checkSchema.parse(check) as CheckOf<'referential_integrity'>, { relation, conn: mine.conn, resolve, primaryKey: ['id'] }, limit)) out.push(r);
        return out.sort((a, b) => Number(a.id) - Number(b.id));
      };
      expect(await rows(SINGLE)).toEqual([{ id: 15, cust: 4 }]);
      expect(await rows(COMPOSITE)).toEqual([
        { id: 11, cust: 1, region: 'S' },
        { id: 15, cust: 4, region: 'N' },
      ]);
      expect(await rows(COMPOSITE, 1)).toHaveLength(1);
    });
  }
});

describe('referential integrity keys are validated', () => {
  it.each([
    [{ type: 'referential_integrity', column: 'a', columns: ['a'], to: { dataset: 'x', column: 'b' } }, /exactly one of column or columns/],
    [{ type: 'referential_integrity', columns: ['a', 'b'], to: { dataset: 'x', columns: ['b'] } }, /as many columns/],
    [{ type: 'referential_integrity', column: 'a', to: { dataset: 'x' } }, /to needs exactly one of column or columns/],
  ])('refuses %j', (check, message) => {
    const r = checkSchema.safeParse(check);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(message);
  });
});
