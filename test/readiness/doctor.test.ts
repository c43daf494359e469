// `traction doctor` against the real PostgreSQL and MariaDB: an account made with exactly the
// statements of docs/sources.md is read-only; postgres/root and narrower writers are not; and
// the doctor itself changes nothing. Each run makes its own database, roles and users (random
// suffix) and drops them. Without a database its tests skip with the reason; under CI=true a
// missing database fails (test/support/databases.ts).
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SourcePrivileges } from '../../src/readiness/source-privileges.js';
import { cli } from '../support/cli.js';
import { MYSQL_URL, PG_URL, postgresAvailable } from '../support/databases.js';
import { mysqlAvailable } from '../support/sql-servers.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');
const SUFFIX = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** The first ```sql block under `## <heading>` of docs/sources.md, as single statements. */
function documentedSql(heading: string, names: Record<string, string>): string[] {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/sources.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
  const block = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`docs/sources.md: no sql block under "## ${heading}"`);
  let sql = block;
  for (const [from, to] of Object.entries(names)) sql = sql.replaceAll(from, to);
  return sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean);
}

/** A copy of the fixture workspace with these extra source files (id -> YAML body). */
function workspace(sources: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-doctor-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [id, body] of Object.entries(sources)) writeFileSync(path.join(dir, 'sources', `${id}.yaml`), `id: ${id}\n${body}`);
  return dir;
}

async function doctor(dir: string, args: string[], env: Record<string, string> = {}) {
  const r = await cli(['doctor', '-w', dir, '--json', ...args], env);
  const sources = r.code === 2 && !r.stdout.includes('"sources"') ? [] : (JSON.parse(r.stdout).sources as SourcePrivileges[]);
  return { ...r, byId: Object.fromEntries(sources.map((s) => [s.source, s])) as Record<string, SourcePrivileges> };
}

const withUrl = (base: string, changes: { user?: string; password?: string; database?: string }) => {
  const url = new URL(base);
  if (changes.user !== undefined) url.username = changes.user;
  if (changes.password !== undefined) url.password = changes.password;
  if (changes.database !== undefined) url.pathname = `/${changes.database}`;
  return url.toString();
};

describe('traction doctor on PostgreSQL', () => {
  const db = `traction_doctor_${SUFFIX}`;
  const role = (name: string) => `traction_${name}_${SUFFIX}`;
  const dbUrl = withUrl(PG_URL, { database: db });
  let up = false;
  const admin = async <T>(url: string, fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    up = await postgresAvailable();
    if (!up) return;
    await admin(PG_URL, (c) => c.query(`create database ${db}`));
    await admin(dbUrl, async (c) => {
      await c.query('create schema analytics; create table analytics.orders (id int primary key, amount numeric); insert into analytics.orders values (1, 10), (2, 20)');
      for (const s of documentedSql('PostgreSQL', { traction_reader: role('reader'), warehouse: db })) await c.query(s);
      // Created after the grants: readable through ALTER DEFAULT PRIVILEGES only.
      await c.query('create table analytics.late (id int)');
      await c.query(`create role ${role('writer')} login; grant usage, create on schema analytics to ${role('writer')}; grant select, insert, update on analytics.orders to ${role('writer')}`);
      await c.query(`create role ${role('files')} login; grant pg_read_server_files to ${role('files')}`);
      // Inherits nothing, but may SET ROLE to a superuser.
      await c.query(`create role ${role('super')} superuser; create role ${role('climber')} login noinherit; grant ${role('super')} to ${role('climber')}`);
    });
  });
  beforeEach((ctx) => {
    if (!up) ctx.skip(`PostgreSQL did not answer at ${PG_URL}`);
  });
  afterAll(async () => {
    if (!up) return;
    await admin(PG_URL, async (c) => {
      await c.query(`drop database if exists ${db} with (force)`);
      for (const r of ['reader', 'writer', 'files', 'climber', 'super']) await c.query(`drop role if exists ${role(r)}`);
    });
  });

  const source = (user?: string) => `kind: postgres\nconnection: \${env:DOCTOR_PG_${user ?? 'ADMIN'}}\nschema: analytics\n`;
  const env = () => ({
    DOCTOR_PG_READER: withUrl(dbUrl, { user: role('reader'), password: 'change-me' }),
    DOCTOR_PG_WRITER: withUrl(dbUrl, { user: role('writer') }),
    DOCTOR_PG_FILES: withUrl(dbUrl, { user: role('files') }),
    DOCTOR_PG_CLIMBER: withUrl(dbUrl, { user: role('climber') }),
    DOCTOR_PG_ADMIN: dbUrl,
  });

  it('calls the role of the documented statements read-only, and that role reads tables made later', async () => {
    const dir = workspace({ warehouse: source('READER') });
    const r = await doctor(dir, ['warehouse'], env());
    expect(r.code).toBe(0);
    expect(r.byId.warehouse).toMatchObject({ verdict: 'read-only', role: role('reader'), writes: [], reads: [] });
    expect(r.byId.warehouse?.notes).toContain('sessions start read-only (default_transaction_read_only)');
    const rows = await admin(env().DOCTOR_PG_READER, (c) => c.query('select count(*)::int as n from analytics.late'));
    expect(rows.rows[0]).toEqual({ n: 0 });
  });

  it('lists what a superuser, a role that may become one, a writer and a reader of server files could do; exit 1', async () => {
    const dir = workspace({ warehouse: source(), writer: source('WRITER'), serverfiles: source('FILES'), climber: source('CLIMBER') });
    const r = await doctor(dir, ['warehouse', 'writer', 'serverfiles', 'climber'], env());
    expect(r.code).toBe(1);
    expect(r.byId.warehouse?.verdict).toBe('can-write');
    expect(r.byId.warehouse?.writes).toEqual(['superuser (anything, including writing files and running programs on the database server)']);
    expect(r.byId.writer).toMatchObject({ verdict: 'can-write', writes: ['CREATE on schema analytics', 'INSERT on 1 table', 'UPDATE on 1 table'], reads: [] });
    expect(r.byId.climber).toMatchObject({ verdict: 'can-write', writes: [`member of superuser role ${role('super')} (SET ROLE makes it a superuser)`] });
    expect(r.byId.serverfiles).toMatchObject({ verdict: 'reads-beyond', writes: [], reads: ['read files on the database server (pg_read_server_files)'] });
    const text = await cli(['doctor', '-w', dir, 'writer'], env());
    expect(text.stdout).toContain('can write: CREATE on schema analytics, INSERT on 1 table, UPDATE on 1 table');
  });

  it('writes nothing: the catalog and the rows are the same afterwards', async () => {
    const snapshot = () => admin(dbUrl, async (c) => (await c.query("select (select count(*) from pg_class) as objects, (select string_agg(id || ':' || amount, ',' order by id) from analytics.orders) as rows")).rows[0]);
    const before = await snapshot();
    await doctor(workspace({ warehouse: source() }), [], env());
    expect(await snapshot()).toEqual(before);
  });
});

describe('traction doctor on MariaDB', () => {
  const db = `traction_doctor_${SUFFIX}`;
  const user = (name: string) => `traction_${name}_${SUFFIX}`;
  let up = false;
  const admin = async (statements: string[]) => {
    const c = await mysql.createConnection({ uri: MYSQL_URL });
    try {
      for (const s of statements) await c.query(s);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    up = await mysqlAvailable();
    if (!up) return;
    await admin([`create database ${db}`, `create table ${db}.orders (id int primary key, amount decimal(10,2))`, `insert into ${db}.orders values (1, 10), (2, 20)`]);
    await admin(documentedSql('MySQL and MariaDB', { traction_reader: user('reader'), 'erp.*': `${db}.*` }));
    await admin([`create user '${user('writer')}'@'%'`, `grant select, insert, delete on ${db}.* to '${user('writer')}'@'%'`]);
    // Writes only through a role (a default role, so active on every login).
    await admin([`create role ${user('role')}`, `grant update on ${db}.orders to ${user('role')}`, `create user '${user('member')}'@'%'`, `grant select on ${db}.* to '${user('member')}'@'%'`, `grant ${user('role')} to '${user('member')}'@'%'`, `set default role ${user('role')} for '${user('member')}'@'%'`]);
  });
  beforeEach((ctx) => {
    if (!up) ctx.skip(`MariaDB did not answer at ${MYSQL_URL}`);
  });
  afterAll(async () => {
    if (!up) return;
    await admin([...['reader', 'writer', 'member'].map((u) => `drop user if exists '${user(u)}'@'%'`), `drop role if exists ${user('role')}`, `drop database if exists ${db}`]);
  });

  const env = () => ({
    DOCTOR_MY_READER: withUrl(MYSQL_URL, { user: user('reader'), password: 'change-me', database: db }),
    DOCTOR_MY_WRITER: withUrl(MYSQL_URL, { user: user('writer'), database: db }),
    DOCTOR_MY_MEMBER: withUrl(MYSQL_URL, { user: user('member'), database: db }),
    DOCTOR_MY_ROOT: withUrl(MYSQL_URL, { database: db }),
  });
  const source = (who: string) => `kind: mysql\nconnection: \${env:DOCTOR_MY_${who}}\n`;

  it('calls the account of the documented statements read-only; root, a writer and a writer through a role can write', async () => {
    const dir = workspace({ erp: source('READER'), writer: source('WRITER'), member: source('MEMBER'), root: source('ROOT') });
    const r = await doctor(dir, ['erp', 'writer', 'member', 'root'], env());
    expect(r.code).toBe(1);
    expect(r.byId.erp).toMatchObject({ verdict: 'read-only', writes: [], reads: [] });
    expect(r.byId.erp?.role).toMatch(new RegExp(`^${user('reader')}@`));
    expect(r.byId.writer).toMatchObject({ verdict: 'can-write', writes: [`INSERT, DELETE on \`${db}\`.*`] });
    expect(r.byId.member).toMatchObject({ verdict: 'can-write', writes: [`UPDATE on \`${db}\`.\`orders\` (through role \`${user('role')}\`)`] });
    expect(r.byId.root?.verdict).toBe('can-write');
    expect(r.byId.root?.writes.join(' ')).toContain('ALL PRIVILEGES, GRANT OPTION on *.*');
  });

  it('writes nothing: the rows and the tables are the same afterwards', async () => {
    const snapshot = async () => {
      const c = await mysql.createConnection({ uri: MYSQL_URL });
      try {
        const [rows] = await c.query(`select (select group_concat(id, ':', amount order by id) from ${db}.orders) as r, (select count(*) from information_schema.tables where table_schema = '${db}') as t`);
        return rows;
      } finally {
        await c.end();
      }
    };
    const before = await snapshot();
    await doctor(workspace({ root: source('ROOT') }), [], env());
    expect(await snapshot()).toEqual(before);
  });
});

describe('traction doctor on files and SQLite, and its refusals', () => {
  it('calls files and SQLite sources read-only, with what the OS user could do as a note', async () => {
    const dir = workspace({ local: 'kind: sqlite\npath: local.db\n' });
    writeFileSync(path.join(dir, 'local.db'), '');
    const r = await doctor(dir, []);
    expect(r.code).toBe(0);
    expect(r.byId.files).toMatchObject({ engine: 'files', verdict: 'read-only' });
    expect(r.byId.files?.notes[0]).toBe(`Traction reads files only inside ${path.join(dir, 'data')}`);
    expect(r.byId.local).toMatchObject({ engine: 'sqlite', verdict: 'read-only' });
    expect(r.byId.local?.notes).toContain('Traction opens the file read-only');
  });

  it('says which source cannot be reached (exit 1) and which is misconfigured (exit 2), and goes on with the rest', async () => {
    const dir = workspace({ gone: 'kind: postgres\nconnection: postgres://nobody@127.0.0.1:1/none\n', unset: 'kind: mysql\nconnection: ${env:DOCTOR_NOT_SET}\n' });
    const r = await doctor(dir, ['gone', 'files'], {});
    expect(r.code).toBe(1);
    expect(r.byId.gone?.verdict).toBe('cannot-connect');
    expect(r.byId.gone?.error).toMatch(/^cannot connect: .*ECONNREFUSED/);
    expect(r.byId.files?.verdict).toBe('read-only');
    const all = await doctor(dir, []);
    expect(all.code).toBe(2);
    expect(all.byId.unset).toMatchObject({ verdict: 'misconfigured', error: 'environment variable DOCTOR_NOT_SET is not set (used by source unset)' });
    expect(all.byId.gone?.verdict).toBe('cannot-connect');
  });

  it('refuses an unknown source by name, and validate --connect reports the same per source', async () => {
    const dir = workspace({});
    const r = await cli(['doctor', '-w', dir, 'filez']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown source "filez" (did you mean "files"?)');
    const v = await cli(['validate', '--connect', '-w', dir, '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, sources: 1, source_privileges: [{ source: 'files', verdict: 'read-only' }] });
  });
});
