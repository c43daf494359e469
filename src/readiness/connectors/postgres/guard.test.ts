// The PostgreSQL guard, by property: any benign SELECT (quotes, comments and dollar quotes
// that merely contain a semicolon or a write included) is accepted, as is every statement
// Traction generates for the example company; a write appended, embedded in a CTE, hidden
// behind a closed parenthesis, or a call of a function with effects is refused.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { northwindSql } from '../../../../test/support/generated-sql.js';
import { customSqlCountSql } from '../../external-checks.js';
import { UnsafeSqlError } from '../../source-connection.js';
import { postgresDialect } from './dialect.js';
import { guardPostgresSql, loadPostgresGuard, postgresReadProblem } from './guard.js';

beforeAll(() => loadPostgresGuard());

const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((s) => !['select', 'from', 'where', 'as', 'on', 'and', 'or', 'not', 'with', 'in', 'is', 'by', 'do', 'to', 'end', 'for', 'all', 'any', 'case', 'then', 'else', 'when', 'limit', 'order', 'group', 'union', 'table', 'into', 'having', 'offset', 'fetch', 'only', 'user', 'cast', 'true', 'false', 'null', 'desc', 'asc', 'both', 'array', 'window', 'lateral', 'some', 'using', 'join', 'left', 'right', 'inner', 'outer', 'full', 'cross', 'natural', 'like', 'ilike', 'similar', 'between', 'collate', 'default', 'distinct', 'except', 'intersect', 'over', 'filter', 'within', 'current_date', 'current_user', 'session_user', 'localtime', 'localtimestamp', 'current_time', 'current_timestamp', 'current_role', 'current_catalog', 'current_schema', 'primary', 'references', 'unique', 'check', 'constraint', 'foreign', 'create', 'grant', 'returning', 'trailing', 'leading', 'placing', 'symmetric', 'asymmetric', 'variadic', 'analyse', 'analyze', 'column', 'deferrable', 'initially', 'verbose', 'freeze', 'binary', 'concurrently', 'authorization', 'tablesample', 'overlaps', 'isnull', 'notnull'].includes(s));
const text = fc.string({ maxLength: 20 });
const quoted = text.map((t) => postgresDialect.string(t));
/** Text that looks like SQL: semicolons and writes that must stay inert inside a literal or a comment. */
const sqlish = fc.constantFrom('; drop table t', "'); delete from t; --", '*/ drop table t; /*', '$$; drop table t; $$', 'commit; copy t to program $$touch /tmp/x$$', '\\');
const benignExpr = fc.oneof(
  ident.map((c) => postgresDialect.quote(c)),
  fc.integer().map(String),
  quoted,
  sqlish.map((s) => postgresDialect.string(s)),
  sqlish.map((s) => `$q$${s.replace(/\$q\$/g, '')}$q$`),
  ident.map((c) => `count(${postgresDialect.quote(c)})`),
  ident.map((c) => `lower(cast(${postgresDialect.quote(c)} as text)) ~ '^a;b$'`),
);
const inComment = (s: string) => s.replace(/\/\*|\*\//g, '');
/** Comments, nested ones too (PostgreSQL nests block comments), around SQL-looking text. */
const comment = fc.oneof(fc.constant(' '), sqlish.map((s) => ` /* ${inComment(s)} */ `), sqlish.map((s) => ` /* outer /* ${inComment(s)} */ still comment */ `), sqlish.map((s) => ` -- ${s.replace(/\n/g, '')}\n`));
const benignSelect = fc
  .tuple(fc.array(benignExpr, { minLength: 1, maxLength: 4 }), ident, fc.option(benignExpr), comment)
  .map(([cols, table, where, c]) => `select ${cols.map((e, i) => `${e} as c${i}`).join(', ')}${c}from ${postgresDialect.quote(table)}${where === null ? '' : ` where ${where} is not null`}`);

const writes = fc.constantFrom(
  'drop table victims',
  'delete from victims',
  'insert into victims values (1)',
  'update victims set n = 0',
  'truncate victims',
  "copy victims to program 'touch /tmp/traction-pwned'",
  "copy (select 1) to '/tmp/traction-pwned'",
  'commit',
  'rollback',
  "set statement_timeout = '0'",
  "load 'plpgsql'",
  'do $$ begin perform 1; end $$',
  'create table pwned as select 1',
  "select pg_read_file('/etc/passwd')",
  "notify victims, 'x'",
  'lock table victims',
  'vacuum victims',
  "alter system set log_statement = 'none'",
  'create role pwned superuser',
);
const separator = fc.constantFrom(';', '; ', ';\n', ' ; -- x\n', '/* c */;', ';/*x*/');

const problem = (sql: string) => postgresReadProblem(sql);

describe('PostgreSQL guard', () => {
  it('accepts generated benign SELECTs, whatever their literals and comments contain', () => {
    fc.assert(fc.property(benignSelect, (sql) => {
        expect(problem(sql), sql).toBeNull();
      }), { numRuns: 300 });
  });

  it('accepts every statement Traction generates for the example company', async () => {
    const sent = await northwindSql(postgresDialect);
    expect(sent.length).toBeGreaterThan(100);
    for (const sql of sent) expect(problem(sql), sql).toBeNull();
  });

  it('refuses a benign SELECT followed by any write, however it is separated', () => {
    fc.assert(
      fc.property(benignSelect, separator, writes, comment, (sql, sep, write, c) => {
        expect(problem(`${sql}${sep}${c}${write}`)).toBe('a second statement after the first');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a write statement on its own and inside a CTE', () => {
    fc.assert(
      fc.property(writes, (write) => {
        expect(problem(write), write).not.toBeNull();
      }),
      { numRuns: 50 },
    );
    for (const dml of ['delete from victims returning *', 'insert into victims values (1) returning *', 'update victims set n = 0 returning *']) {
      expect(problem(`with x as (${dml}) select * from x`)).toMatch(/^(DELETE|INSERT|UPDATE) inside the query$/);
      expect(problem(`select * from (select 1) a where exists (with x as (${dml}) select 1 from x)`)).toMatch(/inside the query$/);
    }
  });

  it('refuses custom SQL that closes the wrapping parenthesis to start another statement', () => {
    fc.assert(
      fc.property(writes, comment, (write, c) => {
        const custom = `select 1) as t; ${write}; select * from (select 1${c}`;
        expect(problem(customSqlCountSql({ type: 'custom_sql', sql: custom } as never, '"s"."victims"'))).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('refuses locking, SELECT INTO and functions with effects anywhere in the query', () => {
    expect(problem('select * from victims for update')).toBe('locks rows (FOR UPDATE / FOR SHARE)');
    expect(problem('select * from victims for share')).toBe('locks rows (FOR UPDATE / FOR SHARE)');
    expect(problem('select * into pwned from victims')).toBe('creates a table (SELECT INTO)');
    const effects = fc.constantFrom(
      "pg_read_file('/etc/passwd')",
      "pg_read_binary_file('/etc/passwd')",
      "pg_ls_dir('/')",
      "pg_stat_file('/etc/passwd')",
      "lo_export(1, '/tmp/traction-pwned')",
      "lo_import('/etc/passwd')",
      "dblink('host=x', 'drop table victims')",
      "dblink_exec('host=x', 'drop table victims')",
      'pg_terminate_backend(1)',
      'pg_cancel_backend(1)',
      'pg_reload_conf()',
      "set_config('statement_timeout', '0', false)",
      'pg_advisory_lock(1)',
      "pg_notify('c', 'x')",
      "query_to_xml('delete from victims', true, true, '')",
      "nextval('s')",
      "current_setting('data_directory')",
      "pg_catalog.pg_read_file('/etc/passwd')",
      'public.anything(1)',
    );
    const place = fc.constantFrom((f: string) => `select ${f}`, (f: string) => `select 1 from victims where ${f} is not null`, (f: string) => `select * from ${f} as x`, (f: string) => `select (select ${f}) as x`);
    fc.assert(
      fc.property(effects, place, (f, at) => {
        expect(problem(at(f)), at(f)).toMatch(/^calls /);
      }),
      { numRuns: 200 },
    );
    expect(problem("select ('/etc/passwd'::text).pg_read_file")).toBe('calls pg_read_file through field notation');
    expect(problem('select v.pg_read_file from victims v')).toBe('calls pg_read_file through field notation');
    // Ordinary columns that merely look alike still pass.
    expect(problem('select t.lo_bound, t.pg_count, (t.x).amount from victims t')).toBeNull();
  });

  it('throws UnsafeSqlError naming the source and the reason', async () => {
    await expect(guardPostgresSql('warehouse', 'select 1; drop table victims')).rejects.toThrow(new UnsafeSqlError('warehouse', 'a second statement after the first'));
    await expect(guardPostgresSql('warehouse', 'select 1')).resolves.toBeUndefined();
  });
});
