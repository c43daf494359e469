// Opens the store: SQLite inside the workspace by default (WAL, so a CLI command and a
// running server can share it), PostgreSQL when TRACTION_DATABASE_URL is set. Runs the
// forward-only migrations on open. A PostgreSQL store outlives its connections: a lost one
// is discarded and the pool connects anew on the next query (see openPostgres).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase as KyselySqliteDatabase, type SqliteStatement } from 'kysely';
import { connectionFailureReason, isConnectionFailure } from './connection-failure.js';
import type { Database } from './database.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
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
  /** Tells `listener` about each store connection that broke (PostgreSQL; never on SQLite). */
  onConnectionError(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export class StoreError extends Error {}

/** The store cannot be reached, or the connection to it was lost: try again later. */
export class StoreUnavailableError extends StoreError {
  constructor(location: StoreLocation, cause: unknown) {
    super(`the store at ${describeLocation(location)} cannot be reached: ${connectionFailureReason(cause)}; is PostgreSQL running?`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** `e` itself, or a StoreUnavailableError naming the store when `e` is a lost or refused connection. */
export function asStoreUnavailable(location: StoreLocation, e: unknown): unknown {
  return location.kind === 'postgres' && isConnectionFailure(e) && !(e instanceof StoreUnavailableError) ? new StoreUnavailableError(location, e) : e;
}

export function storeLocation(workspaceRoot: string, databaseUrl: string | undefined): StoreLocation {
  if (databaseUrl) return { kind: 'postgres', url: databaseUrl };
  return { kind: 'sqlite', file: path.join(workspaceRoot, '.traction', 'traction.db') };
}

export async function openStore(location: StoreLocation): Promise<Store> {
  const store = location.kind === 'sqlite' ? openSqlite(location.file) : await openPostgres(location).catch((e: unknown) => Promise.reject(asStoreUnavailable(location, e)));
  try {
    await migrate(store);
  } catch (e) {
    await store.close();
    throw asStoreUnavailable(location, e);
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(conn) }) });
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
    onConnectionError: () => undefined,
    close: () => db.destroy(),
  };
}

/** Most prepared statements kept per SQLite connection (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The connection as Kysely sees it, with each statement compiled by SQLite once per SQL text
 * instead of once per query: Kysely asks to prepare every query it runs, and compiling the
 * SQL cost as much as running it on the telemetry write path (npm run bench:ingest). Queries
 * with the same text and other parameters share the statement; a statement still being read
 * (an iterator) is never handed out twice.
 */
export function reusingStatements(conn: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => conn.close(),
    prepare(text: string): SqliteStatement {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        // Most recently used last: Map keeps insertion order.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = conn.prepare(text);
      if (cached) return statement; // the cached one is busy: this one is used once
      cache.set(text, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** A PostgreSQL location as the driver takes it: the URL without Traction's `schema` parameter, and the schema (the location's, or that parameter's). */
export function postgresTarget(location: { url: string; schema?: string | undefined }): { url: URL; schema: string | undefined } {
  const url = new URL(location.url);
  const schema = location.schema ?? url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { url, schema };
}

async function openPostgres(location: { url: string; schema?: string }): Promise<Store> {
  // Loaded here, not at the top: a command on a SQLite store should not pay for the driver.
  const { default: pg } = await import('pg');
  const { url, schema } = postgresTarget(location);
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new StoreError(`invalid schema name "${schema}"`);
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    admin.on('error', () => undefined); // a dropped socket also rejects the pending query, which reports it
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
    // A store that does not answer fails the request after this long instead of hanging it;
    // keep-alive probes find connections a vanished peer left half-open.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(schema !== undefined ? { options: `-c search_path="${schema}"` } : {}),
  });
  const listeners = new Set<(error: Error) => void>();
  // pg-pool re-emits an idle client's socket error on the pool, and Node kills the process
  // for an 'error' event nobody listens to. A client checked out by a query emits the error
  // itself (pg-pool listens only while it is idle); its query is rejected anyway, so the
  // listener only reports. Either way the broken client is not reused: pg marks it not
  // queryable and pg-pool drops such a client on release, so the next query connects anew.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', (e: Error) => listeners.forEach((l) => l(e))));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: { kind: 'postgres', url: location.url, ...(schema !== undefined ? { schema } : {}) },
    transaction: (fn) => db.transaction().execute(fn),
    onConnectionError: (listener) => {
      listeners.add(listener);
    },
    close: () => db.destroy(),
  };
}

const CONNECT_TIMEOUT_MS = 10_000;

// Our own small migrator rather than Kysely's: Kysely introspects the tables of every schema
// in the database, which races with other stores (one schema each) being created or dropped
// in the same PostgreSQL. Here everything happens in the store's own schema, in one
// transaction, serialised across processes and replicas by the write lock (SQLite) or an
// advisory lock (PostgreSQL). Migrations run in name order; one whose name sorts before an
// already-applied one still runs (modules land their migrations independently).
const MIGRATION_LOCK_KEY = 72_616_274; // arbitrary, constant: "traction migrations"

async function migrate(store: Store): Promise<void> {
  await store.db.schema
    .createTable('traction_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute()
    .catch(async (e: unknown) => {
      // Two processes creating it at once on PostgreSQL: the loser sees a duplicate; fine if it exists now.
      const ok = await sql`select 1 from traction_migrations limit 1`.execute(store.db).then(() => true, () => false);
      if (!ok) throw e;
    });
  await store.transaction(async (tx) => {
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    const applied = new Set((await sql<{ name: string }>`select name from traction_migrations`.execute(tx)).rows.map((r) => r.name));
    for (const name of Object.keys(MIGRATIONS).sort()) {
      if (applied.has(name)) continue;
      try {
        await (MIGRATIONS[name] as Migration).up(tx as Kysely<unknown>, store.dialect);
      } catch (e) {
        if (isConnectionFailure(e)) throw e;
        throw new StoreError(`migration ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      await sql`insert into traction_migrations (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(tx);
    }
  });
}

/** Where the store is, for messages; a PostgreSQL URL is shown without its password. */
export function describeLocation(l: StoreLocation): string {
  if (l.kind === 'sqlite') return l.file;
  const u = new URL(l.url);
  if (u.password) u.password = '***';
  return `${u.toString()}${l.schema ? ` (schema ${l.schema})` : ''}`;
}
