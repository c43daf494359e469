// The one regular-expression dialect of Traction's checks (regex, and the patterns of the
// profile and of parseable_date): a documented subset, parsed here once and written out for
// each engine so that a pattern means the same on DuckDB (RE2), PostgreSQL (ARE), MySQL/
// MariaDB (ICU/PCRE) and SQLite (our JavaScript REGEXP). What the subset does not hold is
// refused with the position and the reason, at `traction validate` (see checks.ts).
//
// Written out, every construct is spelled the way all five libraries read alike: `.` as
// [^\n], \d \w \s as ASCII classes, \b as \y on PostgreSQL (where \b is a backspace), a
// case-insensitive pattern as letter pairs ([aA]) instead of an engine flag, and on MySQL a
// leading (?-i), since REGEXP follows the column's (case-insensitive) collation there.

export type RegexEngine = 'duckdb' | 'postgres' | 'mysql' | 'sqlite';

export class RegexError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`regular expression: ${reason} at position ${position + 1}`);
    this.name = 'RegexError';
  }
}

/** Largest {n,m} bound: PostgreSQL refuses repetition counts above 255 (RE_DUP_MAX). */
export const MAX_REPEAT = 255;

type Item = { kind: 'char'; c: string } | { kind: 'range'; from: string; to: string } | { kind: 'set'; ranges: [string, string][] };
type Token =
  | { t: 'lit'; c: string }
  | { t: 'any' }
  | { t: 'class'; negated: boolean; items: Item[] }
  | { t: 'boundary'; negated: boolean }
  | { t: 'raw'; s: string }; // anchors, groups, alternation, quantifiers: spelled alike everywhere

const DIGIT: [string, string][] = [['0', '9']];
const WORD: [string, string][] = [['A', 'Z'], ['a', 'z'], ['0', '9'], ['_', '_']];
const SPACE: [string, string][] = [[' ', ' '], ['\t', '\t'], ['\n', '\n'], ['\r', '\r'], ['\f', '\f'], ['\v', '\v']];
const SHORTHANDS: Record<string, [string, string][]> = { d: DIGIT, w: WORD, s: SPACE };
const CONTROL: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };
const REFUSED_ESCAPES: Record<string, string> = {
  p: 'Unicode property classes (\\p) are not in the portable subset',
  P: 'Unicode property classes (\\P) are not in the portable subset',
  A: '\\A is not in the portable subset; use ^',
  z: '\\z is not in the portable subset; use $',
  Z: '\\Z is not in the portable subset; use $',
  k: 'named back-references are not supported by every engine (DuckDB)',
  x: 'hexadecimal escapes are not in the portable subset; write the character',
  u: 'Unicode escapes are not in the portable subset; write the character',
};

/** A literal may be written as \c for any of these. */
const PUNCTUATION = /[-[\]{}()*+?.,\\^$|#/ :'"<>=!&~@%;`]/;

interface Parsed {
  tokens: Token[];
  ignoreCase: boolean;
}

/** Parses a pattern of the portable subset; throws RegexError naming the position and why. */
export function parseRegex(pattern: string, ignoreCase = false): Parsed {
  const tokens: Token[] = [];
  let i = 0;
  if (pattern.startsWith('(?i)')) {
    ignoreCase = true;
    i = 4;
  }
  let depth = 0;
  let canRepeat = false; // whether the previous token is something a quantifier may follow
  const fail = (at: number, reason: string): never => {
    throw new RegexError(at, reason);
  };
  while (i < pattern.length) {
    const c = pattern[i] as string;
    const start = i;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) fail(i, 'a pattern cannot end with a backslash');
      const esc = e as string;
      i += 2;
      if (esc in SHORTHANDS) tokens.push({ t: 'class', negated: false, items: [{ kind: 'set', ranges: SHORTHANDS[esc] as [string, string][] }] });
      else if (esc.toLowerCase() in SHORTHANDS) tokens.push({ t: 'class', negated: true, items: [{ kind: 'set', ranges: SHORTHANDS[esc.toLowerCase()] as [string, string][] }] });
      else if (esc === 'b' || esc === 'B') {
        tokens.push({ t: 'boundary', negated: esc === 'B' });
        canRepeat = false;
        continue;
      } else if (esc in CONTROL) tokens.push({ t: 'lit', c: CONTROL[esc] as string });
      else if (/[1-9]/.test(esc)) fail(start, 'back-references (\\1) are not supported by every engine (DuckDB, PostgreSQL differ)');
      else if (esc in REFUSED_ESCAPES) fail(start, REFUSED_ESCAPES[esc] as string);
      else if (PUNCTUATION.test(esc)) tokens.push({ t: 'lit', c: esc });
      else fail(start, `unknown escape \\${esc}`);
      canRepeat = true;
      continue;
    }
    if (c === '[') {
      const { token, end } = parseClass(pattern, i, fail);
      tokens.push(token);
      i = end;
      canRepeat = true;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] === ':') {
          tokens.push({ t: 'raw', s: '(' });
          i += 3;
        } else {
          const what = pattern.slice(i, i + 4);
          const reason = /^\(\?[=!]/.test(what) || /^\(\?<[=!]/.test(what) ? 'look-around assertions are not supported by every engine (DuckDB, MySQL differ)' : /^\(\?P?</.test(what) ? 'named groups are not in the portable subset; use (...)' : `inline options ${what}... are not in the portable subset (only a leading (?i))`;
          fail(i, reason);
        }
      } else {
        tokens.push({ t: 'raw', s: '(' });
        i++;
      }
      depth++;
      canRepeat = false;
      continue;
    }
    if (c === ')') {
      if (depth === 0) fail(i, 'a ) without its (');
      depth--;
      tokens.push({ t: 'raw', s: ')' });
      i++;
      canRepeat = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let q = c;
      let end = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) fail(i, 'a { must start a repetition {n}, {n,} or {n,m}; write \\{ for the character');
        const [all, lo, , hi] = m as RegExpExecArray;
        if (Number(lo) > MAX_REPEAT || (hi !== undefined && hi !== '' && Number(hi) > MAX_REPEAT)) fail(i, `a repetition count above ${MAX_REPEAT} (PostgreSQL's limit)`);
        if (hi !== undefined && hi !== '' && Number(hi) < Number(lo)) fail(i, `repetition {${lo},${hi}} has its bounds reversed`);
        q = all as string;
        end = i + q.length;
      }
      if (!canRepeat) fail(i, `${q} repeats nothing`);
      // A lazy quantifier finds a match exactly when the greedy one does: written greedy.
      if (pattern[end] === '?') end++;
      else if (pattern[end] === '+') fail(end, 'possessive quantifiers are not supported by every engine');
      tokens.push({ t: 'raw', s: q });
      i = end;
      canRepeat = false;
      continue;
    }
    if (c === '^' || c === '$' || c === '|') {
      tokens.push({ t: 'raw', s: c });
      i++;
      canRepeat = false;
      continue;
    }
    if (c === '.') tokens.push({ t: 'any' });
    else if (c === ']' || c === '}') tokens.push({ t: 'lit', c });
    else tokens.push({ t: 'lit', c });
    i++;
    canRepeat = true;
  }
  if (depth > 0) fail(pattern.length - 1, 'a ( is never closed');
  return { tokens, ignoreCase };
}

function parseClass(p: string, open: number, fail: (at: number, reason: string) => never): { token: Token; end: number } {
  let i = open + 1;
  const negated = p[i] === '^';
  if (negated) i++;
  const items: Item[] = [];
  let first = true;
  const readChar = (): { c: string } | { set: [string, string][] } => {
    const c = p[i] as string;
    if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) fail(i, 'a [ is never closed');
      i += 2;
      const esc = e as string;
      if (esc in SHORTHANDS) return { set: SHORTHANDS[esc] as [string, string][] };
      if (esc.toLowerCase() in SHORTHANDS) fail(i - 2, `\\${esc} inside [...] is not supported by every engine (PostgreSQL); use [^...]`);
      if (esc in CONTROL) return { c: CONTROL[esc] as string };
      if (PUNCTUATION.test(esc)) return { c: esc };
      fail(i - 2, `unknown escape \\${esc} inside [...]`);
    }
    if (c === '[' && (p[i + 1] === ':' || p[i + 1] === '=' || p[i + 1] === '.')) fail(i, 'POSIX classes such as [:alpha:] are not in the portable subset; use ranges like A-Za-z');
    i++;
    return { c };
  };
  for (;;) {
    if (i >= p.length) fail(open, 'a [ is never closed');
    if (p[i] === ']' && !first) break;
    first = false;
    const a = readChar();
    if ('set' in a) {
      items.push({ kind: 'set', ranges: a.set });
      continue;
    }
    if (p[i] === '-' && p[i + 1] !== undefined && p[i + 1] !== ']') {
      const at = i;
      i++;
      const b = readChar();
      if ('set' in b) fail(at, 'a range cannot end in a class such as \\d');
      const to = (b as { c: string }).c;
      if (to < a.c) fail(at, `range ${a.c}-${to} is out of order`);
      items.push({ kind: 'range', from: a.c, to });
    } else items.push({ kind: 'char', c: a.c });
  }
  if (items.length === 0) fail(open, 'an empty [] matches nothing');
  return { token: { t: 'class', negated, items }, end: i + 1 };
}

// \v is left out: it is a vertical-space class on PCRE and ICU; the character is written as is.
const ESCAPES_OUT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f' };

/** A character written so every engine reads it literally (outside or inside brackets). */
function literal(c: string): string {
  if (c in ESCAPES_OUT) return ESCAPES_OUT[c] as string;
  return /[A-Za-z0-9_ \v]/.test(c) || c.charCodeAt(0) > 127 ? c : `\\${c}`;
}

const isLower = (c: string) => c >= 'a' && c <= 'z';
const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const swap = (c: string) => (isLower(c) ? c.toUpperCase() : isUpper(c) ? c.toLowerCase() : c);

/** The ranges of a class, plus their other-case letters when case is ignored. */
function classRanges(items: Item[], ignoreCase: boolean): [string, string][] {
  const ranges: [string, string][] = [];
  for (const item of items) {
    if (item.kind === 'char') ranges.push([item.c, item.c]);
    else if (item.kind === 'range') ranges.push([item.from, item.to]);
    else ranges.push(...item.ranges);
  }
  if (!ignoreCase) return ranges;
  const extra: [string, string][] = [];
  for (const [from, to] of ranges)
    for (const [lo, hi] of [['a', 'z'], ['A', 'Z']] as const) {
      const a = from > lo ? from : lo;
      const b = to < hi ? to : hi;
      if (a <= b) extra.push([swap(a), swap(b)]);
    }
  return [...ranges, ...extra];
}

function writeClass(negated: boolean, ranges: [string, string][]): string {
  const body = ranges.map(([a, b]) => (a === b ? literal(a) : `${literal(a)}-${literal(b)}`)).join('');
  return `[${negated ? '^' : ''}${body}]`;
}

/** The pattern as `engine` must be given it to mean what the portable subset says. */
export function translateRegex(pattern: string, engine: RegexEngine, ignoreCase = false): string {
  const parsed = parseRegex(pattern, ignoreCase);
  const ic = parsed.ignoreCase;
  const out = parsed.tokens.map((tok): string => {
    switch (tok.t) {
      case 'raw':
        return tok.s;
      case 'any':
        return '[^\\n]';
      case 'boundary':
        return engine === 'postgres' ? (tok.negated ? '\\Y' : '\\y') : tok.negated ? '\\B' : '\\b';
      case 'lit':
        return ic && swap(tok.c) !== tok.c ? `[${tok.c}${swap(tok.c)}]` : literal(tok.c);
      case 'class':
        return writeClass(tok.negated, classRanges(tok.items, ic));
    }
  });
  return (engine === 'mysql' ? '(?-i)' : '') + out.join('');
}

/** Why a pattern is outside the portable subset, or undefined when it is inside. */
export function regexProblem(pattern: string): string | undefined {
  try {
    parseRegex(pattern);
    return undefined;
  } catch (e) {
    return e instanceof RegexError ? e.message : String(e);
  }
}
