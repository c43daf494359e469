// Attacks on a files source (DuckDB) through the product path: `traction data check` and
// `data profile` on a workspace whose checks, `where` filters and dataset queries carry the
// attack. Each asserts what did NOT happen (no file written, nothing of /etc read, no
// extension downloaded) and that the check reports an error, never a pass.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDefinitions, attackWorkspace, checkJson, data, type AttackWorkspace, type DataRun, type Outcome } from '../support/embedded-attack-workspace.js';

const PASSWD_LINE = existsSync('/etc/passwd') ? (readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:x:0:0') : 'root:x:0:0';
const OUTSIDE = path.join(tmpdir(), `traction-attack-${randomBytes(4).toString('hex')}.csv`);
const q = (p: string) => p.replace(/'/g, "''");

// Inside the root DuckDB may write (it is an allowed folder): only the guard stops these.
const inRoot = (root: string, name: string) => q(path.join(root, name));
// Closes the wrapping `select count(*) from (...)`, then sends its own statements.
const closing = (stmt: string) => `select 1) t; ${stmt}; select * from (select 1`;

function customSqlAttacks(root: string): Record<string, string> {
  return {
    copy: `copy (select 1) to '${inRoot(root, 'c1.csv')}'`,
    copy_closing: closing(`copy (select 1) to '${inRoot(root, 'c2.csv')}'`),
    copy_outside_root: closing(`copy (select 1) to '${q(OUTSIDE)}'`),
    install: closing('install httpfs'),
    load: closing('load httpfs'),
    attach: closing(`attach '${inRoot(root, 'evil.db')}' as evil`),
    pragma: closing('pragma enable_profiling'),
    set: closing('set enable_external_access = true'),
    create: closing('create table pwned as select 1'),
    read_csv_passwd: "select * from read_csv('../../../etc/passwd')",
    read_text_passwd: "select * from read_text('/etc/passwd')",
    glob_etc: "select * from glob('/etc/*')",
    http_path: "select * from 'http://example.com/x.parquet'",
    getenv: "select getenv('HOME') as h from {dataset}",
    semicolon_in_comment: `select * from {dataset} /* ; */ ) t; copy (select 1) to '${inRoot(root, 'c3.csv')}' -- ;\n; select * from (select 1`,
    semicolon_in_string: `select * from {dataset} where email = ';') t; copy (select 1) to '${inRoot(root, 'c4.csv')}'; select * from (select ';'`,
    cte_with_delete: 'with x as (delete from {dataset} returning *) select * from x',
  };
}

function whereAttacks(root: string): Record<string, string> {
  return {
    where_brief: `1=1) ; copy (select 1) to '${q(OUTSIDE)}'`,
    where_balanced: `1=1); copy (select 1) to '${inRoot(root, 'w1.csv')}'; select (1`,
    where_install: '1=1); install httpfs; select (1',
    where_read_text: "email in (select content from read_text('/etc/passwd'))",
  };
}

describe('DuckDB attacks through `traction data check`', () => {
  let ws: AttackWorkspace;
  let run: DataRun;
  let outcomes: Map<string, Outcome>;
  let queryDataset: { error?: string } | undefined;
  beforeAll(async () => {
    ws = attackWorkspace();
    const checks = [
      ...Object.entries(customSqlAttacks(ws.root)).map(([name, sql]) => ({ type: 'custom_sql', name, sql })),
      ...Object.entries(whereAttacks(ws.root)).map(([name, where]) => ({ type: 'not_null', column: 'email', name, where })),
    ];
    const attacked = { id: 'attacked', source: 'files', path: 'crm_customers.csv', checks };
    const viaQuery = { id: 'via_query', source: 'files', query: `select 1 as x) t; copy (select 1) to '${inRoot(ws.root, 'q1.csv')}'; select * from (select 1 as x`, checks: [{ type: 'row_count', min: 0 }] };
    addDefinitions(ws, { datasets: [attacked, viaQuery] });
    const checked = await checkJson(ws.dir, ['attacked', 'via_query']);
    run = checked.run;
    outcomes = checked.datasets.get('attacked')?.outcomes ?? new Map();
    queryDataset = checked.datasets.get('via_query');
  }, 120_000);
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  it.each([...Object.keys(customSqlAttacks('/r')), ...Object.keys(whereAttacks('/r'))])('%s: reported as an error, never a pass', (name) => {
    const o = outcomes.get(name);
    expect(o, `no outcome ${name}: ${run.stdout.slice(0, 500)}`).toBeDefined();
    expect(o?.status, o?.message).toBe('error');
  });

  it('refuses the statements the guard sees by naming them', () => {
    expect(outcomes.get('copy_closing')?.message).toMatch(/SQL refused: found 3 statements; exactly one SELECT is allowed/);
    expect(outcomes.get('read_text_passwd')?.message).toMatch(/SQL refused: it uses the table function read_text; in FROM only range, generate_series, unnest and file readers/);
    expect(outcomes.get('read_csv_passwd')?.message).toMatch(/SQL refused: it uses a file read outside the source's root \("..\/..\/..\/etc\/passwd" is outside/);
    expect(outcomes.get('getenv')?.message).toMatch(/SQL refused: it uses the function getenv, which reaches outside the query/);
    expect(outcomes.get('glob_etc')?.message).toMatch(/SQL refused: .*glob/);
    expect(outcomes.get('http_path')?.message).toMatch(/SQL refused: .*"http:\/\/example.com\/x.parquet" is a URL/);
    expect(outcomes.get('where_balanced')?.message).toMatch(/SQL refused/);
  });

  it('wrote no file, inside the root or outside it', () => {
    expect(readdirSync(ws.root).sort()).toEqual(['crm_customers.csv', 'erp_orders.csv']);
    expect(existsSync(OUTSIDE)).toBe(false);
  });

  it('read nothing of /etc/passwd and tried no download', () => {
    expect(run.stdout + run.stderr).not.toContain(PASSWD_LINE);
    // A download attempt would end in a network or extension error, not in a refusal.
    expect(run.stdout).not.toMatch(/httpfs.*(download|HTTP|extension .* not found)/i);
  });

  it('refuses a dataset query that smuggles statements, and writes nothing', () => {
    expect(queryDataset?.error).toMatch(/SQL refused: found 3 statements/);
    expect(existsSync(path.join(ws.root, 'q1.csv'))).toBe(false);
  });

  it('`data profile` of that dataset fails with the refusal, not a stack trace, and writes nothing', async () => {
    const p = await data(['profile', '-w', ws.dir, 'via_query']);
    expect(p.code).not.toBe(0);
    expect(p.stderr).toMatch(/SQL refused/);
    expect(p.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(ws.root, 'q1.csv'))).toBe(false);
  });
});
