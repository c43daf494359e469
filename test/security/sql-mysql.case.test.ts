// Attacks on a MySQL/MariaDB source through the real product path (`traction data check` on a
// workspace in a temporary folder, against the local MariaDB): custom SQL, dataset queries and
// `where` filters that try to write files, read server files, take locks, run a second
// statement or hide one in comments and quotes, and a query that sleeps past --timeout. Each
// test asserts what did NOT happen (the victim table still exists with its rows, no file was
// written, no statement left running) and that the check reports an error, never a pass.
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMysqlConnection } from '../../src/readiness/connectors/mysql/connection.js';
import { UnsafeSqlError } from '../../src/readiness/source-connection.js';
import { attackWorkspace, dataCheck, untouchedPath, type CheckedDataset } from '../support/attack-workspace.js';
import { MYSQL_URL, uniqueSchema } from '../support/databases.js';
import { mysqlAdmin, skipReason, type Admin } from '../support/sql-servers.js';

const SKIP = await skipReason('mysql');
if (SKIP) console.warn(`skipping SQL containment on MariaDB: ${SKIP}`);

const outfile = untouchedPath('my-outfile');
const dumpfile = untouchedPath('my-dumpfile');
const env = { ATTACK_MYSQL_URL: MYSQL_URL };
const yamlString = (s: string) => JSON.stringify(s);

describe.skipIf(SKIP !== '')(`SQL containment on MariaDB${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  const table = uniqueSchema('victims');
  let admin: Admin;
  const victims = async () => (await admin.rows(`select name from \`${table}\` order by id`)).map((r) => r.name);

  beforeAll(async () => {
    admin = await mysqlAdmin();
    await admin.exec(`create table \`${table}\` (id int primary key, name varchar(10))`);
    await admin.exec(`insert into \`${table}\` values (1, 'a'), (2, 'b'), (3, 'c')`);
  });
  afterAll(async () => {
    await admin?.exec(`drop table if exists \`${table}\``);
    await admin?.close();
    rmSync(outfile, { force: true });
    rmSync(dumpfile, { force: true });
  });

  const source = 'id: shop\nkind: mysql\nconnection: ${env:ATTACK_MYSQL_URL}\n';
  const dataset = (checks: string) => `id: victims\nsource: shop\ntable: ${table}\nprimary_key: [id]\nchecks:\n  - type: row_count\n    min: 3\n    max: 3\n${checks}`;

  it('refuses custom SQL that writes files, reads files, locks, assigns or starts a second statement', async () => {
    const attacks: [string, string, RegExp][] = [
      ['close, drop', `select 1) as x; drop table \`${table}\`; select * from (select 1`, /a second statement after the first/],
      ['close, update', `select 1) as x; update \`${table}\` set name = 'p'; select * from (select 1`, /a second statement after the first/],
      ['commit, drop', `select 1) as x; commit; drop table \`${table}\`; select * from (select 1`, /a second statement after the first/],
      ['into outfile', `select 1 as n) as x into outfile '${outfile}' #`, /writes to a file \(INTO OUTFILE\)/],
      ['into dumpfile', `select 1 as n) as x into dumpfile '${dumpfile}' #`, /writes to a file \(INTO DUMPFILE\)/],
      ['load_file', "select load_file('/etc/passwd') as x", /calls load_file/],
      ['hex load_file', 'select `load_file`(0x2f6574632f706173737764) as x', /calls load_file/],
      ['get_lock', "select get_lock('traction', 1) as x", /calls get_lock/],
      ['benchmark', 'select benchmark(1000000000, md5(1)) as x', /calls benchmark/],
      ['variable', 'select @pwned := 1 as x', /assigns a variable/],
      ['locking', 'select * from {dataset} for update', /locks rows/],
      ['executable comment', `select 1 as a /*! ) as x into outfile '${outfile}' # */`, /executable comment/],
      ['minus minus', "select 1 --load_file('/etc/passwd')\n as a", /without a space after it/],
      ['hash comment', `select 1 as a # comment\n) as x; drop table \`${table}\`; select * from (select 1`, /a second statement/],
      ['block comment', `select 1 as a /* ; */ ) as x; drop table \`${table}\`; select * from (select '/*' as b`, /a second statement/],
      ['backslash quote', `select 'a\\\\' as a) as x; drop table \`${table}\`; select * from (select 1`, /a second statement/],
      ['cte delete', `with x as (delete from \`${table}\`) select 1`, /SQL refused/],
    ];
    const checks = attacks.map(([name, sql]) => `  - type: custom_sql\n    name: ${yamlString(name)}\n    sql: ${yamlString(sql)}\n`).join('');
    const dir = await attackWorkspace({ 'sources/shop.yaml': source, 'datasets/victims.yaml': dataset(checks) });
    const r = await dataCheck(dir, env, ['--failing-rows']);
    const ds = r.datasets.find((d) => d.datasetId === 'victims') as CheckedDataset;
    expect(ds.outcomes.find((o) => o.name === 'row_count')?.status).toBe('pass'); // the source works
    for (const [name, , reason] of attacks) {
      const o = ds.outcomes.find((x) => x.name === name);
      expect(o?.status, `${name}: ${o?.message}`).toBe('error');
      expect(o?.message, name).toMatch(/SQL refused/);
      expect(o?.message, name).toMatch(reason);
    }
    expect(await victims()).toEqual(['a', 'b', 'c']);
    expect(existsSync(outfile)).toBe(false);
    expect(existsSync(dumpfile)).toBe(false);
    // No lock left held by anyone.
    expect(Number((await admin.rows("select is_free_lock('traction') as free"))[0]?.free)).toBe(1);
  });

  it('refuses dataset queries and where filters that write', async () => {
    const dir = await attackWorkspace({
      'sources/shop.yaml': source,
      'datasets/q_drop.yaml': `id: q_drop\nsource: shop\nquery: ${yamlString(`select * from \`${table}\`) as a; drop table \`${table}\`; select * from (select 1`)}\nchecks:\n  - type: row_count\n    min: 0\n`,
      'datasets/q_outfile.yaml': `id: q_outfile\nsource: shop\nquery: ${yamlString(`select * from \`${table}\` into outfile '${outfile}'`)}\nchecks:\n  - type: row_count\n    min: 0\n`,
      'datasets/victims.yaml': dataset(
        [
          `  - type: not_null\n    column: id\n    name: where drop\n    where: ${yamlString(`1 = 1); drop table \`${table}\`; select (1`)}`,
          `  - type: not_null\n    column: id\n    name: where file\n    where: ${yamlString("load_file('/etc/passwd') is null")}`,
          '',
        ].join('\n'),
      ),
    });
    const r = await dataCheck(dir, env);
    const byId = new Map(r.datasets.map((d) => [d.datasetId, d]));
    for (const id of ['q_drop', 'q_outfile']) {
      const d = byId.get(id) as CheckedDataset;
      expect(d.error, id).toMatch(/SQL refused/);
      expect(d.outcomes.every((o) => o.status === 'error'), id).toBe(true);
    }
    const w = byId.get('victims') as CheckedDataset;
    expect(w.outcomes.find((o) => o.name === 'row_count')?.status).toBe('pass');
    expect(w.outcomes.find((o) => o.name === 'where drop')?.message).toMatch(/SQL refused: a second statement/);
    expect(w.outcomes.find((o) => o.name === 'where file')?.message).toMatch(/SQL refused: calls load_file/);
    expect(await victims()).toEqual(['a', 'b', 'c']);
    expect(existsSync(outfile)).toBe(false);
  });

  it('guards every path of the connection: query, stream, queryReadOnly and columns', async () => {
    const conn = openMysqlConnection({ sourceId: 'shop', url: MYSQL_URL });
    const attack = `select 1; drop table \`${table}\``;
    try {
      await expect(conn.query(attack)).rejects.toBeInstanceOf(UnsafeSqlError);
      await expect(conn.queryReadOnly(attack)).rejects.toBeInstanceOf(UnsafeSqlError);
      await expect(conn.columns(`(select 1) as a; drop table \`${table}\`; select * from (select 1) as b`)).rejects.toBeInstanceOf(UnsafeSqlError);
      const streamed = async () => {
        for await (const row of conn.stream(`select * from \`${table}\` into outfile '${outfile}'`)) void row;
      };
      await expect(streamed()).rejects.toThrow(/SQL refused: writes to a file/);
      // A plain read still streams, and a reader that stops early leaves nothing behind.
      const rows = [];
      for await (const row of conn.stream(`select id from \`${table}\` order by id`)) rows.push(row.id);
      expect(rows).toEqual([1, 2, 3]);
      for await (const row of conn.stream(`select id from \`${table}\` order by id`)) if (row.id === 1) break;
      // The connection that stopped early was closed, not returned mid-result: the pool still answers.
      expect((await conn.query(`select count(*) as n from \`${table}\``))[0]?.n).toBe(3);
    } finally {
      await conn.close();
    }
    expect(await victims()).toEqual(['a', 'b', 'c']);
    expect(existsSync(outfile)).toBe(false);
  });

  it('ends select sleep(20) under --timeout 3 in about 3 s, and the server stops it too', async () => {
    const dir = await attackWorkspace({
      'sources/shop.yaml': source,
      'datasets/victims.yaml': dataset('  - type: custom_sql\n    name: sleeper\n    sql: "select sleep(20) as s"\n'),
    });
    const started = Date.now();
    const r = await dataCheck(dir, env, ['--timeout', '3']);
    const elapsed = Date.now() - started;
    const o = r.datasets[0]?.outcomes.find((x) => x.name === 'sleeper');
    expect(o?.status).toBe('error');
    expect(o?.message).toMatch(/timed out after 3 s/);
    expect(elapsed).toBeLessThan(6000);
    // Nothing of ours is still sleeping on the server.
    const sleeping = await admin.rows("select count(*) as n from information_schema.processlist where id <> connection_id() and info like concat('%sl', 'eep(20)%')");
    expect(Number(sleeping[0]?.n)).toBe(0);
  });
});
