// Attacks on a PostgreSQL source through the real product path (`traction data check` on a
// workspace in a temporary folder, against the local PostgreSQL): custom SQL, dataset queries
// and `where` filters that try to write, run programs, read server files, change settings or
// hide a second statement in comments and quotes. Each test asserts what did NOT happen (the
// victim table still exists with its rows, no file was written, the other session is alive)
// and that the check reports an error, never a pass. Outside CI, without PostgreSQL, it skips.
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresConnection } from '../../src/readiness/connectors/postgres/connection.js';
import { UnsafeSqlError } from '../../src/readiness/source-connection.js';
import { attackWorkspace, dataCheck, untouchedPath, type CheckedDataset } from '../support/attack-workspace.js';
import { dropSchema, PG_URL, uniqueSchema } from '../support/databases.js';
import { postgresAdmin, skipReason, type Admin } from '../support/sql-servers.js';

const SKIP = await skipReason('postgres');
if (SKIP) console.warn(`skipping SQL containment on PostgreSQL: ${SKIP}`);

const program = untouchedPath('pg-program');
const exported = untouchedPath('pg-lo-export');
const env = { ATTACK_PG_URL: PG_URL };
const yamlString = (s: string) => JSON.stringify(s); // JSON strings are valid YAML scalars

describe.skipIf(SKIP !== '')(`SQL containment on PostgreSQL${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  const schema = uniqueSchema('atk');
  let admin: Admin;
  let adminPid: number;
  let largeObjects: number;
  const victims = async () => Number((await admin.rows(`select count(*) as n from "${schema}".victims`))[0]?.n);

  beforeAll(async () => {
    admin = await postgresAdmin();
    await admin.exec(`create schema "${schema}"`);
    await admin.exec(`create table "${schema}".victims (id int primary key, name text)`);
    await admin.exec(`insert into "${schema}".victims values (1, 'a'), (2, 'b'), (3, 'c')`);
    adminPid = Number((await admin.rows('select pg_backend_pid() as pid'))[0]?.pid);
    largeObjects = Number((await admin.rows('select count(*) as n from pg_largeobject_metadata'))[0]?.n);
  });
  afterAll(async () => {
    await admin?.close();
    await dropSchema(schema);
    rmSync(program, { force: true });
    rmSync(exported, { force: true });
  });

  const source = () => `id: warehouse\nkind: postgres\nconnection: \${env:ATTACK_PG_URL}\nschema: ${schema}\n`;

  it('can observe the attacks: the database user runs a program that creates the watched file', async () => {
    // The control for "no file was written": unguarded, the same COPY does write it.
    const control = untouchedPath('pg-control');
    await admin.exec(`copy (select 1) to program 'touch ${control}'`);
    expect(existsSync(control)).toBe(true);
    rmSync(control, { force: true });
  });

  it('refuses custom SQL that escapes, writes, runs programs or calls functions with effects', async () => {
    const attacks: [string, string, RegExp][] = [
      ['close, commit, drop', 'select 1) as x; commit; drop table victims; select * from (select 1', /a second statement after the first/],
      ['rollback, drop', 'select 1) as x; rollback; drop table victims; select * from (select 1', /a second statement after the first/],
      ['copy to program', `select 1) as x; copy (select 1) to program 'touch ${program}'; select * from (select 1`, /a second statement after the first/],
      ['copy alone', `copy (select 1) to program 'touch ${program}'`, /not valid PostgreSQL/],
      ['cte delete', 'with x as (delete from {dataset} returning *) select * from x', /DELETE inside the query/],
      ['cte update', "with x as (update {dataset} set name = 'pwned' returning *) select * from x", /UPDATE inside the query/],
      ['cte insert', "with x as (insert into victims values (9, 'x') returning *) select * from x", /INSERT inside the query/],
      ['set', 'select 1) as x; set default_transaction_read_only = off; select * from (select 1', /a second statement/],
      ['load', "select 1) as x; load 'plpgsql'; select * from (select 1", /a second statement/],
      ['lo_export', `select lo_export(lo_from_bytea(0, 'x'), '${exported}') as n`, /calls lo_export/],
      ['pg_read_file', "select pg_read_file('/etc/passwd') as x", /calls pg_read_file/],
      ['field notation', "select ('/etc/passwd'::text).pg_read_file as x", /calls pg_read_file through field notation/],
      ['set_config', "select set_config('statement_timeout', '0', false) as x", /calls set_config/],
      ['terminate', `select pg_terminate_backend(${adminPid}) as x`, /calls pg_terminate_backend/],
      ['dblink', "select * from dblink('dbname=test', 'drop table victims') as t(x text)", /calls dblink/],
      ['query_to_xml', "select query_to_xml('delete from victims', true, true, '') as x", /calls query_to_xml/],
      ['line comment', 'select 1 as a -- a comment\n) as x; drop table victims; select * from (select 1', /a second statement/],
      ['nested comment', 'select 1 /* outer /* inner */ still */ as a) as x; drop table victims; select * from (select 1', /a second statement/],
      ['quoted comment start', "select '/*' as a) as x; drop table victims; select * from (select '*/' as b", /a second statement/],
      ['dollar quote', 'select $q$;$q$ as a) as x; drop table victims; select * from (select 1', /a second statement/],
      ['backslash', "select '\\' as a) as x; drop table victims; select * from (select 1", /a second statement/],
      ['locking', 'select * from {dataset} for update', /locks rows/],
      ['select into', 'select * into pwned from {dataset}', /SQL refused/],
    ];
    const checks = attacks.map(([name, sql]) => `  - type: custom_sql\n    name: ${yamlString(name)}\n    sql: ${yamlString(sql)}\n`).join('');
    const dir = await attackWorkspace({
      'sources/warehouse.yaml': source(),
      'datasets/victims.yaml': `id: victims\nsource: warehouse\ntable: victims\nprimary_key: [id]\nchecks:\n  - type: row_count\n    min: 3\n    max: 3\n${checks}`,
    });
    const r = await dataCheck(dir, env, ['--failing-rows']);
    const ds = r.datasets.find((d) => d.datasetId === 'victims') as CheckedDataset;
    // The positive control: the source works, a plain check passes.
    expect(ds.outcomes.find((o) => o.name === 'row_count')?.status).toBe('pass');
    for (const [name, , reason] of attacks) {
      const o = ds.outcomes.find((x) => x.name === name);
      expect(o?.status, `${name}: ${o?.message}`).toBe('error');
      expect(o?.message, name).toMatch(/SQL refused/);
      expect(o?.message, name).toMatch(reason);
    }
    expect(r.code).toBe(1);
    expect(await victims()).toBe(3);
    expect((await admin.rows(`select name from "${schema}".victims order by id`)).map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(existsSync(program)).toBe(false);
    expect(existsSync(exported)).toBe(false);
    expect(Number((await admin.rows('select count(*) as n from pg_largeobject_metadata'))[0]?.n)).toBe(largeObjects);
    expect((await admin.rows('select 1 as alive'))[0]?.alive).toBe(1); // not terminated
  });

  it('refuses dataset queries and where filters that write', async () => {
    const dir = await attackWorkspace({
      'sources/warehouse.yaml': source(),
      'datasets/q_drop.yaml': 'id: q_drop\nsource: warehouse\nquery: "select * from victims) as a; drop table victims; select * from (select 1"\nchecks:\n  - type: row_count\n    min: 0\n',
      'datasets/q_cte.yaml': 'id: q_cte\nsource: warehouse\nquery: "with d as (delete from victims returning *) select * from d"\nchecks:\n  - type: row_count\n    min: 0\n',
      'datasets/w.yaml': [
        'id: w\nsource: warehouse\ntable: victims\nchecks:',
        '  - type: row_count\n    min: 3',
        `  - type: not_null\n    column: id\n    name: where drop\n    where: ${yamlString('true); drop table victims; select (1')}`,
        `  - type: not_null\n    column: id\n    name: where cte\n    where: ${yamlString('exists (with d as (delete from victims returning 1) select 1 from d)')}`,
        `  - type: not_null\n    column: id\n    name: where file\n    where: ${yamlString("pg_read_file('/etc/passwd') is not null")}`,
        '',
      ].join('\n'),
    });
    const r = await dataCheck(dir, env);
    const byId = new Map(r.datasets.map((d) => [d.datasetId, d]));
    for (const id of ['q_drop', 'q_cte']) {
      const d = byId.get(id) as CheckedDataset;
      expect(d.error, id).toMatch(/SQL refused/);
      expect(d.outcomes.every((o) => o.status === 'error'), id).toBe(true);
    }
    const w = byId.get('w') as CheckedDataset;
    expect(w.outcomes.find((o) => o.name === 'row_count')?.status).toBe('pass');
    const reasons: Record<string, RegExp> = { 'where drop': /a second statement/, 'where cte': /DELETE inside the query/, 'where file': /calls pg_read_file/ };
    for (const [name, reason] of Object.entries(reasons)) {
      const o = w.outcomes.find((x) => x.name === name);
      expect(o?.status, name).toBe('error');
      expect(o?.message, name).toMatch(reason);
    }
    expect(await victims()).toBe(3);
  });

  it('guards every path of the connection: query, stream, queryReadOnly and columns', async () => {
    const conn = openPostgresConnection({ sourceId: 'warehouse', url: PG_URL, schema });
    const attack = 'select 1; drop table victims';
    try {
      await expect(conn.query(attack)).rejects.toBeInstanceOf(UnsafeSqlError);
      await expect(conn.queryReadOnly(attack)).rejects.toBeInstanceOf(UnsafeSqlError);
      await expect(conn.columns('(select 1) as a; drop table victims; select * from (select 1) as b')).rejects.toBeInstanceOf(UnsafeSqlError);
      const streamed = async () => {
        for await (const row of conn.stream('with d as (delete from victims returning *) select * from d')) void row;
      };
      await expect(streamed()).rejects.toThrow(/SQL refused: DELETE inside the query/);
      // A plain read still streams, in a read-only transaction.
      const rows = [];
      for await (const row of conn.stream('select id from victims order by id')) rows.push(row.id);
      expect(rows).toEqual([1, 2, 3]);
      expect((await conn.query("select setting from pg_settings where name = 'transaction_read_only'"))[0]?.setting).toBe('on');
    } finally {
      await conn.close();
    }
    expect(await victims()).toBe(3);
  });

  it('ends a query that runs past --timeout with a clear message', async () => {
    const dir = await attackWorkspace({
      'sources/warehouse.yaml': source(),
      'datasets/slow.yaml': 'id: slow\nsource: warehouse\ntable: victims\nchecks:\n  - type: custom_sql\n    name: sleeper\n    sql: "select * from {dataset} where pg_sleep(20) is null"\n',
    });
    const started = Date.now();
    const r = await dataCheck(dir, env, ['--timeout', '3']);
    const elapsed = Date.now() - started;
    const o = r.datasets.find((d) => d.datasetId === 'slow')?.outcomes.find((x) => x.name === 'sleeper');
    expect(o?.status).toBe('error');
    expect(o?.message).toMatch(/timed out after 3 s/);
    expect(elapsed).toBeLessThan(6000);
  });
});
