// One suite for every engine (DuckDB, PostgreSQL, MySQL/MariaDB, SQLite): the same table,
// the same checks, the same expected numbers. The expected values are worked out by hand
// from the five rows below; mean, sample stddev and median were confirmed with Python's
// statistics module (stdev([1.5, 2.5, 3.5, 4.0]) = 1.1086778913041726, median = 39.5).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema } from '../domain/dataset.js';
import { MYSQL_URL, PG_URL, dropSchema, uniqueSchema } from '../../test/support/databases.js';
import { mysqlAdmin, postgresAdmin, skipReason } from '../../test/support/sql-servers.js';
import { clickhouseSkipReason, startClickhouse } from '../../test/support/clickhouse-server.js';
import { openClickhouseConnection } from './connectors/clickhouse/connection.js';
import { clickhouseDialect } from './connectors/clickhouse/dialect.js';
import { createDuckdbInstance, openDuckdbConnection } from './connectors/duckdb/connection.js';
import { duckdbDialect } from './connectors/duckdb/dialect.js';
import { mysqlDialect } from './connectors/mysql/dialect.js';
import { openMysqlConnection } from './connectors/mysql/connection.js';
import { postgresDialect } from './connectors/postgres/dialect.js';
import { openPostgresConnection } from './connectors/postgres/connection.js';
import { openSqliteConnection } from './connectors/sqlite/connection.js';
import { sqliteDialect } from './connectors/sqlite/dialect.js';
import { failingRows, failingRowsSql } from './failing-rows.js';
import { runDataset, type DatasetRun } from './run-dataset.js';
import type { SourceConnection } from './source-connection.js';
import type { SqlDialect } from './sql-dialect.js';

const ROWS = [
  [1, 'Anna', 'anna@example.com', 'DE', 34, 1.5, 'a'],
  [2, 'Bert', 'bert@example', 'FR', 45, 2.5, 'b'],
  [3, 'Carl', null, 'XX', null, 3.5, null],
  [3, 'Dora', 'dora@example.com', 'DE', 150, null, 'd'],
  [5, "O'Neil", 'eve@example.com', 'DE', 22, 4.0, 'e'],
];
const COLUMNS = [
  ['id', 'integer'],
  ['name', 'varchar(50)'],
  ['email', 'varchar(100)'],
  ['country', 'varchar(10)'],
  ['age', 'integer'],
  ['score', 'double precision'],
  ['odd col', 'varchar(10)'], // a space: identifiers must be quoted by the dialect
] as const;

// Set-up goes through each engine's own admin access: the source connections run only
// guarded, read-only SELECTs.
async function loadPeople(d: SqlDialect, table: string, exec: (sql: string) => Promise<unknown>): Promise<void> {
  const defs = COLUMNS.map(([name, type]) => `${d.quote(name)} ${type}`);
  await exec(`create table ${d.qualified(table)} (${defs.join(', ')})`);
  await exec(`insert into ${d.qualified(table)} values ${ROWS.map((r) => `(${r.map((v) => d.literal(v)).join(', ')})`).join(', ')}`);
}

const CHECKS = [
  { type: 'not_null', column: 'email' },
  { type: 'unique', column: 'id' },
  { type: 'accepted_values', column: 'country', values: ['DE', 'FR'] },
  { type: 'range', column: 'age', min: 0, max: 120 },
  { type: 'regex', column: 'email', pattern: '^[a-z]+@[a-z]+[.][a-z]+$' },
  { type: 'like', column: 'email', pattern: '%@example.com' },
  { type: 'length', column: 'name', min: 4, max: 4 },
  { type: 'aggregate', column: 'score', metric: 'mean', min: 2.8, max: 2.9 },
  { type: 'aggregate', column: 'score', metric: 'stddev', min: 1, max: 1.2 },
  { type: 'aggregate', column: 'age', metric: 'median', min: 39.5, max: 39.5 },
  { type: 'aggregate', column: 'age', metric: 'quantile', q: 0.25, min: 22, max: 22 },
  { type: 'aggregate', column: 'country', metric: 'most_common_value', values: ['DE'] },
  { type: 'aggregate', column: 'id', metric: 'proportion_unique', min: 0.8, max: 0.8 },
  { type: 'column_pair', a: 'age', op: '>', b: 'score' },
  { type: 'custom_sql', sql: 'select * from {dataset} where age > 100' },
  { type: 'duplicate_rows', columns: ['id'] },
  { type: 'unique', columns: ['id', 'name'] },
  { type: 'not_null', column: 'odd col' },
  { type: 'not_null', column: 'email', where: "country = 'DE'", name: 'email of DE' },
  { type: 'row_count', min: 5, max: 5 },
];

// [status, elements, unexpected] per check, or [status, observed] for aggregates.
const EXPECTED: Record<string, [string, number, number?]> = {
  'not_null(email)': ['fail', 5, 1],
  'unique(id)': ['fail', 5, 2],
  'accepted_values(country)': ['fail', 5, 1],
  'range(age)': ['fail', 4, 1],
  'regex(email)': ['fail', 4, 1],
  'like(email)': ['fail', 4, 1],
  'length(name)': ['fail', 5, 1],
  'aggregate(mean of score)': ['pass', 2.875],
  'aggregate(stddev of score)': ['pass', 1.1086778913041726],
  'aggregate(median of age)': ['pass', 39.5],
  'aggregate(quantile 0.25 of age)': ['pass', 22],
  'aggregate(proportion_unique of id)': ['pass', 0.8],
  'column_pair(age > score)': ['pass', 3, 0],
  custom_sql: ['fail', 1],
  'duplicate_rows(id)': ['fail', 5, 2],
  'unique(id, name)': ['pass', 5, 0],
  'not_null(odd col)': ['fail', 5, 1],
  'email of DE': ['pass', 3, 0],
  row_count: ['pass', 5],
};

interface Engine {
  name: string;
  /** Why this engine cannot run here ('' when it can); under CI a missing server throws. */
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
      await loadPeople(duckdbDialect, 'people', (sql) => setup.run(sql));
      setup.closeSync();
      const conn = openDuckdbConnection(instance, { sourceId: 'test', root: '/' });
      return { conn, table: 'people', dispose: async () => instance.closeSync() };
    },
  },
  {
    name: 'postgres',
    skip: await skipReason('postgres'),
    async open() {
      const schema = uniqueSchema('rd');
      const admin = await postgresAdmin();
      await admin.exec(`create schema "${schema}"`);
      await loadPeople(postgresDialect, `${schema}.people`, admin.exec);
      await admin.close();
      const conn = openPostgresConnection({ sourceId: 'test', url: PG_URL, schema });
      return { conn, table: 'people', dispose: async () => (await conn.close(), await dropSchema(schema)) };
    },
  },
  {
    name: 'mysql',
    skip: await skipReason('mysql'),
    async open() {
      const table = uniqueSchema('people');
      const admin = await mysqlAdmin();
      await loadPeople(mysqlDialect, table, admin.exec);
      const conn = openMysqlConnection({ sourceId: 'test', url: MYSQL_URL });
      return { conn, table, dispose: async () => (await conn.close(), await admin.exec(`drop table if exists \`${table}\``), await admin.close()) };
    },
  },
  {
    // A Distributed table over two shards (test/support/clickhouse-server.ts), read by the
    // read-only account.
    name: 'clickhouse',
    skip: clickhouseSkipReason(),
    async open() {
      const server = await startClickhouse();
      const types: Record<string, string> = { integer: 'Nullable(Int64)', 'double precision': 'Nullable(Float64)' };
      const defs = COLUMNS.map(([name, type]) => `${clickhouseDialect.quote(name)} ${name === 'id' ? 'Int64' : (types[type] ?? 'Nullable(String)')}`);
      await server.distributedTable('people', defs.join(', '), ROWS.map((r) => r.map((v) => clickhouseDialect.literal(v)).join(', ')));
      const conn = openClickhouseConnection({ sourceId: 'test', url: `${server.readerUrl}/default` });
      return { conn, table: 'people', dispose: async () => (await conn.close(), await server.stop()) };
    },
  },
  {
    name: 'sqlite',
    skip: '',
    async open() {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'traction-sqlite-')), 'people.db');
      const writer = new SqliteDatabase(file);
      await loadPeople(sqliteDialect, 'people', async (sql) => writer.exec(sql));
      writer.close();
      const conn = openSqliteConnection({ sourceId: 'test', file });
      return { conn, table: 'people', dispose: () => conn.close() };
    },
  },
];

// A missing server skips its engine's tests with the reason in the suite's name (printed by
// the reporter); never an early return that would count as a pass.
for (const engine of ENGINES) if (engine.skip) console.warn(`skipping readiness on ${engine.name}: ${engine.skip}`);

describe.each(ENGINES.map((e) => ({ ...e, title: e.skip ? `${e.name} (skipped: ${e.skip})` : e.name })))('readiness on $title', (engine) => {
  let ctx!: Awaited<ReturnType<Engine['open']>>;
  let run: DatasetRun;
  beforeAll(async () => {
    if (engine.skip) return;
    ctx = await engine.open();
    const dataset = datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table, primary_key: ['id', 'name'], checks: CHECKS });
    run = await runDataset({ dataset, conn: ctx.conn, resolve: async () => undefined, now: new Date('2026-01-01T00:00:00Z') });
  });
  afterAll(async () => ctx?.dispose());
  const test = it.skipIf(engine.skip !== '');

  test.each(Object.entries(EXPECTED))('%s', (name, [status, a, b]) => {
    const o = run.outcomes.find((x) => x.name === name);
    expect(o, `no outcome ${name}: ${run.outcomes.map((x) => `${x.name}: ${x.message}`).join('\n')}`).toBeDefined();
    expect(o?.status, o?.message).toBe(status);
    if (b !== undefined) {
      expect(o?.elements).toBe(a);
      expect(o?.unexpected).toBe(b);
    } else if (name === 'custom_sql') expect(o?.unexpected).toBe(a);
    else expect(o?.observed as number).toBeCloseTo(a, 9);
  });

  test('computes the most common value and the row count', () => {
    expect(run.outcomes.find((o) => o.name === 'aggregate(most_common_value of country)')?.observed).toEqual(['DE']);
    expect(run.rowCount).toBe(5);
  });

  test('compiles every aggregate of one filter into one scan', () => {
    // 2 scans (no filter; the where filter), 3 group-bys (id; country; id+name), ordered
    // follow-ups for median/quantile where the engine lacks them, custom SQL: 1 query.
    const ordered = engine.name === 'mysql' || engine.name === 'sqlite' || engine.name === 'clickhouse' ? 2 : 0;
    expect(run.queries).toBe(2 + 3 + ordered + 1);
  });

  test('groups a unique column only when it has duplicates, where the dialect counts distinct in the scan', async () => {
    const dataset = datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table, checks: [{ type: 'unique', column: 'name' }, { type: 'unique', column: 'id' }] });
    const r = await runDataset({ dataset, conn: ctx.conn, resolve: async () => undefined, now: new Date() });
    expect(r.outcomes.map((o) => [o.status, o.elements, o.unexpected])).toEqual([['pass', 5, 0], ['fail', 5, 2]]);
    // The scan, then: DuckDB groups only id (name's distinct count equals its count); others group both.
    expect(r.queries).toBe(ctx.conn.dialect.uniqueFromDistinct ? 1 + 1 : 1 + 2);
  });

  test('streams failing rows with the primary key', async () => {
    const check = datasetSchema.shape.checks.parse([{ type: 'range', column: 'age', min: 0, max: 120 }])[0];
    const relation = await ctx.conn.relation(datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table }));
    const sql = failingRowsSql(check as never, { primary_key: ['id', 'name'] }, relation, ctx.conn);
    const rows = [];
    for await (const r of failingRows(ctx.conn, sql as string, 0, false)) rows.push(r);
    expect(rows).toEqual([{ id: 3, name: 'Dora', age: 150 }]);
  });

  test('runs custom SQL read-only: a statement that writes is refused', async () => {
    const dataset = datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table, checks: [{ type: 'custom_sql', sql: `select 1 as x; delete from ${ctx.conn.dialect.qualified(ctx.table)}` }] });
    const r = await runDataset({ dataset, conn: ctx.conn, resolve: async () => undefined, now: new Date() });
    expect(r.outcomes[0]?.status).toBe('error');
    expect(Number((await ctx.conn.query(`select count(*) as n from ${await ctx.conn.relation(dataset)}`))[0]?.n)).toBe(5);
  });
});
