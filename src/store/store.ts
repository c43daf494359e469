// Opens the store: SQLite inside the workspace by default (WAL, so a CLI command and a
// running server can share it), PostgreSQL when TRACTION_DATABASE_URL is set. Runs the
// forward-only migrations on open.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import type { MigrationDialect } from './migrations/migration-helpers.js';

export type StoreLocation =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string };

export interface Store {
  db: Kysely<Database>;
  dialect: MigrationDialect;
  location: StoreLocation;
  /** Runs `fn` in one write transaction; SQLite takes the write lock up front (BEGIN IMMEDIATE). */
  transaction<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class StoreError extends Error {}

export function storeLocation(workspaceRoot: string, databaseUrl: string | undefined): StoreLocation {
  if (databaseUrl) return { kind: 'postgres', url: databaseUrl };
  return { kind: 'sqlite', file: path.join(workspaceRoot, '.traction', 'traction.db') };
}

export async function openStore(location: StoreLocation): Promise<Store> {
  const store = location.kind === 'sqlite' ? openSqlite(location.file) : await openPostgres(location);
  try {
    await migrate(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const conn = new SqliteDatabase(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('busy_timeout = 10000');
  conn.pragma('foreign_keys = ON');
  conn.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  return {
    db,
    dialect: 'sqlite',
    location: { kind: 'sqlite', file },
    async transaction(fn) {
      // Kysely's SQLite transaction issues a deferred BEGIN; under WAL a deferred
      // transaction that later writes can fail with SQLITE_BUSY without waiting, so take
      // the write lock first and let busy_timeout queue concurrent writers.
      return db.connection().execute(async (c) => {
        await sql`begin immediate`.execute(c);
        try {
          const result = await fn(c);
          await sql`commit`.execute(c);
          return result;
        } catch (e) {
          await sql`rollback`.execute(c);
          throw e;
        }
      });
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(location: { url: string; schema?: string }): Promise<Store> {
  const schema = location.schema ?? (new URL(location.url).searchParams.get('schema') ?? undefined);
  const url = new URL(location.url);
  url.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new StoreError(`invalid schema name "${schema}"`);
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 10,
    ...(schema !== undefined ? { options: `-c search_path="${schema}"` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: { kind: 'postgres', url: location.url, ...(schema !== undefined ? { schema } : {}) },
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

async function migrate(store: Store): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, store.dialect) }])),
  };
  // Kysely looks for its migration tables in every schema of the database unless told which
  // one; on a PostgreSQL shared by several stores (one schema each) it would find another
  // store's table and skip creating its own. Name the schema explicitly.
  const migrationTableSchema = store.location.kind === 'postgres' ? (store.location.schema ?? 'public') : undefined;
  const migrator = new Migrator({ db: store.db, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new StoreError(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Where the store is, for messages; a PostgreSQL URL is shown without its password. */
export function describeLocation(l: StoreLocation): string {
  if (l.kind === 'sqlite') return l.file;
  const u = new URL(l.url);
  if (u.password) u.password = '***';
  return `${u.toString()}${l.schema ? ` (schema ${l.schema})` : ''}`;
}
