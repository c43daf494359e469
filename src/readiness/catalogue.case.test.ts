// The catalogue checks (issue 18) on every engine: the same five rows, the same checks, the
// same numbers on DuckDB, PostgreSQL, MySQL/MariaDB and SQLite. Expected values are worked out
// by hand from the rows below (z-scores: mean 25, sample sd sqrt(125); the KS p-value of
// [10, 20, 25, 30, 40] against uniform(0, 50) is scipy.stats.kstest's 0.9616, D = 0.2).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema } from '../domain/dataset.js';
import { MYSQL_URL, PG_URL, dropSchema, uniqueSchema } from '../../test/support/databases.js';
import { mysqlAdmin, postgresAdmin, skipReason } from '../../test/support/sql-servers.js';
import { createDuckdbInstance, openDuckdbConnection } from './connectors/duckdb/connection.js';
import { duckdbDialect } from './connectors/duckdb/dialect.js';
import { mysqlDialect } from './connectors/mysql/dialect.js';
import { openMysqlConnection } from './connectors/mysql/connection.js';
import { postgresDialect } from './connectors/postgres/dialect.js';
import { openPostgresConnection } from './connectors/postgres/connection.js';
import { openSqliteConnection } from './connectors/sqlite/connection.js';
import { sqliteDialect } from './connectors/sqlite/dialect.js';
import { jsonFailingRows } from './catalogue-checks.js';
import { failingRows, failingRowsSql } from './failing-rows.js';
import { runDataset, type DatasetRun } from './run-dataset.js';
import type { SourceConnection } from './source-connection.js';
import type { SqlDialect } from './sql-dialect.js';

const ROWS = [
  [1, 1, 2, 3, 'apple', '{"x": 1}', 10],
  [2, 2, 1, 1, 'banana', '{"x": "s"}', 20],
  [3, 3, 0, 0, 'cherry', 'not json', 30],
  [4, 4, 0, 0, null, null, 25],
  [5, 5, null, null, 'date', '[1, 2]', 40],
];
const COLUMNS = [
  ['id', 'integer'],
  ['a', 'integer'],
  ['b', 'integer'],
  ['c', 'integer'],
  ['txt', 'varchar(20)'],
  ['js', 'varchar(40)'],
  ['seq', 'integer'],
] as const;

async function load(d: SqlDialect, table: string, exec: (sql: string) => Promise<unknown>): Promise<void> {
  await exec(`create table ${d.qualified(table)} (${COLUMNS.map(([n, t]) => `${d.quote(n)} ${t}`).join(', ')})`);
  await exec(`insert into ${d.qualified(table)} values ${ROWS.map((r) => `(${r.map((v) => d.literal(v)).join(', ')})`).join(', ')}`);
}

const CHECKS = [
  { type: 'distinct_values', column: 'a', mode: 'in_set', values: [1, 2, 3, 4] },
  { type: 'distinct_values', column: 'a', mode: 'contains', values: [1, 6] },
  { type: 'distinct_values', column: 'a', mode: 'equals', values: [1, 2, 3, 4, 5] },
  { type: 'column_count', min: 7, max: 7 },
  { type: 'columns_match', columns: ['id', 'a', 'b', 'c', 'txt', 'js', 'seq'], ordered: true },
  { type: 'columns_match', columns: ['id', 'a'], exact: false, name: 'has id and a' },
  { type: 'columns_match', columns: ['b', 'c'], at: 3, name: 'b and c third and fourth' },
  { type: 'columns_match', columns: ['c', 'b'], at: 3, name: 'c and b third and fourth' },
  { type: 'columns_match', columns: ['seq', 'more'], at: 7, name: 'seq then more from seventh' },
  { type: 'column_pair_set', a: 'a', b: 'b', pairs: [[1, 2], [2, 1], [3, 0]] },
  { type: 'multicolumn_sum', columns: ['b', 'c'], total: 0 },
  { type: 'unique_within_record', columns: ['b', 'c'] },
  { type: 'monotonic', column: 'seq', direction: 'increasing', order_by: ['id'] },
  { type: 'monotonic', column: 'seq', direction: 'increasing', name: 'stored order' },
  { type: 'is_null', column: 'txt' },
  { type: 'regex_list', column: 'txt', patterns: ['^a', 'y$'], match: 'any' },
  { type: 'like_list', column: 'txt', patterns: ['%an%'], match: 'none' },
  { type: 'column_type', column: 'a', types: ['integer'] },
  { type: 'column_type', column: 'txt', types: ['INTEGER', 'number'], name: 'txt is a number' },
  { type: 'json', column: 'js' },
  { type: 'json', column: 'js', schema: { type: 'object', properties: { x: { type: 'number' } } }, name: 'json schema' },
  { type: 'z_score', column: 'seq', threshold: 1.2 },
  { type: 'ks_test', column: 'seq', distribution: 'uniform', params: { loc: 0, scale: 50 } },
  { type: 'chi_square_test', column: 'txt', partition: { values: ['apple', 'banana', 'cherry', 'date'], weights: [0.25, 0.25, 0.25, 0.25] } },
  { type: 'kl_divergence', column: 'a', partition: { bins: [0, 2.5, 5], weights: [0.4, 0.6] }, threshold: 0.01 },
  { type: 'cramers_phi', a: 'b', b: 'c', max: 0.5 },
];

// [status, elements, unexpected] for row-level checks, [status, observed] for the others.
const EXPECTED: Record<string, [string, unknown, number?]> = {
  'distinct_values(a in_set)': ['fail', 5, 1],
  'distinct_values(a contains)': ['fail', [1, 2, 3, 4, 5]],
  'distinct_values(a equals)': ['pass', [1, 2, 3, 4, 5]],
  column_count: ['pass', 7],
  'columns_match(id, a, b, c, txt, js, seq)': ['pass', ['id', 'a', 'b', 'c', 'txt', 'js', 'seq']],
  'has id and a': ['pass', ['id', 'a', 'b', 'c', 'txt', 'js', 'seq']],
  'b and c third and fourth': ['pass', ['id', 'a', 'b', 'c', 'txt', 'js', 'seq']],
  'c and b third and fourth': ['fail', ['id', 'a', 'b', 'c', 'txt', 'js', 'seq']],
  'seq then more from seventh': ['fail', ['id', 'a', 'b', 'c', 'txt', 'js', 'seq']],
  'column_pair_set(a, b)': ['fail', 5, 2],
  'multicolumn_sum(b, c)': ['fail', 4, 2],
  'unique_within_record(b, c)': ['fail', 4, 3],
  'monotonic(seq increasing)': ['fail', 5, 1],
  'is_null(txt)': ['fail', 5, 4],
  'regex_list(txt)': ['fail', 4, 2],
  'like_list(txt)': ['fail', 4, 1],
  'column_type(a)': ['pass', undefined],
  'txt is a number': ['fail', undefined],
  'json(js)': ['fail', 4, 1],
  'json schema': ['fail', 4, 3],
  'z_score(seq)': ['fail', 5, 2],
  'ks_test(seq ~ uniform)': ['pass', 0.9616],
  'chi_square_test(txt)': ['pass', 1],
  'kl_divergence(a)': ['pass', 0],
  // b, c over 4 rows: (2,3) (1,1) (0,0) (0,0); a perfect association within 3 x 3 categories.
  'cramers_phi(b, c)': ['fail', 1],
};

interface Engine {
  name: string;
  skip: string;
  open(): Promise<{ conn: SourceConnection; table: string; dispose(): Promise<void> }>;
}

const ENGINES: Engine[] = [
  {
    name: 'duckdb',
    skip: '',
    async open() {
      const instance = await createDuckdbInstance();
      const setup = await instance.connect();
      await load(duckdbDialect, 'items', (sql) => setup.run(sql));
      setup.closeSync();
      return { conn: openDuckdbConnection(instance, { sourceId: 'test', root: '/' }), table: 'items', dispose: async () => instance.closeSync() };
    },
  },
  {
    name: 'postgres',
    skip: await skipReason('postgres'),
    async open() {
      const schema = uniqueSchema('cat');
      const admin = await postgresAdmin();
      await admin.exec(`create schema "${schema}"`);
      await load(postgresDialect, `${schema}.items`, admin.exec);
      await admin.close();
      const conn = openPostgresConnection({ sourceId: 'test', url: PG_URL, schema });
      return { conn, table: 'items', dispose: async () => (await conn.close(), await dropSchema(schema)) };
    },
  },
  {
    name: 'mysql',
    skip: await skipReason('mysql'),
    async open() {
      const table = uniqueSchema('items');
      const admin = await mysqlAdmin();
      await load(mysqlDialect, table, admin.exec);
      const conn = openMysqlConnection({ sourceId: 'test', url: MYSQL_URL });
      return { conn, table, dispose: async () => (await conn.close(), await admin.exec(`drop table if exists \`${table}\``), await admin.close()) };
    },
  },
  {
    name: 'sqlite',
    skip: '',
    async open() {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'traction-sqlite-')), 'items.db');
      const writer = new SqliteDatabase(file);
      await load(sqliteDialect, 'items', async (sql) => writer.exec(sql));
      writer.close();
      const conn = openSqliteConnection({ sourceId: 'test', file });
      return { conn, table: 'items', dispose: () => conn.close() };
    },
  },
];

for (const engine of ENGINES) if (engine.skip) console.warn(`skipping the catalogue checks on ${engine.name}: ${engine.skip}`);

describe.each(ENGINES.map((e) => ({ ...e, title: e.skip ? `${e.name} (skipped: ${e.skip})` : e.name })))('catalogue checks on $title', (engine) => {
  let ctx!: Awaited<ReturnType<Engine['open']>>;
  let run: DatasetRun;
  const dataset = (checks: unknown[]) => datasetSchema.parse({ id: 'items', source: 'test', table: ctx.table, primary_key: ['id'], checks });
  beforeAll(async () => {
    if (engine.skip) return;
    ctx = await engine.open();
    run = await runDataset({ dataset: dataset(CHECKS), conn: ctx.conn, resolve: async () => undefined, now: new Date('2026-01-01T00:00:00Z') });
  });
  afterAll(async () => ctx?.dispose());
  const test = it.skipIf(engine.skip !== '');

  test.each(Object.entries(EXPECTED))('%s', (name, [status, a, b]) => {
    const o = run.outcomes.find((x) => x.name === name);
    expect(o, `no outcome ${name}: ${run.outcomes.map((x) => `${x.name}: ${x.message}`).join('\n')}`).toBeDefined();
    expect(o?.status, o?.message).toBe(status);
    if (b !== undefined) expect([o?.elements, o?.unexpected]).toEqual([a, b]);
    else if (typeof a === 'number') expect(o?.observed as number).toBeCloseTo(a, 4);
    else if (a !== undefined) expect(o?.observed).toEqual(a);
  });

  test('follows the stored row order where the engine keeps one, and refuses it by name on MySQL', () => {
    const o = run.outcomes.find((x) => x.name === 'stored order');
    if (engine.name === 'mysql') {
      expect(o?.status).toBe('error');
      expect(o?.message).toBe('dataset items, check stored order: monotonic needs order_by on MySQL/MariaDB: it keeps no row order of its own');
    } else expect([o?.status, o?.elements, o?.unexpected]).toEqual(['fail', 5, 1]);
  });

  test('streams the failing rows of the catalogue checks with the primary key', async () => {
    const relation = await ctx.conn.relation(dataset([]));
    const rowsOf = async (check: unknown) => {
      const c = datasetSchema.shape.checks.parse([check])[0];
      const sql = failingRowsSql(c as never, { primary_key: ['id'] }, relation, ctx.conn);
      const rows: unknown[] = [];
      for await (const r of failingRows(ctx.conn, sql as string, 0, false)) rows.push(r);
      return rows.map((r) => (r as { id: number }).id).sort();
    };
    expect(await rowsOf({ type: 'monotonic', column: 'seq', direction: 'increasing', order_by: ['id'] })).toEqual([4]);
    expect(await rowsOf({ type: 'distinct_values', column: 'a', mode: 'in_set', values: [1, 2, 3, 4] })).toEqual([5]);
    expect(await rowsOf({ type: 'z_score', column: 'seq', threshold: 1.2 })).toEqual([1, 5]);
    expect(await rowsOf({ type: 'unique_within_record', columns: ['b', 'c'] })).toEqual([2, 3, 4]);
    expect(await rowsOf({ type: 'column_pair_set', a: 'a', b: 'b', pairs: [[1, 2], [2, 1], [3, 0]] })).toEqual([4, 5]);
    // JSON: judged by the check's own function, then selected by text.
    const jsonRows: unknown[] = [];
    const schema = { type: 'object', properties: { x: { type: 'number' } } };
    const json = datasetSchema.shape.checks.parse([{ type: 'json', column: 'js', schema }])[0] as never;
    for await (const r of jsonFailingRows(json, ['id'], relation, ctx.conn, 0)) jsonRows.push(r);
    expect(jsonRows.map((r) => (r as { id: number }).id).sort()).toEqual([2, 3, 5]);
  });

  test('refuses columns_match with both at and ordered, naming at', () => {
    const r = datasetSchema.shape.checks.safeParse([{ type: 'columns_match', columns: ['b'], at: 3, ordered: true }]);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.at(-1), i.message])).toEqual([['at', 'at places the columns from a position; drop ordered (other columns may surround them)']]);
    expect(datasetSchema.shape.checks.safeParse([{ type: 'columns_match', columns: ['b'], at: 0 }]).success).toBe(false);
  });

  test('refuses a bad partition or schema with its reason, and runs nothing for it', async () => {
    const r = await runDataset({
      dataset: dataset([
        { type: 'kl_divergence', column: 'a', partition: { bins: [0, 5, 2], weights: [0.5, 0.5] }, threshold: 0.1 },
        { type: 'chi_square_test', column: 'txt', partition: { values: ['x', 'y'], weights: [0.5, 0.6] } },
        { type: 'json', column: 'js', schema: { type: 'no such type' } },
      ]),
      conn: ctx.conn,
      resolve: async () => undefined,
      now: new Date(),
    });
    expect(r.outcomes.map((o) => [o.status, o.message])).toEqual([
      // Refused at compile time: located by dataset and check.
      ['error', 'dataset items, check kl_divergence(a): partition: bins must increase'],
      ['error', 'dataset items, check chi_square_test(txt): partition: weights must add up to 1'],
      ['error', expect.stringMatching(/^schema: /)],
    ]);
    // Only the one scan counting the rows ran for the two refused at compile time, plus the JSON query that refused its schema before reading.
    expect(r.queries).toBe(2);
  });
});
