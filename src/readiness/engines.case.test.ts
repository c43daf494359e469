// One suite for every engine (DuckDB, PostgreSQL, MySQL/MariaDB, SQLite): the same table,
// the same checks, the same expected numbers. The expected values are worked out by hand
// from the five rows below; mean, sample stddev and median were confirmed with Python's
// statistics module (stdev([1.5, 2.5, 3.5, 4.0]) = 1.1086778913041726, median = 39.5).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema } from '../domain/dataset.js';
import { IN_CI, MYSQL_URL, PG_URL, dropSchema, postgresAvailable, uniqueSchema } from '../../test/support/databases.js';
import { createDuckdbInstance, openDuckdbConnection } from './connectors/duckdb/connection.js';
import { openMysqlConnection } from './connectors/mysql/connection.js';
import { openPostgresConnection } from './connectors/postgres/connection.js';
import { openSqliteConnection } from './connectors/sqlite/connection.js';
import { sqliteDialect } from './connectors/sqlite/dialect.js';
import { failingRows, failingRowsSql } from './failing-rows.js';
import { runDataset, type DatasetRun } from './run-dataset.js';
import type { SourceConnection } from './source-connection.js';

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

async function loadPeople(conn: SourceConnection, table: string, exec: (sql: string) => Promise<unknown> = (s) => conn.query(s)): Promise<void> {
  const d = conn.dialect;
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
  available(): Promise<boolean>;
  open(): Promise<{ conn: SourceConnection; table: string; dispose(): Promise<void> }>;
}

async function mysqlAvailable(): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 2000 });
    await c.end();
    return true;
  } catch (e) {
    if (IN_CI) throw new Error(`MariaDB is required under CI but ${MYSQL_URL} did not answer: ${(e as Error).message}`);
    return false;
  }
}

const ENGINES: Engine[] = [
  {
    name: 'duckdb',
    available: async () => true,
    async open() {
      const instance = await createDuckdbInstance();
      const conn = openDuckdbConnection(instance, { sourceId: 'test', root: '/' });
      // Set-up DDL on a raw connection: the source connection runs guarded SELECTs only.
      const raw = await instance.connect();
      await loadPeople(conn, 'people', (sql) => raw.run(sql));
      raw.closeSync();
      return { conn, table: 'people', dispose: async () => instance.closeSync() };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async open() {
      const schema = uniqueSchema('rd');
      const conn = openPostgresConnection({ sourceId: 'test', url: PG_URL, schema });
      await conn.query(`create schema "${schema}"`);
      await loadPeople(conn, `${schema}.people`);
      return { conn, table: 'people', dispose: async () => (await conn.close(), await dropSchema(schema)) };
    },
  },
  {
    name: 'mysql',
    available: mysqlAvailable,
    async open() {
      const table = uniqueSchema('people');
      const conn = openMysqlConnection({ sourceId: 'test', url: MYSQL_URL });
      await loadPeople(conn, table);
      return { conn, table, dispose: async () => (await conn.query(`drop table if exists \`${table}\``), await conn.close()) };
    },
  },
  {
    name: 'sqlite',
    available: async () => true,
    async open() {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'traction-sqlite-')), 'people.db');
      const writer = new SqliteDatabase(file);
      await loadPeople({ dialect: sqliteDialect } as SourceConnection, 'people', async (sql) => writer.exec(sql));
      writer.close();
      const conn = openSqliteConnection({ sourceId: 'test', file });
      return { conn, table: 'people', dispose: () => conn.close() };
    },
  },
];

describe.each(ENGINES)('readiness on $name', (engine) => {
  let ctx: Awaited<ReturnType<Engine['open']>> | undefined;
  let run: DatasetRun;
  beforeAll(async () => {
    if (!(await engine.available())) return;
    ctx = await engine.open();
    const dataset = datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table, primary_key: ['id', 'name'], checks: CHECKS });
    run = await runDataset({ dataset, conn: ctx.conn, resolve: async () => undefined, now: new Date('2026-01-01T00:00:00Z') });
  });
  afterAll(async () => ctx?.dispose());

  it.each(Object.entries(EXPECTED))('%s', (name, [status, a, b]) => {
    if (!ctx) return;
    const o = run.outcomes.find((x) => x.name === name);
    expect(o, `no outcome ${name}: ${run.outcomes.map((x) => `${x.name}: ${x.message}`).join('\n')}`).toBeDefined();
    expect(o?.status, o?.message).toBe(status);
    if (b !== undefined) {
      expect(o?.elements).toBe(a);
      expect(o?.unexpected).toBe(b);
    } else if (name === 'custom_sql') expect(o?.unexpected).toBe(a);
    else expect(o?.observed as number).toBeCloseTo(a, 9);
  });

  it('computes the most common value and the row count', () => {
    if (!ctx) return;
    expect(run.outcomes.find((o) => o.name === 'aggregate(most_common_value of country)')?.observed).toEqual(['DE']);
    expect(run.rowCount).toBe(5);
  });

  it('compiles every aggregate of one filter into one scan', () => {
    if (!ctx) return;
    // 2 scans (no filter; the where filter), 3 group-bys (id; country; id+name), ordered
    // follow-ups for median/quantile where the engine lacks them, custom SQL: 1 query.
    const ordered = engine.name === 'mysql' || engine.name === 'sqlite' ? 2 : 0;
    expect(run.queries).toBe(2 + 3 + ordered + 1);
  });

  it('groups a unique column only when it has duplicates, where the dialect counts distinct in the scan', async () => {
    if (!ctx) return;
    const dataset = datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table, checks: [{ type: 'unique', column: 'name' }, { type: 'unique', column: 'id' }] });
    const r = await runDataset({ dataset, conn: ctx.conn, resolve: async () => undefined, now: new Date() });
    expect(r.outcomes.map((o) => [o.status, o.elements, o.unexpected])).toEqual([['pass', 5, 0], ['fail', 5, 2]]);
    // The scan, then: DuckDB groups only id (name's distinct count equals its count); others group both.
    expect(r.queries).toBe(ctx.conn.dialect.uniqueFromDistinct ? 1 + 1 : 1 + 2);
  });

  it('streams failing rows with the primary key', async () => {
    if (!ctx) return;
    const check = datasetSchema.shape.checks.parse([{ type: 'range', column: 'age', min: 0, max: 120 }])[0];
    const relation = await ctx.conn.relation(datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table }));
    const sql = failingRowsSql(check as never, { primary_key: ['id', 'name'] }, relation, ctx.conn);
    const rows = [];
    for await (const r of failingRows(ctx.conn, sql as string, 0, false)) rows.push(r);
    expect(rows).toEqual([{ id: 3, name: 'Dora', age: 150 }]);
  });

  it('runs custom SQL read-only: a statement that writes is refused', async () => {
    if (!ctx) return;
    const dataset = datasetSchema.parse({ id: 'people', source: 'test', table: ctx.table, checks: [{ type: 'custom_sql', sql: `select 1 as x; delete from ${ctx.conn.dialect.qualified(ctx.table)}` }] });
    const r = await runDataset({ dataset, conn: ctx.conn, resolve: async () => undefined, now: new Date() });
    expect(r.outcomes[0]?.status).toBe('error');
    expect(Number((await ctx.conn.query(`select count(*) as n from ${await ctx.conn.relation(dataset)}`))[0]?.n)).toBe(5);
  });
});
