// The engines the conformance suite runs on: embedded DuckDB, and PostgreSQL in a schema of
// its own that is dropped afterwards. Each loads its tables through its own set-up access
// (`exec`), since the source connection runs only guarded, read-only SELECTs.
import { randomBytes } from 'node:crypto';
import { createClient, ClickHouseLogLevel } from '@clickhouse/client';
import pg from 'pg';
import { openClickhouseConnection } from '../connectors/clickhouse/connection.js';
import { createDuckdbInstance, openDuckdbConnection } from '../connectors/duckdb/connection.js';
import { openPostgresConnection } from '../connectors/postgres/connection.js';
import type { ConformanceEngine } from './ge-runner.js';

export interface OpenEngine {
  engine: ConformanceEngine;
  /** Schema tables live in (PostgreSQL), to qualify them. */
  tableSchema?: string;
  dispose(): Promise<void>;
}

export async function openDuckdbEngine(): Promise<OpenEngine> {
  const instance = await createDuckdbInstance();
  const conn = openDuckdbConnection(instance, { sourceId: 'conformance', root: '/' });
  // The source connection runs guarded SELECTs only; the tables are created and filled on a
  // raw connection of the same instance.
  const raw = await instance.connect();
  const engine = { name: 'duckdb', labels: ['duckdb', 'sqlalchemy'], conn, exec: (sql: string) => raw.run(sql), types: { integer: 'bigint', number: 'double', text: 'varchar', timestamp: 'timestamp', date: 'date', boolean: 'boolean' } };
  return {
    engine,
    dispose: async () => (raw.closeSync(), instance.closeSync()),
  };
}

export async function openPostgresEngine(url: string): Promise<OpenEngine> {
  const schema = `ge_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // The admin client keeps the schema on its search path, so unqualified DDL lands there.
  const admin = new pg.Client({ connectionString: withSearchPath(url, schema), connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const conn = openPostgresConnection({ sourceId: 'conformance', url: withSearchPath(url, schema), schema, poolSize: 2 });
  return {
    engine: { name: 'postgres', labels: ['postgresql', 'sqlalchemy'], conn, exec: (sql) => admin.query(sql), types: { integer: 'bigint', number: 'double precision', text: 'text', timestamp: 'timestamp', date: 'date', boolean: 'boolean' } },
    tableSchema: schema,
    async dispose() {
      await conn.close();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
}

/**
 * ClickHouse with every table Distributed over the two shards of `cluster` (each shard a
 * database, `shard1` and `shard2`, as test/support/clickhouse-server.ts sets up): the set-up
 * statements the runner sends for one table are made into the shards' MergeTree tables and
 * the Distributed table above them, and rows are dealt to the shards at random. The checks
 * read the Distributed table through `readerUrl` (a read-only account).
 */
export async function openClickhouseEngine(adminUrl: string, readerUrl: string, cluster: string): Promise<OpenEngine> {
  const u = new URL(adminUrl);
  const admin = createClient({ url: u.origin, username: decodeURIComponent(u.username) || 'default', password: decodeURIComponent(u.password), log: { level: ClickHouseLogLevel.OFF }, clickhouse_settings: { insert_distributed_sync: 1 } });
  const conn = openClickhouseConnection({ sourceId: 'conformance', url: `${readerUrl.replace(/\/+$/, '')}/default`, poolSize: 2 });
  const run = (query: string) => admin.command({ query });
  async function exec(sql: string): Promise<unknown> {
    const drop = /^drop table if exists (`(?:[^`\\]|\\.)+`)$/.exec(sql);
    if (drop) {
      for (const db of ['default', 'shard1', 'shard2']) await run(`drop table if exists ${db}.${drop[1]}`);
      return undefined;
    }
    const create = /^create table (`(?:[^`\\]|\\.)+`) \((.*)\)$/s.exec(sql);
    if (create) {
      const [, name, defs] = create;
      for (const db of ['shard1', 'shard2']) await run(`create table ${db}.${name} (${defs}) engine = MergeTree order by tuple()`);
      return run(`create table default.${name} (${defs}) engine = Distributed(${cluster}, '', ${name}, rand())`);
    }
    // DateTime in ClickHouse 18.16 holds whole seconds: a zero fraction is dropped (no value changes).
    return run(sql.replace(/'(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\.0+'/g, "'$1'"));
  }
  const types = { integer: 'Nullable(Int64)', number: 'Nullable(Float64)', text: 'Nullable(String)', timestamp: 'Nullable(DateTime)', date: 'Nullable(Date)', boolean: 'Nullable(UInt8)' };
  return {
    engine: { name: 'clickhouse', labels: ['clickhouse', 'sqlalchemy'], conn, exec, types },
    async dispose() {
      await conn.close();
      await admin.close();
    },
  };
}

/** The URL with options=-c search_path=SCHEMA, so unqualified DDL lands in the schema. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
