// What a PostgreSQL source's role could do beyond reading, asked of the catalog only (every
// probe is a SELECT; nothing is written), on a short-lived connection of its own so the
// answer does not depend on how checks connect. A role fit for Traction has none of it.
import pg from 'pg';
import { SourceError } from '../../source-connection.js';
import type { PrivilegeFindings } from '../../source-privileges.js';

export interface PostgresPrivilegeOptions {
  sourceId: string;
  url: string;
  /** The source's schema; without one, every schema of the database is looked at. */
  schema?: string;
  timeoutMs?: number;
}

// Role attributes and the predefined roles that reach outside the database (PostgreSQL 11+):
// membership counts even without INHERIT, since the role could SET ROLE to use it.
const ROLE_SQL = `
select current_user as role, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
  current_database() as database,
  has_database_privilege(current_database(), 'CREATE') as create_on_database,
  current_setting('default_transaction_read_only') as default_read_only,
  array(select m.rolname::text from pg_roles m
        where m.rolname in ('pg_write_server_files', 'pg_read_server_files', 'pg_execute_server_program')
          and pg_has_role(current_user, m.oid, 'MEMBER') order by 1) as server_roles,
  array(select s.rolname::text from pg_roles s
        where s.rolsuper and s.rolname <> current_user and pg_has_role(current_user, s.oid, 'MEMBER') order by 1) as superuser_roles
from pg_roles r where r.rolname = current_user`;

// OID variants of has_*_privilege answer NULL (not an error) for an object dropped meanwhile.
const SCHEMA_FILTER = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
  and ($1::text is null or n.nspname = $1)`;

const CREATE_ON_SCHEMA_SQL = `
select n.nspname as schema from pg_namespace n
where ${SCHEMA_FILTER} and has_schema_privilege(n.oid, 'CREATE') order by 1`;

const TABLE_WRITES_SQL = `
select p.privilege, count(*)::int as tables
from pg_class c join pg_namespace n on n.oid = c.relnamespace
cross join unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) as p(privilege)
where c.relkind in ('r', 'p', 'v', 'f') and ${SCHEMA_FILTER} and has_table_privilege(c.oid, p.privilege)
group by p.privilege order by min(array_position(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER'], p.privilege))`;

interface RoleRow {
  role: string;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolbypassrls: boolean;
  database: string;
  create_on_database: boolean;
  default_read_only: string;
  server_roles: string[];
  superuser_roles: string[];
}

export async function probePostgresPrivileges(options: PostgresPrivilegeOptions): Promise<PrivilegeFindings> {
  const timeout = options.timeoutMs ?? 10_000;
  const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: timeout, statement_timeout: timeout });
  client.on('error', () => undefined); // a dropped connection surfaces on the next query
  try {
    await client.connect();
  } catch (e) {
    throw new SourceError(`source ${options.sourceId}: cannot connect: ${(e as Error).message}`);
  }
  try {
    const role = (await client.query<RoleRow>(ROLE_SQL)).rows[0];
    if (!role) throw new SourceError(`source ${options.sourceId}: the connected role is not in pg_roles`);
    const schema = options.schema ?? null;
    const schemas = (await client.query<{ schema: string }>(CREATE_ON_SCHEMA_SQL, [schema])).rows.map((r) => r.schema);
    const tables = (await client.query<{ privilege: string; tables: number }>(TABLE_WRITES_SQL, [schema])).rows;
    return findingsOf(role, schemas, tables, options.schema);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function findingsOf(role: RoleRow, createSchemas: string[], tables: { privilege: string; tables: number }[], schema: string | undefined): PrivilegeFindings {
  const notes = [`looked at ${schema === undefined ? 'every schema' : `schema ${schema}`} of database ${role.database}`];
  if (role.default_read_only === 'on') notes.push('sessions start read-only (default_transaction_read_only)');
  // A superuser passes every privilege test; listing them all would only bury the one that matters.
  if (role.rolsuper) return { role: role.role, writes: ['superuser (anything, including writing files and running programs on the database server)'], reads: [], notes };
  const writes: string[] = [];
  const reads: string[] = [];
  for (const s of role.superuser_roles) writes.push(`member of superuser role ${s} (SET ROLE makes it a superuser)`);
  if (role.server_roles.includes('pg_write_server_files')) writes.push('write files on the database server (pg_write_server_files)');
  if (role.server_roles.includes('pg_execute_server_program')) writes.push('run programs on the database server (pg_execute_server_program)');
  if (role.server_roles.includes('pg_read_server_files')) reads.push('read files on the database server (pg_read_server_files)');
  if (role.rolcreaterole) writes.push('CREATEROLE (create roles and grant them)');
  if (role.rolcreatedb) writes.push('CREATEDB');
  if (role.rolbypassrls) reads.push('BYPASSRLS (reads past row-level security)');
  if (role.create_on_database) writes.push(`CREATE on database ${role.database}`);
  for (const s of createSchemas) writes.push(`CREATE on schema ${s}`);
  for (const t of tables) writes.push(`${t.privilege} on ${t.tables} ${t.tables === 1 ? 'table' : 'tables'}`);
  return { role: role.role, writes, reads, notes };
}
