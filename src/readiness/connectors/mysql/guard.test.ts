// The MySQL/MariaDB guard, by property: any benign SELECT (quotes and comments that merely
// contain a semicolon or a write included) is accepted, as is every statement Traction
// generates for the example company; a write appended or hidden behind a closed parenthesis,
// INTO OUTFILE/DUMPFILE, a function with effects, an executable comment or a `--` that MySQL
// reads as two minus signs is refused. Both grammars (MySQL and MariaDB) are checked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { northwindSql } from '../../../../test/support/generated-sql.js';
import { customSqlCountSql } from '../../external-checks.js';
import { UnsafeSqlError } from '../../source-connection.js';
import { mysqlDialect } from './dialect.js';
import { guardMysqlSql, mysqlReadProblem, type MysqlFlavour } from './guard.js';

const d = mysqlDialect;
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const sqlish = fc.constantFrom('; drop table t', "'); delete from t; #", ' drop table t; ', 'commit; select 1 into outfile "/tmp/x"', '\\', "'", '"');
const benignExpr = fc.oneof(
  ident.map((c) => d.quote(c)),
  fc.integer().map(String),
  // The guard refuses `--` not followed by a space and `/*!` anywhere, literals included (by
  // design: MySQL and the parser read them differently), so benign text does not carry them.
  fc.string({ maxLength: 20 }).filter((t) => !/--(?! )|--$|\/\*!/.test(t)).map((t) => d.string(t)),
  sqlish.map((s) => d.string(s)),
  ident.map((c) => `count(${d.quote(c)})`),
  ident.map((c) => `(cast(${d.quote(c)} as char) regexp '^a;b$')`),
);
const inComment = (s: string) => s.replace(/\/\*|\*\/|\n/g, '');
const comment = fc.oneof(fc.constant(' '), sqlish.map((s) => ` /* ${inComment(s)} */ `), sqlish.map((s) => ` -- ${inComment(s)}\n`), sqlish.map((s) => ` # ${inComment(s)}\n`));
const benignSelect = fc
  .tuple(fc.array(benignExpr, { minLength: 1, maxLength: 4 }), ident, fc.option(benignExpr), comment)
  .map(([cols, table, where, c]) => `select ${cols.map((e, i) => `${e} as c${i}`).join(', ')}${c}from ${d.quote(table)}${where === null ? '' : ` where ${where} is not null`}`);
const writes = fc.constantFrom(
  'drop table victims',
  'delete from victims',
  'insert into victims values (1)',
  'update victims set n = 0',
  'truncate table victims',
  'replace into victims values (1)',
  'commit',
  'rollback',
  'set autocommit = 1',
  'set session sql_mode = ""',
  "load data infile '/etc/passwd' into table victims",
  'create table pwned (x int)',
  "select 1 into outfile '/tmp/traction-pwned'",
  'lock tables victims write',
  'call anything()',
  'grant all on *.* to someone',
);
const separator = fc.constantFrom(';', '; ', ';\n', ' ; # x\n', '/* c */;');
const flavour = fc.constantFrom<MysqlFlavour>('MySQL', 'MariaDB');

describe('MySQL / MariaDB guard', () => {
  it('accepts generated benign SELECTs, whatever their literals and comments contain', () => {
    fc.assert(
      fc.property(benignSelect, flavour, (sql, f) => {
        expect(mysqlReadProblem(sql, f), sql).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every statement Traction generates for the example company', async () => {
    const sent = await northwindSql(mysqlDialect);
    expect(sent.length).toBeGreaterThan(100);
    for (const f of ['MySQL', 'MariaDB'] as const) for (const sql of sent) expect(mysqlReadProblem(sql, f), sql).toBeNull();
  });

  it('refuses a benign SELECT followed by any write, however it is separated', () => {
    fc.assert(
      fc.property(benignSelect, separator, writes, flavour, (sql, sep, write, f) => {
        expect(mysqlReadProblem(`${sql}${sep}${write}`, f)).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a write on its own and custom SQL that closes the wrapping parenthesis', () => {
    fc.assert(
      fc.property(writes, flavour, (write, f) => {
        expect(mysqlReadProblem(write, f), write).not.toBeNull();
        const custom = `select 1) as t; ${write}; select * from (select 1`;
        expect(mysqlReadProblem(customSqlCountSql({ type: 'custom_sql', sql: custom } as never, '`victims`'), f)).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('refuses files, variables, locks and functions with effects anywhere in the query', () => {
    expect(mysqlReadProblem("select * from victims into outfile '/tmp/x'")).toBe('writes to a file (INTO OUTFILE)');
    expect(mysqlReadProblem("select 1 into dumpfile '/tmp/x'")).toBe('writes to a file (INTO DUMPFILE)');
    expect(mysqlReadProblem('select 1 into @x')).toBe('assigns variables (SELECT ... INTO @variable)');
    expect(mysqlReadProblem('select @x := 1')).toBe('assigns a variable (:=)');
    expect(mysqlReadProblem('select * from victims for update')).toBe('locks rows (FOR UPDATE)');
    expect(mysqlReadProblem("select 1 /*! into outfile '/tmp/x' */")).toMatch(/^an executable comment/);
    expect(mysqlReadProblem("select 1 /*M!100000 into outfile '/tmp/x' */", 'MariaDB')).toMatch(/^an executable comment/);
    expect(mysqlReadProblem("select 1 --load_file('/etc/passwd')")).toMatch(/^"--" without a space/);
    const effects = fc.constantFrom("load_file('/etc/passwd')", "get_lock('x', 1)", "release_lock('x')", 'benchmark(100000000, md5(1))', "sys_exec('touch /tmp/x')", "sys_eval('id')", "mysql.anything('x')", '`load_file`(0x2f6574632f706173737764)');
    const place = fc.constantFrom((f: string) => `select ${f}`, (f: string) => `select 1 from victims where ${f} is not null`, (f: string) => `select (select ${f}) as x`, (f: string) => `select count(${f}) from victims group by 1`);
    fc.assert(
      fc.property(effects, place, flavour, (f, at, fl) => {
        expect(mysqlReadProblem(at(f), fl), at(f)).toMatch(/^calls /);
      }),
      { numRuns: 200 },
    );
  });

  it('throws UnsafeSqlError naming the source and the reason', () => {
    expect(() => guardMysqlSql('shop', 'select 1; drop table victims', 'MariaDB')).toThrow(new UnsafeSqlError('shop', 'a second statement after the first'));
    expect(() => guardMysqlSql('shop', 'select 1', 'MariaDB')).not.toThrow();
  });
});
