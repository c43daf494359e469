// ClickHouse's containment layer for user SQL (custom checks, dataset `query:`, `where:`
// filters, KPI measures) and the SQL built around it. node-sql-parser has no ClickHouse
// grammar, so this guard is a conservative TOKENIZER, not a parser: it reads the text the way
// ClickHouse's lexer does (strings and quoted names with backslash escapes, `--` and `/* */`
// comments) and lets a statement run only when all of these hold:
// - it starts with SELECT or WITH, and there is no semicolon (one statement, nothing after it);
// - no word that only another kind of statement or a side effect uses appears outside a string
//   (INSERT, ALTER, DROP, CREATE, SYSTEM, SET, SETTINGS, FORMAT, INTO OUTFILE, ...);
// - every function call (a name followed by "(") is on the allow-list of functions that act
//   on their arguments alone; so table functions (file, url, remote, mysql, ...) and
//   functions reaching outside the query (dictGet, joinGet, getSetting, ...) are refused;
// - no character that a newer ClickHouse gives a meaning the guard does not read (query
//   parameters {x:T}, heredocs $$...$$, # comments, ? and : operators) appears outside a string;
// - the `system` and `information_schema` databases are not named.
// A statement that is a plain read can still be refused (a column named like a keyword must be
// quoted); that is the price of not parsing. The connection adds what no guard can give: every
// query is sent with readonly=1 (or under an account whose profile is readonly=2), with
// max_execution_time, max_result_rows and max_memory_usage set by the server.
import { UnsafeSqlError } from '../../source-connection.js';
import { judgedOnce } from '../judged-sql.js';

// Built-in functions that read their arguments and nothing else, as named in ClickHouse 18.16
// and still in current releases (compared without case).
const ALLOWED_FUNCTIONS = new Set(
  `count sum avg min max any anylast argmin argmax uniq uniqexact countif sumif avgif minif maxif uniqif uniqexactif anyif
  stddevsamp stddevpop varsamp varpop covarsamp covarpop corr groupuniqarray grouparray median quantile quantiles
  quantileexact quantilesexact topk
  abs round floor ceil ceiling trunc truncate sqrt cbrt exp exp2 exp10 log ln log2 log10 pow power sign pi e sin cos tan asin
  acos atan intdiv intdivorzero modulo plus minus multiply divide negate greatest least isfinite isinfinite isnan
  tostring tofixedstring tofloat32 tofloat64 toint8 toint16 toint32 toint64 touint8 touint16 touint32 touint64
  todecimal32 todecimal64 todecimal128 todate todatetime tofloat64orzero tofloat64ornull toint64orzero toint64ornull
  todateornull todatetimeornull tostringcuttozero cast reinterpretasstring
  tonullable assumenotnull isnull isnotnull coalesce ifnull nullif if multiif
  length lengthutf8 char_length character_length empty notempty lower upper lowerutf8 upperutf8 lcase ucase
  substring substringutf8 substr mid concat trimleft trimright trimboth trim ltrim rtrim reverse reverseutf8
  position positionutf8 positioncaseinsensitive positioncaseinsensitiveutf8 locate replaceall replaceone
  replaceregexpall replaceregexpone match extract extractall like notlike
  splitbychar splitbystring arrayjoin has hasany hasall indexof arraymap arrayfilter arrayexists arrayall
  arraycount arraysum arrayelement array tuple tupleelement
  toyear tomonth todayofmonth todayofweek tohour tominute tosecond tostartofday tostartofmonth tostartofyear
  tostartofquarter tostartofweek tomonday tostartofhour tostartofminute torelativedaynum torelativesecondnum
  tounixtimestamp toyyyymm toyyyymmdd formatdatetime parsedatetimebesteffort parsedatetimebesteffortornull
  now today yesterday datediff adddays addhours addminutes addseconds addmonths addyears subtractdays
  subtracthours subtractmonths subtractyears tointervalday tointervalsecond tointervalmonth tointervalyear
  and or not xor equals notequals less greater lessorequals greaterorequals in notin
  hex unhex md5 sipHash64 cityhash64 crc32 bitand bitor bitxor
  sleep`
    .toLowerCase()
    .split(/\s+/),
);

// Words that never belong in a plain read (statements, clauses with side effects, settings).
const FORBIDDEN_WORDS = new Set(
  'insert alter drop create attach detach rename truncate optimize kill system set settings format into outfile grant revoke use exchange delete update show describe watch live dictionary move'.split(' '),
);

// Keywords after which "(" opens a list or subquery, not a function call.
const PAREN_KEYWORDS = new Set(
  'select with from join using on where prewhere having by when then else case in not and or as is like ilike between any all array distinct global union limit offset exists interval end asc desc sample final inner left right full outer cross null'.split(' '),
);

const HIDDEN_DATABASES = new Set(['system', 'information_schema']);

type Token = { kind: 'word' | 'quoted' | 'string' | 'number' | 'punct'; text: string; at: number };

class GuardStop extends Error {}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const stop = (why: string): never => {
    throw new GuardStop(why);
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) stop('a comment (/*) that is never closed');
      // A newer ClickHouse nests /* */ comments: a second opening would change where it ends.
      if (sql.slice(i + 2, end).includes('/*')) stop('a comment inside a comment (/* /* */), which ClickHouse versions read differently');
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= sql.length) stop(`a ${c === "'" ? 'string' : 'quoted name'} that is never closed`);
        const d = sql[j]!;
        if (d === '\\') {
          text += sql[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (d === c) {
          if (sql[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += d;
        j++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text, at: i });
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 256));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(sql.slice(i, i + 256));
    if (num) {
      tokens.push({ kind: 'number', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const op = /^(->|<=|>=|<>|!=|==|\|\||[()[\],.+\-*/%=<>])/.exec(sql.slice(i, i + 2));
    if (op) {
      tokens.push({ kind: 'punct', text: op[0], at: i });
      i += op[0].length;
      continue;
    }
    if (c === ';') stop('a semicolon: only one statement may run, written without a closing ";"');
    stop(`the character "${c}" at position ${i + 1}, which has no meaning in a plain SELECT this check reads`);
  }
  return tokens;
}

function judge(sql: string): string | null {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (e) {
    if (e instanceof GuardStop) return e.message;
    throw e;
  }
  if (tokens.length === 0) return 'there is no statement';
  const first = tokens[0]!;
  if (first.kind !== 'word' || !['select', 'with'].includes(first.text.toLowerCase())) return `it starts with "${first.text}", not SELECT or WITH`;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const lower = t.text.toLowerCase();
    const next = tokens[k + 1];
    const prev = tokens[k - 1];
    if (t.kind === 'word' && FORBIDDEN_WORDS.has(lower)) return `the word ${t.text.toUpperCase()}, which a plain read does not use (quote a column of that name)`;
    if ((t.kind === 'word' || t.kind === 'quoted') && HIDDEN_DATABASES.has(lower) && next?.text === '.') return `it reads ClickHouse's ${t.text} database`;
    if ((t.kind === 'word' || t.kind === 'quoted') && next?.kind === 'punct' && next.text === '(') {
      if (t.kind === 'word' && PAREN_KEYWORDS.has(lower)) continue;
      if (prev?.text === '.') return `calls a function through a database name (.${t.text}), which is not a built-in function known to only read its arguments`;
      if (!ALLOWED_FUNCTIONS.has(lower)) return `calls ${t.text}, which is not a built-in function known to only read its arguments (table functions such as file, url and remote are refused)`;
    }
  }
  return null;
}

/** Why `sql` may not run, in plain words, or null when it reads as one plain SELECT. */
export const clickhouseReadProblem: (sql: string) => string | null = judgedOnce(judge, (sql: string) => sql);

/** Throws UnsafeSqlError naming what was found unless `sql` reads as one plain SELECT. */
export function guardClickhouseSql(sourceId: string, sql: string): void {
  const problem = clickhouseReadProblem(sql);
  if (problem !== null) throw new UnsafeSqlError(sourceId, problem);
}
