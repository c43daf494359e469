// Runs a KPI's `measure.sql` against one of the workspace's sources, read-only, and returns
// plain rows. PostgreSQL: inside a READ ONLY transaction that is rolled back; SQLite: the
// file opened read-only; files: an in-memory DuckDB whose file search path is the source's
// root. Connection strings are env references, resolved only here and never printed.
// (When the readiness connectors land this belongs beside them; it is small on purpose.)
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Source } from '../domain/source.js';
import { resolveEnvRefs } from '../workspace/env-ref.js';

export type QueryRow = Record<string, unknown>;

const STATEMENT_TIMEOUT_MS = 60_000;
// Dates and timestamps stay text (YYYY-MM-DD...), so a KPI date never shifts by the
// machine's time zone the way a JS Date built from a local midnight would.
const TEXT_TYPES = new Set([1082, 1114, 1184]);

export class KpiQueryError extends Error {}

export async function runKpiQuery(source: Source, sql: string, workspaceRoot: string, env: Record<string, string | undefined>): Promise<QueryRow[]> {
  const usedBy = `source "${source.id}"`;
  switch (source.kind) {
    case 'postgres':
      return runPostgres(resolveEnvRefs(source.connection, env, usedBy), source.schema, sql);
    case 'sqlite':
      return runSqlite(path.resolve(workspaceRoot, resolveEnvRefs(source.path, env, usedBy)), sql);
    case 'files':
      return runDuckDb(path.resolve(workspaceRoot, source.root), sql);
    default:
      throw new KpiQueryError(`source "${source.id}" is of kind ${source.kind}; kpi refresh reads postgres, sqlite and files sources`);
  }
}

async function runPostgres(url: string, schema: string | undefined, sql: string): Promise<QueryRow[]> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (TEXT_TYPES.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  await client.connect();
  try {
    await client.query('begin transaction read only');
    await client.query(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    if (schema) await client.query(`set local search_path to ${pg.escapeIdentifier(schema)}`);
    const result = await client.query(sql);
    return result.rows as QueryRow[];
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

function runSqlite(file: string, sql: string): QueryRow[] {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as QueryRow[];
  } finally {
    db.close();
  }
}

async function runDuckDb(root: string, sql: string): Promise<QueryRow[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`set file_search_path = '${root.replace(/'/g, "''")}'`);
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as QueryRow[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
