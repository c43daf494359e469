// A files source reads only inside its root, whatever the dataset path says (`..`, a
// symbolic link to /etc, a glob through such a link), through `traction data check` and
// `data profile`. And the DuckDB instance itself, as the product creates it, is the second
// wall behind the guard: on a raw connection (no guard) it still reads and writes nothing
// outside the allowed folders, downloads no extension, and its configuration is locked.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckdbInstance } from '../../src/readiness/connectors/duckdb/connection.js';
import { addDefinitions, attackWorkspace, checkJson, data, type AttackWorkspace } from '../support/embedded-attack-workspace.js';

const PASSWD_LINE = existsSync('/etc/passwd') ? (readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:x:0:0') : 'root:x:0:0';

describe('a files source reads only inside its root', () => {
  let ws: AttackWorkspace;
  let errors: Map<string, string | undefined>;
  let output: string;
  const DATASETS: Record<string, string> = {
    dotdot: '../../etc/passwd',
    absolute: '/etc/passwd',
    linked_dir: 'etc/passwd',
    linked_file: 'pw.csv',
    linked_glob: 'etc/pass*',
  };
  beforeAll(async () => {
    ws = attackWorkspace();
    symlinkSync('/etc', path.join(ws.root, 'etc'));
    symlinkSync('/etc/passwd', path.join(ws.root, 'pw.csv'));
    addDefinitions(ws, { datasets: Object.entries(DATASETS).map(([id, p]) => ({ id, source: 'files', path: p, format: 'csv', checks: [{ type: 'row_count', min: 1 }] })) });
    const checked = await checkJson(ws.dir, Object.keys(DATASETS));
    output = checked.run.stdout + checked.run.stderr;
    errors = new Map([...checked.datasets].map(([id, d]) => [id, d.error]));
  }, 120_000);
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  it.each(Object.keys(DATASETS))('%s: the dataset fails, naming the path and the root', (id) => {
    expect(errors.get(id)).toMatch(new RegExp(`dataset ${id}: path "${DATASETS[id]?.replace(/[*.]/g, '\\$&')}" .*outside the source's root .*data; a files source reads only inside its root`));
  });

  it('names the symbolic link it followed', () => {
    expect(errors.get('linked_dir')).toMatch(/leads \(through a symbolic link\) to \/etc/);
  });

  it('read nothing of /etc/passwd', () => {
    expect(output).not.toContain(PASSWD_LINE);
  });

  it('`data profile` of such a dataset fails with the reason, not a stack trace', async () => {
    const p = await data(['profile', '-w', ws.dir, 'linked_file']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/dataset linked_file: path "pw.csv" leads \(through a symbolic link\) to \/etc\/passwd, outside the source's root/);
    expect(p.stdout + p.stderr).not.toContain(PASSWD_LINE);
    expect(p.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the DuckDB instance as the product creates it (no guard in front)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'traction-root-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'traction-outside-'));
  let instance: DuckDBInstance;
  let raw: DuckDBConnection;
  const extensionsDir = path.join(homedir(), '.duckdb', 'extensions');
  const extensionsBefore = existsSync(extensionsDir) ? readdirSync(extensionsDir, { recursive: true }).length : 0;
  beforeAll(async () => {
    symlinkSync('/etc/passwd', path.join(root, 'pw.csv'));
    instance = await createDuckdbInstance({ roots: [root] });
    raw = await instance.connect();
  });
  afterAll(() => {
    raw.closeSync();
    instance.closeSync();
    for (const dir of [root, outside]) rmSync(dir, { recursive: true, force: true });
  });
  const fails = (sql: string) => raw.run(sql).then(() => 'ran', (e: Error) => e.message);

  it.each([
    ["select * from read_text('/etc/passwd')", /Permission Error: Cannot access file "\/etc\/passwd"/],
    ["select * from glob('/etc/*')", /Permission Error/],
    [`select * from read_csv('${root}/../../../etc/passwd')`, /Permission Error/],
    [`select * from read_csv('${root}/pw.csv')`, /Permission Error/],
  ])('reads nothing outside the roots: %s', async (sql, error) => {
    expect(await fails(sql)).toMatch(error);
  });

  it('writes nothing outside the roots', async () => {
    expect(await fails(`copy (select 1) to '${outside}/x.csv'`)).toMatch(/Permission Error/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('downloads no extension: an http path and INSTALL fail on the configuration', async () => {
    expect(await fails("select * from 'http://example.com/x.parquet'")).toMatch(/Permission Error: Cannot access file "http:\/\/example.com\/x.parquet" - file system operations are disabled/);
    expect(await fails('install httpfs')).toMatch(/Permission Error/);
    expect(await fails('load httpfs')).toMatch(/disabled/);
    const extensionsAfter = existsSync(extensionsDir) ? readdirSync(extensionsDir, { recursive: true }).length : 0;
    expect(extensionsAfter).toBe(extensionsBefore);
  });

  it('has its settings locked', async () => {
    for (const sql of ['set enable_external_access = true', "set allowed_directories = ['/']", 'set autoinstall_known_extensions = true', 'set autoload_known_extensions = true', 'set allow_community_extensions = true', 'reset lock_configuration'])
      expect(await fails(sql), sql).toMatch(/the configuration has been locked/);
    const settings = (await raw.runAndReadAll("select name, value from duckdb_settings() where name in ('enable_external_access', 'autoinstall_known_extensions', 'autoload_known_extensions', 'allow_community_extensions', 'lock_configuration')")).getRowObjects();
    expect(Object.fromEntries(settings.map((r) => [r.name, r.value]))).toEqual({
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      lock_configuration: 'true',
    });
  });
});
