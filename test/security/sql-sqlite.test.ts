// Attacks on a SQLite source through `traction data check`: custom SQL, `where` filters and
// a dataset query that try to write, ATTACH (which creates a file), VACUUM INTO a copy,
// change the connection with PRAGMA, or load an extension. Afterwards the victim table has
// all its rows, the folder holds no new file, and every attacked check is an error.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDefinitions, attackWorkspace, checkJson, type AttackWorkspace, type Outcome } from '../support/embedded-attack-workspace.js';

const q = (p: string) => p.replace(/'/g, "''");
const closing = (stmt: string) => `select 1) t; ${stmt}; select * from (select 1`;

function customSqlAttacks(dir: string): Record<string, string> {
  return {
    delete: 'delete from customers',
    delete_closing: closing('delete from customers'),
    drop_closing: closing('drop table customers'),
    attach_closing: closing(`attach '${q(path.join(dir, 'evil.db'))}' as evil`),
    vacuum_into_closing: closing(`vacuum into '${q(path.join(dir, 'copy.db'))}'`),
    pragma_closing: closing('pragma writable_schema = 1'),
    // In the WHERE clause, so the compiled program must call it (a select-list call that the
    // outer count(*) does not need is optimised away by SQLite and never runs).
    load_extension: `select * from {dataset} where load_extension('${q(path.join(dir, 'evil.so'))}') is null`,
    semicolon_in_string: "select * from {dataset} where name = ';') t; delete from customers; select * from (select ';'",
    semicolon_in_comment: 'select * from {dataset} /* ; */) t; delete from customers -- ;\n; select * from (select 1',
    cte_with_delete: 'with x as (select 1) delete from customers',
  };
}

const WHERE_ATTACKS: Record<string, string> = {
  where_delete: '1=1); delete from customers; select (1',
  where_brief: '1=1) ; delete from customers',
  where_attach: "1=1); attach 'x.db' as x; select (1",
};

describe('SQLite attacks through `traction data check`', () => {
  let ws: AttackWorkspace;
  let sqliteDir: string;
  let outcomes: Map<string, Outcome>;
  let queryError: string | undefined;
  let before: string[];
  beforeAll(async () => {
    ws = attackWorkspace();
    sqliteDir = path.join(ws.dir, 'crm');
    const db = path.join(sqliteDir, 'crm.db');
    mkdirSync(sqliteDir);
    const writer = new SqliteDatabase(db);
    writer.exec("create table customers (id integer primary key, name text); insert into customers (name) values ('Anna'), ('Bert'), ('Carl')");
    writer.close();
    before = readdirSync(sqliteDir).sort();
    const checks = [
      ...Object.entries(customSqlAttacks(sqliteDir)).map(([name, sql]) => ({ type: 'custom_sql', name, sql })),
      ...Object.entries(WHERE_ATTACKS).map(([name, where]) => ({ type: 'not_null', column: 'name', name, where })),
    ];
    addDefinitions(ws, {
      sources: [{ id: 'crm', kind: 'sqlite', path: 'crm/crm.db' }],
      datasets: [
        { id: 'customers', source: 'crm', table: 'customers', checks },
        { id: 'via_query', source: 'crm', query: 'select 1 as x) t; delete from customers; select * from (select 1 as x', checks: [{ type: 'row_count', min: 0 }] },
      ],
    });
    const checked = await checkJson(ws.dir, ['customers', 'via_query']);
    outcomes = checked.datasets.get('customers')?.outcomes ?? new Map();
    queryError = checked.datasets.get('via_query')?.error;
  }, 120_000);
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  it.each([...Object.keys(customSqlAttacks('/d')), ...Object.keys(WHERE_ATTACKS)])('%s: reported as an error, never a pass', (name) => {
    const o = outcomes.get(name);
    expect(o, `no outcome ${name}`).toBeDefined();
    expect(o?.status, o?.message).toBe('error');
  });

  it('names what it refused', () => {
    expect(outcomes.get('delete_closing')?.message).toMatch(/source crm: SQL refused: found more than one statement/);
    expect(outcomes.get('load_extension')?.message).toMatch(/SQL refused: it calls load_extension, which reaches outside the database/);
    expect(queryError).toMatch(/SQL refused: found more than one statement/);
  });

  it('changed nothing: every row is there, no file was created', () => {
    const db = new SqliteDatabase(path.join(sqliteDir, 'crm.db'), { readonly: true });
    try {
      expect(db.prepare('select name from customers order by id').all()).toEqual([{ name: 'Anna' }, { name: 'Bert' }, { name: 'Carl' }]);
    } finally {
      db.close();
    }
    expect(readdirSync(sqliteDir).sort()).toEqual(before);
    expect(readdirSync(ws.dir)).not.toContain('x.db');
  });
});
