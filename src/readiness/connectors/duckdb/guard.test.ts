// Property tests of the DuckDB guard through a source connection: generated benign SELECTs
// (with semicolons inside strings and comments) run; the same SELECTs with a write statement
// appended, hidden behind comments or alone, are refused, and afterwards the table is intact
// and no file was written. Then every query the check compiler makes for the Northwind
// example still passes the guard.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../../workspace/load-workspace.js';
import { runChecks } from '../../run-checks.js';
import { SourceConnections } from '../../source-connections.js';
import { UnsafeSqlError, type SourceConnection } from '../../source-connection.js';
import { createDuckdbInstance, openDuckdbConnection } from './connection.js';

const dir = mkdtempSync(path.join(tmpdir(), 'traction-duckdb-guard-'));
let instance: DuckDBInstance;
let raw: DuckDBConnection;
let conn: SourceConnection;

beforeAll(async () => {
  instance = await createDuckdbInstance({ roots: [dir] });
  conn = openDuckdbConnection(instance, { sourceId: 'files', root: dir });
  raw = await instance.connect();
  await raw.run(`create table t as select range as id, 'n' || range as name from range(10)`);
});
afterAll(() => {
  raw.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const rowsOfT = async () => Number((await raw.runAndReadAll('select count(*) as n from t')).getRowObjects()[0]?.n);
const filesInRoot = () => readdirSync(dir);

// Pieces of a benign SELECT: a semicolon inside a string or comment is not a separator.
const literal = fc.constantFrom("';'", "'a;b'", "'--'", "'/* x */'", "''''", "'; drop table t'", '1', 'null');
const comment = fc.constantFrom('', ' /* ; */ ', ' -- ; copy\n', '\n', ' /* drop table t; */');
const condition = fc.constantFrom('id > 3', 'name like \'n%\'', 'id in (1, 2)', 'true', 'id between 2 and 5');
const benign = fc.tuple(literal, comment, condition, comment).map(([lit, c1, cond, c2]) => `select id, name, ${lit} as v${c1 || ' '}from t where ${cond}${c2}`);

// What an attacker appends or sends alone. Every target is inside the allowed root, so only
// the guard stands between the statement and a written file.
const target = (name: string) => path.join(dir, name).replace(/'/g, "''");
const writes = fc.constantFrom(
  `copy (select 1) to '${target('x.csv')}'`,
  `copy t to '${target('t.parquet')}' (format parquet)`,
  'drop table t',
  'delete from t',
  'insert into t values (99, \'x\')',
  'update t set name = \'x\'',
  'create table u as select 1',
  `attach '${target('other.db')}' as o`,
  'install httpfs',
  'load httpfs',
  'set enable_external_access = true',
  'pragma enable_profiling',
  `export database '${target('export')}'`,
  'checkpoint',
  'call pragma_version()',
);
const separator = fc.constantFrom(';', '; ', ';\n', ' ; -- x\n', ';/* c */', ';;');

describe('DuckDB guard (properties)', () => {
  it('runs generated benign SELECTs, semicolons in strings and comments included', async () => {
    await fc.assert(
      fc.asyncProperty(benign, async (sql) => {
        const rows = await conn.query(sql);
        expect(rows.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a benign SELECT followed by a write, and nothing happens', async () => {
    await fc.assert(
      fc.asyncProperty(benign, separator, writes, fc.constantFrom('', ';', '; -- end'), async (select, sep, write, end) => {
        const sql = `${select}${sep}${write}${end}`;
        await expect(conn.query(sql)).rejects.toBeInstanceOf(UnsafeSqlError);
        await expect(conn.queryReadOnly(sql)).rejects.toBeInstanceOf(UnsafeSqlError);
        expect(await rowsOfT()).toBe(10);
        expect(filesInRoot()).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('refuses each write statement sent alone (a single COPY ... TO included), and nothing happens', async () => {
    await fc.assert(
      fc.asyncProperty(comment, writes, async (c, write) => {
        const sql = `${c}${write}`;
        await expect(conn.query(sql)).rejects.toBeInstanceOf(UnsafeSqlError);
        const streamed = (async () => {
          for await (const row of conn.stream(sql)) void row;
        })();
        await expect(streamed).rejects.toBeInstanceOf(UnsafeSqlError);
        expect(await rowsOfT()).toBe(10);
        expect(filesInRoot()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a SELECT that reaches outside the query, naming what it found', async () => {
    const outside: [string, RegExp][] = [
      ["select * from read_csv('../x.csv')", /a file read outside the source's root \("..\/x.csv" is outside the source's root/],
      ["select * from read_csv('/etc/passwd')", /"\/etc\/passwd" is outside the source's root/],
      ["select * from read_parquet(['a.parquet', '/etc/x.parquet'])", /"\/etc\/x.parquet" is outside/],
      ["select * from read_csv(concat('/etc/', 'passwd'))", /read_csv with a path that is not a constant text/],
      ["select * from read_text('/etc/passwd')", /table function read_text; in FROM only range, generate_series, unnest and file readers/],
      ["select * from glob('/etc/*')", /glob/],
      ["select * from '../../etc/passwd.csv'", /outside the source's root/],
      ["select * from 'http://example.com/x.parquet'", /"http:\/\/example.com\/x.parquet" is a URL/],
      ["select * from 's3://bucket/x.parquet'", /is a URL/],
      ["select current_setting('allowed_directories')", /current_setting/],
      ["select getenv('HOME')", /the function getenv, which reaches outside the query/],
      ["select * from query('select 1')", /query/],
      ['select * from duckdb_settings()', /duckdb_settings/],
      ["select * from t where id in (select 1 from read_parquet('/x.parquet'))", /"\/x.parquet" is outside/],
      ["select list_transform(['x'], f -> read_blob(f))", /read_blob/],
      ['select * from passwd.csv', /the file "passwd.csv" is not written as plain quoted text/],
      ["describe '/etc/passwd'", /"\/etc\/passwd" is outside the source's root/],
      ["select * from read_csv($$/etc/passwd$$)", /"\/etc\/passwd" is outside the source's root/],
    ];
    for (const [sql, reason] of outside) {
      const error = await conn.query(sql).then(() => undefined, (e: Error) => e);
      expect(error, sql).toBeInstanceOf(UnsafeSqlError);
      expect(error?.message, sql).toMatch(reason);
    }
  });

  it('refuses a single COPY ... TO into the allowed root, and writes no file', async () => {
    const file = path.join(dir, 'single.csv');
    const error = await conn.query(`copy (select 1) to '${target('single.csv')}'`).then(() => undefined, (e: unknown) => e);
    expect(existsSync(file), 'a single COPY ... TO wrote a file').toBe(false);
    expect(error).toBeInstanceOf(UnsafeSqlError);
  });

  it('names the statement it refused', async () => {
    await expect(conn.query(`copy (select 1) to '${target('y.csv')}'`)).rejects.toThrow(/source files: SQL refused: found COPY where only one SELECT is allowed/);
    await expect(conn.query('select 1; drop table t')).rejects.toThrow(/found 2 statements; exactly one SELECT is allowed/);
    expect(existsSync(path.join(dir, 'y.csv'))).toBe(false);
  });
});

describe('the Northwind checks under the guard', () => {
  it('run without a single refusal or error', async () => {
    const loaded = await loadWorkspace(path.resolve(import.meta.dirname, '../../../../examples/northwind'));
    const ws = loaded.workspace;
    if (!ws) throw new Error(`the example workspace does not load: ${JSON.stringify(loaded.problems)}`);
    const connections = new SourceConnections(ws, {});
    try {
      const runs = await runChecks({ workspace: ws, datasetIds: ws.datasets.map((d) => d.id), connections, now: new Date('2026-11-15T00:00:00Z') });
      const outcomes = runs.flatMap((r) => r.outcomes);
      expect(outcomes.filter((o) => o.status === 'error').map((o) => `${o.name}: ${o.message}`)).toEqual([]);
      // The counts of README.md's example run (139 checks: 109 pass, 21 fail, 9 warn).
      expect(outcomes.length).toBe(139);
      expect(outcomes.filter((o) => o.status === 'pass').length).toBe(109);
    } finally {
      await connections.closeAll();
    }
  }, 120_000);

  it("runs every KPI measure of a files source (relative file names such as 'support_tickets.csv')", async () => {
    const ws = (await loadWorkspace(path.resolve(import.meta.dirname, '../../../../examples/northwind'))).workspace;
    if (!ws) throw new Error('the example workspace does not load');
    const measures = ws.useCases.flatMap((u) => u.kpis.flatMap((k) => (k.measure?.source === 'files' ? [k.measure.sql] : [])));
    expect(measures.length).toBeGreaterThan(0);
    const connections = new SourceConnections(ws, {});
    try {
      const files = await connections.get('files');
      for (const sql of measures) expect((await files.queryReadOnly(sql)).length, sql).toBeGreaterThan(0);
    } finally {
      await connections.closeAll();
    }
  });
});

describe('reading the files of the source root by name', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'traction-duckdb-files-'));
  let files: DuckDBInstance;
  let filesConn: SourceConnection;
  beforeAll(async () => {
    writeFileSync(path.join(root, 'tickets.csv'), 'day,minutes\n2026-03-01,10\n2026-03-01,12\n2026-03-02,9\n');
    files = await createDuckdbInstance({ roots: [root] });
    filesConn = openDuckdbConnection(files, { sourceId: 'files', root });
  });
  afterAll(() => {
    files.closeSync();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    "select count(*) as n from 'tickets.csv'",
    'select count(*) as n from "tickets.csv"',
    "select count(*) as n from read_csv('tickets.csv', header = true)",
    "select count(*) as n from read_csv(['tickets.csv', './tickets.csv']) where minutes > 0 or 'ü' = ''",
    "select count(*) as n from (select 'äö''s' as x) a, 'tickets.csv' t where x <> 'tickets.csv'",
    `select count(*) as n from '${root.replace(/'/g, "''")}/tickets.csv'`,
  ])('reads the file by name inside the root: %s', async (sql) => {
    const expected = sql.includes("'./tickets.csv'") ? 6 : 3;
    expect(await filesConn.queryReadOnly(sql)).toEqual([{ n: expected }]);
  });

  it('reads nothing of another folder by a relative path', async () => {
    await expect(filesConn.queryReadOnly("select count(*) as n from '../tickets.csv'")).rejects.toThrow(/SQL refused: .*"..\/tickets.csv" is outside the source's root/);
  });
});
