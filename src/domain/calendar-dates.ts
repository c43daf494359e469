// What `parseable_date` means, once for every engine: a value is a date when it is written in
// the given strftime format (or, without one, in one of the forms below) AND names a real
// calendar day (no 30 February; 29 February only in a leap year of the Gregorian calendar).
// The meaning is expressed as one regular expression of the portable subset (regex.ts), so
// DuckDB, PostgreSQL, MySQL/MariaDB and SQLite give the same answer: no engine's own date
// parser (each lenient or strict in its own way) is asked.

/** Forms accepted without a `format`, besides ISO 8601 (each may be followed by a time). */
export const COMMON_DATE_FORMATS = ['%m/%d/%Y', '%d/%m/%Y', '%d.%m.%Y', '%Y/%m/%d', '%b %d %Y', '%d %b %Y', '%B %d, %Y', '%d %B %Y'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LONG_MONTHS = [1, 3, 5, 7, 8, 10, 12];
const SHORT_MONTHS = [4, 6, 9, 11];

/** Names are matched regardless of case, as C's strptime does: 'Jan' -> [Jj][Aa][Nn]. */
const anyCase = (word: string) => [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('');
const names = (list: string[], short: boolean) => `(${list.map((n) => anyCase(short ? n.slice(0, 3) : n)).join('|')})`;

type Kind = 'long' | 'short' | 'feb28' | 'feb29';
const MONTHS_OF: Record<Kind, number[]> = { long: LONG_MONTHS, short: SHORT_MONTHS, feb28: [2], feb29: [2] };
const DAY_RE: Record<Kind, string> = {
  long: '(0[1-9]|[12][0-9]|3[01])',
  short: '(0[1-9]|[12][0-9]|30)',
  feb28: '(0[1-9]|1[0-9]|2[0-8])',
  feb29: '29',
};
const E_DAY_RE: Record<Kind, string> = {
  long: '( [1-9]|[12][0-9]|3[01])',
  short: '( [1-9]|[12][0-9]|30)',
  feb28: '( [1-9]|1[0-9]|2[0-8])',
  feb29: '29',
};
/** Leap years of the Gregorian calendar: divisible by 4, not by 100 unless by 400. */
const LEAP_YEAR = '([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)';
const LEAP_YY = '(0[048]|[2468][048]|[13579][26])';

const monthRe = (kind: Kind, directive: 'm' | 'b' | 'B') => {
  const months = MONTHS_OF[kind];
  if (directive === 'm') return `(${months.map((m) => String(m).padStart(2, '0')).join('|')})`;
  return names(
    months.map((m) => MONTHS[m - 1] as string),
    directive === 'b',
  );
};

const FIXED: Record<string, string> = {
  H: '([01][0-9]|2[0-3])',
  I: '(0[1-9]|1[0-2])',
  M: '[0-5][0-9]',
  S: '[0-5][0-9]',
  f: '[0-9]{1,9}',
  p: `(${anyCase('am')}|${anyCase('pm')})`,
  a: names(DAYS, true),
  A: names(DAYS, false),
  j: '(00[1-9]|0[1-9][0-9]|[12][0-9]{2}|3[0-5][0-9]|36[0-6])',
  z: '(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])',
  '%': '%',
};
/** The strftime directives a format may use (docs/readiness.md lists them). */
export const STRFTIME_DIRECTIVES = ['Y', 'y', 'm', 'd', 'e', 'b', 'B', ...Object.keys(FIXED)];

function literalChar(ch: string): string {
  return /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${ch}`;
}

/** The body (no anchors) of a strftime format's expression for one kind of month. */
function body(format: string, kind: Kind | undefined): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch !== '%') {
      out += literalChar(ch);
      continue;
    }
    const dir = format[++i];
    if (dir === undefined || !STRFTIME_DIRECTIVES.includes(dir)) throw new Error(`unknown strftime directive %${dir ?? ''} in "${format}" (known: ${STRFTIME_DIRECTIVES.map((x) => `%${x}`).join(' ')})`);
    if (dir === 'Y') out += kind === 'feb29' ? LEAP_YEAR : '[0-9]{4}';
    else if (dir === 'y') out += kind === 'feb29' ? LEAP_YY : '[0-9]{2}';
    else if (dir === 'm' || dir === 'b' || dir === 'B') out += kind ? monthRe(kind, dir) : dir === 'm' ? '(0[1-9]|1[0-2])' : names(MONTHS, dir === 'b');
    else if (dir === 'd') out += kind ? DAY_RE[kind] : DAY_RE.long;
    else if (dir === 'e') out += kind ? E_DAY_RE[kind] : E_DAY_RE.long;
    else out += FIXED[dir] as string;
  }
  return out;
}

/**
 * A regular expression (portable subset, unanchored body) of the values a strftime format
 * accepts as real calendar dates: with a day and a month in the format, one alternative per
 * kind of month (31 days, 30 days, February to the 28th, 29 February of a leap year).
 * Throws on a directive outside STRFTIME_DIRECTIVES.
 */
export function strftimeBody(format: string): string {
  const hasDay = /%[de]/.test(format);
  const hasMonth = /%[mbB]/.test(format);
  if (!hasDay || !hasMonth) return body(format, undefined);
  return `(${(['long', 'short', 'feb28', 'feb29'] as Kind[]).map((k) => body(format, k)).join('|')})`;
}

/** The full-match expression of a strftime format. */
export function strftimeToRegex(format: string): string {
  return `^${strftimeBody(format)}$`;
}

const TIME = '([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.,][0-9]{1,9})?)?)';
/** ISO 8601 forms accepted without a format: a calendar date, optionally a time and a zone. */
const ISO = `${strftimeBody('%Y-%m-%d')}(${TIME}(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?`;
const CLOCK = '( ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?';

/** The full-match expression used when parseable_date has no format. */
export function defaultDateRegex(): string {
  return `^(${ISO}|(${COMMON_DATE_FORMATS.map((f) => strftimeBody(f)).join('|')})${CLOCK})$`;
}

const ORDER = ['Y', 'm', 'd', 'H', 'M', 'S', 'f'];
const CAPTURE: Record<string, string> = { Y: '([0-9]{4})', m: '([0-9]{2})', d: '([0-9]{2})', H: '([0-9]{2})', M: '([0-9]{2})', S: '([0-9]{2})', f: '([0-9]{1,9})' };

/**
 * Why a format cannot be read by text order, or undefined when it can: its fields are
 * fixed-width numbers from the year down (%Y, then %m, %d, %H, %M, %S, %f, each optional
 * after the first), so the greatest text is the latest time on every engine.
 */
export function unsortableFormat(format: string): string | undefined {
  const directives = [...format.matchAll(/%(.)/g)].map((m) => m[1] as string);
  const known = directives.filter((x) => STRFTIME_DIRECTIVES.includes(x));
  if (known.length !== directives.length) return `unknown strftime directive in "${format}"`;
  const ok = directives.length > 0 && directives.every((x, i) => x === ORDER[i]);
  return ok ? undefined : `format "${format}" does not run from the year down (%Y, %m, %d, %H, %M, %S, %f in that order), so its text order is not its time order`;
}

/** The instant a text in a year-down format names, read as UTC; null when it does not fit. */
export function parseSortable(text: string, format: string): Date | null {
  if (!new RegExp(strftimeToRegex(format)).test(text)) return null;
  let re = '^';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch === '%') re += CAPTURE[format[++i] as string] ?? '';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`${re}$`).exec(text);
  if (!m) return null;
  const directives = [...format.matchAll(/%(.)/g)].map((x) => x[1] as string);
  const part = (d: string, fallback: number) => {
    const k = directives.indexOf(d);
    return k < 0 ? fallback : Number(m[k + 1]);
  };
  const fraction = directives.includes('f') ? Number(`0.${m[directives.indexOf('f') + 1]}`) : 0;
  return new Date(Date.UTC(part('Y', 1970), part('m', 1) - 1, part('d', 1), part('H', 0), part('M', 0), part('S', 0)) + Math.round(fraction * 1000));
}
