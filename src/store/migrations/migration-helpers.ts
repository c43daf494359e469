// The few places where SQLite and PostgreSQL DDL differ, shared by every migration.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

export type MigrationDialect = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function autoIncrementColumn<T extends CreateTableBuilder<any, any>>(t: T, name: string, dialect: MigrationDialect): T {
  return (
    dialect === 'sqlite'
      ? t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
      : t.addColumn(name, 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
  ) as T;
}

/**
 * Makes a table append-only in the database itself: UPDATE and DELETE raise, whoever
 * issues them (CLI, API, a repository function, or a hand-written query). On SQLite a new
 * append-only table also needs `refuseReplace` (migration 0008), or REPLACE rewrites it.
 */
export async function appendOnly(db: Kysely<unknown>, table: string, dialect: MigrationDialect): Promise<void> {
  const t = sql.id(table);
  if (dialect === 'sqlite') {
    for (const op of ['update', 'delete'])
      await sql
        .raw(`create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`)
        .execute(db);
    return;
  }
  await sql`create or replace function traction_append_only() returns trigger language plpgsql as $$
    begin raise exception '% is append-only', TG_TABLE_NAME; end $$`.execute(db);
  await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${t}
    for each row execute function traction_append_only()`.execute(db);
  await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${t}
    for each statement execute function traction_append_only()`.execute(db);
}

/**
 * SQLite only: refuses an INSERT whose key already exists, so `INSERT OR REPLACE` /
 * `REPLACE INTO` cannot delete the old row (SQLite's REPLACE fires no DELETE trigger
 * unless the connection enabled recursive_triggers). `keys` lists the primary key and
 * every unique key. An INTEGER PRIMARY KEY reads as -1 in a BEFORE INSERT trigger when
 * the store assigns it, so such a key must never be negative: an AFTER INSERT trigger
 * refuses rows given one, which keeps -1 free and ordinary appends unblocked.
 */
export async function refuseReplace(db: Kysely<unknown>, table: string, keys: string[][]): Promise<void> {
  const exists = keys.map((key) => `exists (select 1 from ${table} where ${key.map((c) => `${c} = new.${c}`).join(' and ')})`);
  await sql
    .raw(`create trigger ${table}_no_replace before insert on ${table} when ${exists.join(' or ')}
      begin select raise(abort, '${table} is append-only: a row with this key exists'); end`)
    .execute(db);
  if (!keys.some((k) => k.length === 1 && k[0] === 'seq')) return;
  await sql
    .raw(`create trigger ${table}_seq_positive after insert on ${table} when new.seq < 1
      begin select raise(abort, '${table}.seq is assigned by the store and is positive'); end`)
    .execute(db);
}

/**
 * Raises `store_revision.<counter>` (migration 0021) in the transaction of every insert, update,
 * delete (and, on PostgreSQL, truncate) of `table`, and stamps the time beside it. PostgreSQL:
 * once per statement, into the changed table's own schema (a search_path of the writer's
 * cannot send it elsewhere); SQLite: once per row. Concurrent writers queue on the one row, so
 * the counter never repeats a value and is seen together with the rows that raised it.
 */
export async function revised(db: Kysely<unknown>, table: string, counter: 'content' | 'access', dialect: MigrationDialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['insert', 'update', 'delete'])
      await sql
        .raw(`create trigger ${table}_revise_${op} after ${op} on ${table}
          begin update store_revision set ${counter} = ${counter} + 1, ${counter}_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'); end`)
        .execute(db);
    return;
  }
  await sql`create or replace function traction_revise() returns trigger language plpgsql as $$
    begin
      execute format('update %I.store_revision set %I = %I + 1, %I = $1', TG_TABLE_SCHEMA, TG_ARGV[0], TG_ARGV[0], TG_ARGV[0] || '_at')
        using to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      return null;
    end $$`.execute(db);
  await sql`create trigger ${sql.id(`${table}_revise`)} after insert or update or delete or truncate on ${sql.id(table)}
    for each statement execute function traction_revise(${sql.lit(counter)})`.execute(db);
}
