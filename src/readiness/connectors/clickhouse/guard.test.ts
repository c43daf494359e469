// The ClickHouse guard (a tokenizer, not a parser: see guard.ts), by property: any benign
// SELECT (quotes and comments that merely contain a semicolon or a write included) is
// accepted, as is every statement Traction generates for the example company; a write
// appended or hidden behind a closed parenthesis, a table function, a function reaching
// outside the query, a SETTINGS or FORMAT clause, the system database or a character a newer
// ClickHouse reads differently is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { northwindSql } from '../../../../test/support/generated-sql.js';
import { customSqlCountSql } from '../../external-checks.js';
import { UnsafeSqlError } from '../../source-connection.js';
import { clickhouseDialect } from './dialect.js';
import { clickhouseReadProblem, guardClickhouseSql } from './guard.js';

const d = clickhouseDialect;
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const sqlish = fc.constantFrom('; drop table t', "'); alter table t delete where 1; --", ' drop table t; ', "insert into t select * from file('/etc/passwd')", '\\', "'", '"', '`', '{x:String}', '$$');
const benignExpr = fc.oneof(
  ident.map((c) => d.quote(c)),
  fc.integer().map(String),
  fc.string({ maxLength: 20 }).map((t) => d.string(t)),
  sqlish.map((s) => d.string(s)),
  sqlish.map((s) => d.quote(s)),
  ident.map((c) => `count(${d.quote(c)})`),
  ident.map((c) => `match(toString(${d.quote(c)}), '^a;b$')`),
);
const inComment = (s: string) => s.replace(/\/\*|\*\/|\n/g, '');
const comment = fc.oneof(fc.constant(' '), sqlish.map((s) => ` /* ${inComment(s)} */ `), sqlish.map((s) => ` -- ${inComment(s)}\n`));
const benignSelect = fc
  .tuple(fc.array(benignExpr, { minLength: 1, maxLength: 4 }), ident, fc.option(benignExpr), comment)
  .map(([cols, table, where, c]) => `select ${cols.map((e, i) => `${e} as c${i}`).join(', ')}${c}from ${d.quote(table)}${where === null ? '' : ` where ${where} is not null`}`);
const writes = fc.constantFrom(
  'drop table victims',
  'alter table victims delete where 1',
  'alter table victims update n = 0 where 1',
  'insert into victims values (1)',
  'insert into victims select * from victims',
  'truncate table victims',
  'optimize table victims final',
  'create table pwned (x Int8) engine = Memory',
  'attach table victims',
  'detach table victims',
  'rename table victims to gone',
  'set readonly = 0',
  'system shutdown',
  'kill query where 1',
  'grant all on *.* to someone',
  "select 1 into outfile '/tmp/traction-pwned'",
);
const separator = fc.constantFrom(';', '; ', ';\n', ' ; -- x\n', '/* c */;');

describe('ClickHouse guard', () => {
  it('accepts generated benign SELECTs, whatever their literals, quoted names and comments contain', () => {
    fc.assert(
      fc.property(benignSelect, (sql) => {
        expect(clickhouseReadProblem(sql), sql).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every statement Traction generates for the example company', async () => {
    const sent = await northwindSql(clickhouseDialect);
    expect(sent.length).toBeGreaterThan(100);
    for (const sql of sent) expect(clickhouseReadProblem(sql), sql).toBeNull();
  });

  it('refuses a benign SELECT followed by any write, however it is separated', () => {
    fc.assert(
      fc.property(benignSelect, separator, writes, (sql, sep, write) => {
        expect(clickhouseReadProblem(`${sql}${sep}${write}`)).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a write on its own and custom SQL that closes the wrapping parenthesis', () => {
    fc.assert(
      fc.property(writes, (write) => {
        expect(clickhouseReadProblem(write), write).not.toBeNull();
        const custom = `select 1) as t ${write} select * from (select 1`;
        expect(clickhouseReadProblem(customSqlCountSql({ type: 'custom_sql', sql: custom } as never, '`victims`'))).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('refuses table functions and functions reaching outside the query, wherever they stand', () => {
    const effects = fc.constantFrom(
      "file('/etc/passwd', 'TSV', 'a String')",
      "url('http://127.0.0.1:1/', 'TSV', 'a String')",
      "remote('127.0.0.1:9000', system.one)",
      "remoteSecure('127.0.0.1:9440', default.t)",
      "mysql('127.0.0.1:3306', 'test', 't', 'root', '')",
      "jdbc('x', 'y')",
      "odbc('x', 'y', 'z')",
      "hdfs('hdfs://x/y', 'TSV', 'a String')",
      "s3('http://x/y', 'TSV', 'a String')",
      "input('a String')",
      "dictGetString('d', 'a', toUInt64(1))",
      "joinGet('j', 'a', 1)",
      "getSetting('readonly')",
      'hostName()',
      "`file`('/etc/passwd', 'TSV', 'a String')",
      "\"url\"('http://127.0.0.1:1/', 'TSV', 'a String')",
      "default.anything('x')",
    );
    const place = fc.constantFrom(
      (f: string) => `select * from ${f}`,
      (f: string) => `select ${f}`,
      (f: string) => `select 1 from victims where ${f} is not null`,
      (f: string) => `select (select count() from ${f}) as x`,
      (f: string) => `select count() from victims where a in (select a from ${f})`,
      (f: string) => `select * from victims all left join ${f} using a`,
    );
    fc.assert(
      fc.property(effects, place, (f, at) => {
        expect(clickhouseReadProblem(at(f)), at(f)).toMatch(/^calls /);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses settings, formats, the system database and text a newer ClickHouse reads differently', () => {
    expect(clickhouseReadProblem('select 1 settings readonly = 0')).toMatch(/SETTINGS/);
    expect(clickhouseReadProblem('select 1 settings max_execution_time = 100000')).toMatch(/SETTINGS/);
    expect(clickhouseReadProblem('select 1 format TabSeparated')).toMatch(/FORMAT/);
    expect(clickhouseReadProblem('select * from system.processes')).toMatch(/system/i);
    expect(clickhouseReadProblem('select * from `system`.`users`')).toMatch(/system/i);
    expect(clickhouseReadProblem('select * from INFORMATION_SCHEMA.tables')).toMatch(/information_schema/i);
    expect(clickhouseReadProblem('select {x:String}')).toMatch(/character "\{"/);
    expect(clickhouseReadProblem('select $$a$$')).toMatch(/character "\$"/);
    expect(clickhouseReadProblem('select 1 # comment')).toMatch(/character "#"/);
    expect(clickhouseReadProblem('select 1 ? 2 : 3')).toMatch(/character "\?"/);
    expect(clickhouseReadProblem('select 1 /* a /* b */ ; drop table t */')).toMatch(/comment inside a comment/);
    expect(clickhouseReadProblem("select 'never closed")).toMatch(/never closed/);
    expect(clickhouseReadProblem('show tables')).toMatch(/not SELECT or WITH/);
    expect(clickhouseReadProblem('')).toBe('there is no statement');
    // Backslash escapes: the quote stays inside the string, so the write is text, not SQL.
    expect(clickhouseReadProblem("select 'a\\'; drop table t; --'")).toBeNull();
    expect(clickhouseReadProblem("select 'a\\\\'; drop table t")).not.toBeNull();
  });

  it('accepts reads with lambdas, parametric aggregates, joins and WITH expressions', () => {
    for (const sql of [
      'with 2 as k select arrayMap(x -> x * k, [1, 2]) as a',
      'select quantileExact(0.5)(x), countIf(x > 1) from t',
      'select a, b from t all left join (select a, b from u) using a where a in (1, 2) and b not in (select b from u)',
      "select count(*) from t where `odd col` like '%;%' and match(toString(c), '^[a-z]+$')",
    ])
      expect(clickhouseReadProblem(sql), sql).toBeNull();
  });

  it('throws UnsafeSqlError naming the source and the reason', () => {
    expect(() => guardClickhouseSql('events', 'select 1; drop table victims')).toThrow(new UnsafeSqlError('events', 'a semicolon: only one statement may run, written without a closing ";"'));
    expect(() => guardClickhouseSql('events', 'select 1')).not.toThrow();
  });
});
