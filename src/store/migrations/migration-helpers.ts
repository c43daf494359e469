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
 * issues them (CLI, API, a repository function, or a hand-written query).
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
