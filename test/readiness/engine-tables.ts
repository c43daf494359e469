// Loads one table (columns with canonical types, rows of plain values) into DuckDB,
// PostgreSQL, MariaDB and SQLite for the differential suites, through each engine's admin
// access (the source connections under test only read). Each engine gets its own uniquely
// named schema/table/file, dropped by dispose(). Under CI=true a missing server fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { DuckDBInstance } from '@duckdb/node-api';
import { MYSQL_URL, PG_URL, dropSchema, uniqueSchema } from '../support/databases.js';
import { mysqlAdmin, postgresAdmin, skipReason } from '../support/sql-servers.js';
import { clickhouseSkipReason, startClickhouse } from '../support/clickhouse-server.js';
import { openClickhouseConnection } from '../../src/readiness/connectors/clickhouse/connection.js';
import { clickhouseDialect } from '../../src/readiness/connectors/clickhouse/dialect.js';
import { createDuckdbInstance, openDuckdbConnection } from '../../src/readiness/connectors/duckdb/connection.js';
import { duckdbDialect } from '../../src/readiness/connectors/duckdb/dialect.js';
import { openMysqlConnection } from '../../src/readiness/connectors/mysql/connection.js';
import { mysqlDialect } from '../../src/readiness/connectors/mysql/dialect.js';
import { openPostgresConnection } from '../../src/readiness/connectors/postgres/connection.js';
import { postgresDialect } from '../../src/readiness/connectors/postgres/dialect.js';
import { openSqliteConnection } from '../../src/readiness/connectors/sqlite/connection.js';
import { sqliteDialect } from '../../src/readiness/connectors/sqlite/dialect.js';
import type { SourceConnection } from '../../src/readiness/source-connection.js';
import type { Scalar, SqlDialect } from '../../src/readiness/sql-dialect.js';

export type CanonicalType = 'string' | 'integer' | 'number' | 'date' | 'timestamp';
export interface TableSpec {
  name: string;
  columns: [string, CanonicalType][];
  rows: Scalar[][];
}

export type EngineId = 'duckdb' | 'postgres' | 'mysql' | 'sqlite' | 'clickhouse';
export const ENGINE_IDS: EngineId[] = ['duckdb', 'postgres', 'mysql', 'sqlite', 'clickhouse'];

const SQL_TYPES: Record<EngineId, Record<CanonicalType, string>> = {
  duckdb: { string: 'varchar', integer: 'bigint', number: 'double', date: 'date', timestamp: 'timestamp' },
  postgres: { string: 'text', integer: 'bigint', number: 'double precision', date: 'date', timestamp: 'timestamp' },
  // Text compared byte for byte, as on the other engines (MariaDB's default collation folds case).
  mysql: { string: 'text collate utf8mb4_bin', integer: 'bigint', number: 'double', date: 'date', timestamp: 'datetime(6)' },
  sqlite: { string: 'text', integer: 'integer', number: 'real', date: 'date', timestamp: 'timestamp' },
  // ClickHouse 18.16 has no DateTime64: timestamps are whole seconds.
  clickhouse: { string: 'Nullable(String)', integer: 'Nullable(Int64)', number: 'Nullable(Float64)', date: 'Nullable(Date)', timestamp: 'Nullable(DateTime)' },
};
const DIALECTS: Record<EngineId, SqlDialect> = { duckdb: duckdbDialect, postgres: postgresDialect, mysql: mysqlDialect, sqlite: sqliteDialect, clickhouse: clickhouseDialect };

async function load(engine: EngineId, qualified: string, spec: TableSpec, exec: (sql: string) => Promise<unknown>): Promise<void> {
  const d = DIALECTS[engine];
  await exec(`create table ${d.qualified(qualified)} (${spec.columns.map(([n, t]) => `${d.quote(n)} ${SQL_TYPES[engine][t]}`).join(', ')})`);
  for (let i = 0; i < spec.rows.length; i += 500) {
    const batch = spec.rows.slice(i, i + 500);
    await exec(`insert into ${d.qualified(qualified)} values ${batch.map((r) => `(${r.map((v) => d.literal(v)).join(', ')})`).join(', ')}`);
  }
}

export interface Loaded {
  engine: EngineId;
  conn: SourceConnection;
  /** Table name per spec name, as a dataset's `table:` on this connection. */
  tables: Record<string, string>;
  /** The DuckDB instance (files datasets need the same one). */
  instance?: DuckDBInstance;
  dispose(): Promise<void>;
}

/** Why `engine` cannot run here ('' when it can; under CI a missing server throws). */
export async function engineSkip(engine: EngineId): Promise<string> {
  if (engine === 'clickhouse') return clickhouseSkipReason();
  return engine === 'postgres' || engine === 'mysql' ? skipReason(engine) : '';
}

export async function loadTables(engine: EngineId, specs: TableSpec[], duckdbRoot = '/'): Promise<Loaded> {
  if (engine === 'duckdb') {
    const instance = await createDuckdbInstance({ roots: [duckdbRoot] });
    const c = await instance.connect();
    for (const s of specs) await load(engine, s.name, s, (sql) => c.run(sql));
    c.closeSync();
    const conn = openDuckdbConnection(instance, { sourceId: 'diff', root: duckdbRoot });
    return { engine, conn, instance, tables: Object.fromEntries(specs.map((s) => [s.name, s.name])), dispose: async () => instance.closeSync() };
  }
  if (engine === 'postgres') {
    const schema = uniqueSchema('diff');
    const admin = await postgresAdmin();
    await admin.exec(`create schema "${schema}"`);
    for (const s of specs) await load(engine, `${schema}.${s.name}`, s, admin.exec);
    await admin.close();
    const conn = openPostgresConnection({ sourceId: 'diff', url: PG_URL, schema });
    return { engine, conn, tables: Object.fromEntries(specs.map((s) => [s.name, s.name])), dispose: async () => (await conn.close(), await dropSchema(schema)) };
  }
  if (engine === 'mysql') {
    const prefix = uniqueSchema('diff');
    const admin = await mysqlAdmin();
    const tables = Object.fromEntries(specs.map((s) => [s.name, `${prefix}_${s.name}`]));
    for (const s of specs) await load(engine, tables[s.name] as string, s, admin.exec);
    const conn = openMysqlConnection({ sourceId: 'diff', url: MYSQL_URL });
    return {
      engine,
      conn,
      tables,
      dispose: async () => {
        await conn.close();
        for (const t of Object.values(tables)) await admin.exec(`drop table if exists \`${t}\``);
        await admin.close();
      },
    };
  }
  if (engine === 'clickhouse') {
    // A private server; each table Distributed over two shards, the rows dealt between them.
    const server = await startClickhouse();
    const d = clickhouseDialect;
    for (const s of specs) {
      const literal = (v: Scalar, t: CanonicalType) => (v === null ? 'NULL' : t === 'timestamp' && typeof v === 'string' ? d.string(v.replace('T', ' ').slice(0, 19)) : d.literal(v));
      await server.distributedTable(s.name, s.columns.map(([n, t]) => `${d.quote(n)} ${SQL_TYPES.clickhouse[t]}`).join(', '), s.rows.map((r) => r.map((v, i) => literal(v, s.columns[i]![1])).join(', ')));
    }
    const conn = openClickhouseConnection({ sourceId: 'diff', url: `${server.readerUrl}/default` });
    return { engine, conn, tables: Object.fromEntries(specs.map((s) => [s.name, s.name])), dispose: async () => (await conn.close(), await server.stop()) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-diff-'));
  const file = path.join(dir, 'diff.db');
  const writer = new SqliteDatabase(file);
  for (const s of specs) await load(engine, s.name, s, async (sql) => writer.exec(sql));
  writer.close();
  const conn = openSqliteConnection({ sourceId: 'diff', file });
  return { engine, conn, tables: Object.fromEntries(specs.map((s) => [s.name, s.name])), dispose: async () => (await conn.close(), rmSync(dir, { recursive: true, force: true })) };
}
