// KPI measures are user SQL too (anyone who can edit a use case, or propose one, writes them):
// `traction kpi refresh`, with --dry-run and without, runs each through the same containment
// as custom checks on every engine. Attacks on PostgreSQL, MariaDB, SQLite and files (DuckDB)
// sources assert that nothing changed, no file was written, the KPI row reports the refusal,
// nothing was stored, and a plain measure next to them still works.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackWorkspace, untouchedPath } from '../support/attack-workspace.js';
import { cli } from '../support/cli.js';
import { dropSchema, MYSQL_URL, PG_URL, uniqueSchema } from '../support/databases.js';
import { mysqlAdmin, postgresAdmin, skipReason, type Admin } from '../support/sql-servers.js';

const SKIP = [await skipReason('postgres'), await skipReason('mysql')].filter(Boolean).join('; ');
if (SKIP) console.warn(`skipping KPI measure containment: ${SKIP}`);

const program = untouchedPath('kpi-program');
const copied = untouchedPath('kpi-copy');
const outfile = untouchedPath('kpi-outfile');

interface Refreshed {
  kpi: string;
  rows: number;
  new: number;
  error: string | null;
}

function useCase(measures: Record<string, [string, string]>): string {
  const kpis = Object.entries(measures)
    .map(([id, [source, sql]]) => `  - id: ${id}\n    name: ${id}\n    unit: n\n    direction: up\n    target: 1\n    measure: { source: ${source}, sql: ${JSON.stringify(sql)} }\n`)
    .join('');
  return `id: attacked\ntitle: Attacked\nproblem: p\nobjective: o\nowner: a@example.com\nsponsor: b@example.com\ndepartment: Ops\nteam: data\nstage: idea\nvalue_streams: []\ncosts: { build: 1, run_monthly: 0 }\nprobability_of_success: 0.5\neffort_person_weeks: 1\nkpis:\n${kpis}risk: { eu_ai_act: minimal }\n`;
}

describe.skipIf(SKIP !== '')(`KPI measure containment${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  const schema = uniqueSchema('kpiatk');
  const table = uniqueSchema('kpivictims');
  let pgAdmin: Admin;
  let myAdmin: Admin;

  beforeAll(async () => {
    pgAdmin = await postgresAdmin();
    await pgAdmin.exec(`create schema "${schema}"`);
    await pgAdmin.exec(`create table "${schema}".victims (n int)`);
    await pgAdmin.exec(`insert into "${schema}".victims values (1), (2), (3)`);
    myAdmin = await mysqlAdmin();
    await myAdmin.exec(`create table \`${table}\` (n int)`);
    await myAdmin.exec(`insert into \`${table}\` values (1), (2), (3)`);
  });
  afterAll(async () => {
    await pgAdmin?.close();
    await dropSchema(schema);
    await myAdmin?.exec(`drop table if exists \`${table}\``);
    await myAdmin?.close();
    for (const f of [program, copied, outfile]) rmSync(f, { force: true });
  });

  it.each(['--dry-run', 'storing'])('refuses measures that write, on every engine (%s)', async (mode) => {
    const flag = mode === '--dry-run' ? mode : '';
    const dir = await attackWorkspace({
      'sources/pg.yaml': `id: pg\nkind: postgres\nconnection: \${env:KPI_PG_URL}\nschema: ${schema}\n`,
      'sources/shop.yaml': 'id: shop\nkind: mysql\nconnection: ${env:KPI_MYSQL_URL}\n',
      'sources/local.yaml': 'id: local\nkind: sqlite\npath: local.db\n',
      'sources/files.yaml': 'id: files\nkind: files\nroot: data\n',
      'usecases/attacked.yaml': useCase({
        'pg-ok': ['pg', 'select count(*) as value from victims'],
        'pg-rollback': ['pg', 'rollback; drop table victims; select 1 as value'],
        'pg-program': ['pg', `copy (select 1 as value) to program 'touch ${program}'`],
        'pg-cte': ['pg', 'with d as (delete from victims returning n) select count(*) as value from d'],
        'my-drop': ['shop', `select 1 as value; drop table \`${table}\``],
        'my-outfile': ['shop', `select 1 as value into outfile '${outfile}'`],
        'sqlite-delete': ['local', 'delete from t returning 1 as value'],
        'files-copy': ['files', `copy (select 1 as value) to '${copied}'`],
      }),
    });
    const db = new SqliteDatabase(path.join(dir, 'local.db'));
    db.exec('create table t (n int); insert into t values (1), (2)');
    db.close();
    writeFileSync(path.join(dir, 'data', 'x.csv'), 'value\n1\n');
    const r = await cli(['kpi', 'refresh', 'attacked', '-w', dir, '--json', ...(flag ? [flag] : [])], { KPI_PG_URL: PG_URL, KPI_MYSQL_URL: MYSQL_URL });
    expect(r.code).toBe(1);
    const rows = new Map((JSON.parse(r.stdout).refreshed as Refreshed[]).map((x) => [x.kpi, x]));
    expect(rows.get('pg-ok')).toMatchObject({ rows: 1, error: null }); // the path works
    const refused: Record<string, RegExp> = {
      'pg-rollback': /SQL refused: a second statement after the first/,
      'pg-program': /SQL refused: it is COPY, not a SELECT/,
      'pg-cte': /SQL refused: DELETE inside the query/,
      'my-drop': /SQL refused: a second statement after the first/,
      'my-outfile': /SQL refused: writes to a file \(INTO OUTFILE\)/,
      'sqlite-delete': /readonly|read-only|refused/i,
      'files-copy': /SELECT|refused/,
    };
    for (const [kpi, reason] of Object.entries(refused)) {
      expect(rows.get(kpi)?.error, kpi).toMatch(reason);
      expect(rows.get(kpi)?.new, kpi).toBe(0);
    }
    expect(Number((await pgAdmin.rows(`select count(*) as n from "${schema}".victims`))[0]?.n)).toBe(3);
    expect(Number((await myAdmin.rows(`select count(*) as n from \`${table}\``))[0]?.n)).toBe(3);
    const check = new SqliteDatabase(path.join(dir, 'local.db'), { readonly: true });
    expect((check.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(2);
    check.close();
    for (const f of [program, copied, outfile]) expect(existsSync(f), f).toBe(false);
    // Nothing of the refused measures was stored (the good one only without --dry-run).
    const show = JSON.parse((await cli(['kpi', 'show', 'attacked', '-w', dir, '--json'])).stdout) as { kpis: { kpi: string; series: unknown[] }[] };
    expect(show.kpis.length).toBe(8);
    for (const k of show.kpis) expect(k.series.length, k.kpi).toBe(k.kpi === 'pg-ok' && !flag ? 1 : 0);
  });
});
