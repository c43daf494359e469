// MySQL / MariaDB's containment layer for user SQL (custom checks, dataset `query:`, `where:`
// filters, KPI measures) and the SQL built around it. It decides by PARSING with
// node-sql-parser's MySQL or MariaDB grammar: a statement runs only if it is exactly one plain
// SELECT that writes no file (INTO OUTFILE / DUMPFILE), assigns no variable, locks nothing and
// calls only functions known to act on their arguments alone. The connection adds what parsing
// cannot give: one statement per call (multipleStatements off), a READ ONLY transaction that is
// rolled back, the session's sql_mode pinned to how the parser reads strings, and a timeout
// enforced by the server and by a KILL QUERY from the client.
import { createRequire } from 'node:module';
import type { Parser } from 'node-sql-parser';
import { UnsafeSqlError } from '../../source-connection.js';
import { judgedOnce } from '../judged-sql.js';

export type MysqlFlavour = 'MySQL' | 'MariaDB';

// One grammar per flavour, loaded on first use: the package's build of all its dialects
// takes 140 ms to load, one dialect's about 20 ms.
const require = createRequire(import.meta.url);
const parsers = new Map<MysqlFlavour, Parser>();
function parserFor(flavour: MysqlFlavour): Parser {
  let parser = parsers.get(flavour);
  if (!parser) {
    const build = require(flavour === 'MariaDB' ? 'node-sql-parser/build/mariadb' : 'node-sql-parser/build/mysql') as { Parser: new () => Parser };
    parsers.set(flavour, (parser = new build.Parser()));
  }
  return parser;
}

// Built-in functions that read their arguments and nothing else. An allow-list: an unknown
// name (a UDF such as sys_exec, load_file, get_lock, benchmark) is refused. `sleep` only
// waits, and the statement timeout ends it.
const ALLOWED_FUNCTIONS = new Set(
  `count sum avg min max std stddev stddev_samp stddev_pop variance var_samp var_pop bit_and bit_or bit_xor group_concat
  json_arrayagg json_objectagg row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  abs ceil ceiling floor round truncate sign sqrt power pow exp ln log log2 log10 mod pi degrees radians sin cos tan asin acos
  atan atan2 cot rand conv crc32 bin oct hex unhex
  length char_length character_length octet_length bit_length lower upper lcase ucase trim ltrim rtrim substr substring
  substring_index mid left right lpad rpad replace reverse repeat locate position instr concat concat_ws format md5 sha sha1
  sha2 ascii char field find_in_set elt space strcmp soundex quote regexp_like regexp_replace regexp_instr regexp_substr
  now current_date curdate current_time curtime current_timestamp localtime localtimestamp sysdate utc_date utc_time
  utc_timestamp date time year month day dayofmonth dayofweek dayofyear week weekday weekofyear yearweek quarter hour minute
  second microsecond date_format time_format str_to_date unix_timestamp from_unixtime datediff timediff timestampdiff
  timestampadd date_add date_sub adddate subdate addtime subtime last_day makedate maketime extract to_days from_days
  to_seconds sec_to_time time_to_sec convert_tz dayname monthname period_add period_diff
  if ifnull nullif coalesce isnull greatest least interval not exists row convert
  json_extract json_unquote json_valid json_type json_length json_keys json_contains json_contains_path json_object
  json_array json_value json_search json_depth inet_aton inet_ntoa
  sleep`.split(/\s+/),
);

// What a nested node of these types would do; only `select` reads without acting.
const STATEMENTS = new Set(['insert', 'replace', 'update', 'delete', 'drop', 'create', 'alter', 'truncate', 'rename', 'set', 'lock', 'unlock', 'call', 'use', 'grant', 'load_data', 'transaction', 'exec']);

type Node = Record<string, unknown>;

function functionName(node: Node): { name: string; schema: string | undefined } {
  const name = node.name as { name?: { value?: unknown }[]; schema?: { value?: unknown } } | string;
  if (typeof name === 'string') return { name: name.toLowerCase(), schema: undefined };
  const parts = (name.name ?? []).map((p) => String(p.value ?? ''));
  return { name: parts.join('.').toLowerCase(), schema: name.schema?.value === undefined ? undefined : String(name.schema.value) };
}

function intoProblem(into: Node | null | undefined): string | null {
  if (!into || (into.keyword === undefined && into.expr === undefined)) return null;
  if (into.keyword === 'outfile') return 'writes to a file (INTO OUTFILE)';
  if (into.keyword === 'dumpfile') return 'writes to a file (INTO DUMPFILE)';
  if (into.keyword === 'var') return 'assigns variables (SELECT ... INTO @variable)';
  return 'writes its result somewhere (SELECT ... INTO)';
}

/** What one AST node does outside the query, or null. */
function problemOf(node: Node): string | null {
  const type = typeof node.type === 'string' ? node.type.toLowerCase() : '';
  if (type === 'select') {
    const into = intoProblem(node.into as Node | undefined);
    if (into) return into;
    if (node.locking_read) return `locks rows (${String(node.locking_read).toUpperCase()})`;
  }
  if (STATEMENTS.has(type)) return `${type.toUpperCase()} inside the query`;
  if (type === 'assign') return 'assigns a variable (:=)';
  if (type === 'function' || type === 'aggr_func') {
    const { name, schema } = functionName(node);
    if (schema !== undefined || !ALLOWED_FUNCTIONS.has(name)) return `calls ${schema ? `${schema}.` : ''}${name}, which is not a built-in function known to only read its arguments`;
  }
  return null;
}

function walk(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const p = walk(item);
      if (p) return p;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const own = problemOf(value as Node);
  if (own) return own;
  for (const v of Object.values(value as Node)) {
    const p = walk(v);
    if (p) return p;
  }
  return null;
}

/**
 * Where MySQL's own lexer reads text differently from the parser's, refuse outright (even
 * inside a string literal; rewriting the literal avoids it): MySQL RUNS the text of a
 * `/*! ... *\/` (MariaDB also `/*M! ... *\/`) comment as SQL, and `--` followed by anything
 * but a space is two minus signs to MySQL (`1 --f(x)` is `1 - -f(x)`), where the parser
 * sees a comment. Both would hide SQL from the guard.
 */
function lexicalProblem(sql: string): string | null {
  if (/\/\*M?!/i.test(sql)) return 'an executable comment (/*! ... */), whose text MySQL would run';
  if (/--(?![ \t\r\n\f\v]|$)/.test(sql)) return '"--" without a space after it, which MySQL reads as two minus signs, not as a comment';
  return null;
}

const judged = judgedOnce(
  (sql: string, flavour: MysqlFlavour) => lexicalProblem(sql) ?? judge(sql, flavour),
  (sql: string, flavour: MysqlFlavour) => `${flavour}\u0000${sql}`,
);

/** Why `sql` may not run, in plain words, or null when it is one read-only SELECT. */
export function mysqlReadProblem(sql: string, flavour: MysqlFlavour = 'MySQL'): string | null {
  return judged(sql, flavour);
}

/**
 * The statement's syntax tree by the server's grammar, else by the other one: node-sql-parser's
 * MariaDB grammar takes some column names for keywords (`status`), its MySQL grammar does not,
 * and for a SELECT the two servers speak the same language.
 */
function parse(sql: string, flavour: MysqlFlavour): unknown {
  const other: MysqlFlavour = flavour === 'MariaDB' ? 'MySQL' : 'MariaDB';
  try {
    return parserFor(flavour).astify(sql, { database: flavour });
  } catch (e) {
    try {
      return parserFor(other).astify(sql, { database: other });
    } catch {
      throw e;
    }
  }
}

function judge(sql: string, flavour: MysqlFlavour): string | null {
  let ast: unknown;
  try {
    ast = parse(sql, flavour);
  } catch (e) {
    return `it could not be read as one ${flavour} SELECT: ${(e as Error).message.split('\n')[0]}`;
  }
  const statements = (Array.isArray(ast) ? ast : [ast]).filter((s) => s !== null && s !== undefined) as Node[];
  if (statements.length === 0) return 'there is no statement';
  if (statements.length > 1) return 'a second statement after the first';
  const stmt = statements[0] as Node;
  if (String(stmt.type).toLowerCase() !== 'select') return `it is ${String(stmt.type).toUpperCase()}, not a SELECT`;
  return walk(stmt);
}

/** Throws UnsafeSqlError naming what was found unless `sql` is one read-only SELECT. */
export function guardMysqlSql(sourceId: string, sql: string, flavour: MysqlFlavour = 'MySQL'): void {
  const problem = mysqlReadProblem(sql, flavour);
  if (problem !== null) throw new UnsafeSqlError(sourceId, problem);
}
