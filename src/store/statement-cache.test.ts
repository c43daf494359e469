// SQLite statements compiled once per SQL text (store.ts reusingStatements): the same
// results as compiling each time, through schema changes, parameters and open iterators.
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { reusingStatements } from './store.js';

const opened: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) if (c.open) c.close();
});

function connection(): SqliteDatabase.Database {
  const c = new SqliteDatabase(':memory:');
  opened.push(c);
  c.exec('create table t (id integer primary key, name text not null)');
  return c;
}

describe('reusingStatements', () => {
  it('compiles a SQL text once and hands the same statement back', () => {
    const conn = connection();
    const db = reusingStatements(conn);
    const a = db.prepare('select name from t where id = ?');
    expect(db.prepare('select name from t where id = ?')).toBe(a);
    expect(db.prepare('select id from t where id = ?')).not.toBe(a);
  });

  it('drops the least recently used statement beyond its size', () => {
    const db = reusingStatements(connection(), 2);
    const one = db.prepare('select 1');
    const two = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(one); // now the most recent
    db.prepare('select 3'); // evicts "select 2"
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('never hands out a statement an iterator is still reading', () => {
    const conn = connection();
    conn.exec("insert into t (name) values ('a'), ('b'), ('c')");
    const db = reusingStatements(conn);
    const first = db.prepare('select name from t order by id');
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ name: 'a' });
    const second = db.prepare('select name from t order by id');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect([...rows]).toEqual([{ name: 'b' }, { name: 'c' }]);
  });

  it('gives Kysely the same answers as fresh statements, with other parameters and after the schema changed', async () => {
    const conn = connection();
    const db = new Kysely<{ t: { id: Generated<number>; name: string; extra?: string | null } }>({ dialect: new SqliteDialect({ database: reusingStatements(conn) }) });
    for (const name of ['x', 'y', 'z']) await db.insertInto('t').values({ name }).execute();
    const byId = (id: number) => db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();
    expect(await byId(1)).toEqual({ name: 'x' });
    expect(await byId(3)).toEqual({ name: 'z' });
    expect(await byId(9)).toBeUndefined();
    const all = () => sql<Record<string, unknown>>`select * from t order by id`.execute(db);
    expect((await all()).rows[0]).toEqual({ id: 1, name: 'x' });
    await sql`alter table t add column extra text`.execute(db);
    await db.updateTable('t').set({ extra: 'e' }).where('id', '=', 1).execute();
    expect((await all()).rows[0]).toEqual({ id: 1, name: 'x', extra: 'e' });
    const updated = await db.updateTable('t').set({ name: 'w' }).where('id', '>', 1).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    await db.destroy();
  });
});
