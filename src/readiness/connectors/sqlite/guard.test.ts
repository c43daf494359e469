// Property tests of the SQLite guard through a source connection: generated benign SELECTs
// (semicolons inside strings and comments) run; the same SELECTs with a statement appended,
// or such statements alone, are refused, and afterwards the table is intact and no file
// was created (ATTACH and VACUUM INTO would create one).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsafeSqlError, type SourceConnection } from '../../source-connection.js';
import { openSqliteConnection } from './connection.js';

const dir = mkdtempSync(path.join(tmpdir(), 'traction-sqlite-guard-'));
const file = path.join(dir, 'source.db');
let conn: SourceConnection;

beforeAll(() => {
  const writer = new SqliteDatabase(file);
  writer.exec(`create table t (id integer, name text); with recursive r(i) as (select 0 union all select i + 1 from r where i < 9) insert into t select i, 'n' || i from r`);
  writer.close();
  conn = openSqliteConnection({ sourceId: 'crm', file });
});
afterAll(async () => {
  await conn?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowsOfT = () => {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from t').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const literal = fc.constantFrom("';'", "'a;b'", "'--'", "'/* x */'", "''''", "'; drop table t'", '1', 'null');
const comment = fc.constantFrom(' ', ' /* ; */ ', ' -- ; attach\n', '\n', ' /* drop table t; */ ');
const condition = fc.constantFrom('id > 3', "name like 'n%'", 'id in (1, 2)', '1', 'id between 2 and 5');
const benign = fc.tuple(literal, comment, condition, comment).map(([lit, c1, cond, c2]) => `select id, name, ${lit} as v${c1}from t where ${cond}${c2}`);

const target = (name: string) => path.join(dir, name).replace(/'/g, "''");
const statements = fc.constantFrom(
  'drop table t',
  'delete from t',
  "insert into t values (99, 'x')",
  "update t set name = 'x'",
  'create temp table u (a)',
  `attach '${target('other.db')}' as o`,
  'detach main',
  `vacuum into '${target('copy.db')}'`,
  'pragma query_only = 0',
  'pragma journal_mode = delete',
  'pragma writable_schema = 1',
  'pragma table_info(t)',
  'begin immediate',
  'savepoint s',
  'reindex',
  'analyze',
  'explain select 1',
  'with x as (select 1) delete from t',
);
const separator = fc.constantFrom(';', '; ', ';\n', ' ; -- x\n', ';/* c */');

describe('SQLite guard (properties)', () => {
  it('runs generated benign SELECTs, semicolons in strings and comments included', async () => {
    await fc.assert(
      fc.asyncProperty(benign, async (sql) => {
        expect((await conn.query(sql)).length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a benign SELECT followed by another statement, and nothing happens', async () => {
    await fc.assert(
      fc.asyncProperty(benign, separator, statements, async (select, sep, other) => {
        const sql = `${select}${sep}${other}`;
        await expect(conn.query(sql)).rejects.toBeInstanceOf(UnsafeSqlError);
        await expect(conn.queryReadOnly(sql)).rejects.toBeInstanceOf(UnsafeSqlError);
        expect(rowsOfT()).toBe(10);
        expect(readdirSync(dir)).toEqual(['source.db']);
      }),
      { numRuns: 80 },
    );
  });

  it('refuses every statement but a SELECT when sent alone, and nothing happens', async () => {
    await fc.assert(
      fc.asyncProperty(comment, statements, async (c, other) => {
        const sql = `${c}${other}`;
        await expect(conn.query(sql)).rejects.toBeInstanceOf(UnsafeSqlError);
        const streamed = (async () => {
          for await (const row of conn.stream(sql)) void row;
        })();
        await expect(streamed).rejects.toBeInstanceOf(UnsafeSqlError);
        expect(rowsOfT()).toBe(10);
        expect(readdirSync(dir)).toEqual(['source.db']);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses load_extension and names what it found', async () => {
    await expect(conn.query(`select load_extension('${target('evil.so')}')`)).rejects.toThrow(/source crm: SQL refused: it calls load_extension, which reaches outside the database/);
    await expect(conn.query(`attach '${target('a.db')}' as a`)).rejects.toThrow(/found ATTACH, which returns no rows/);
    await expect(conn.query('delete from t')).rejects.toThrow(/found DELETE, which would change the database/);
    expect(existsSync(path.join(dir, 'a.db'))).toBe(false);
  });
});
