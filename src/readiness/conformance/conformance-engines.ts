// The engines the conformance suite runs on: embedded DuckDB, and PostgreSQL in a schema of
// its own that is dropped afterwards. Each loads its tables through its own set-up access
// (`exec`), since the source connection runs only guarded, read-only SELECTs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

/** The URL with options=-c search_path=SCHEMA, so unqualified DDL lands in the schema. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
