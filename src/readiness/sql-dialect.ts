// SQL dialects as data: the base object holds standard SQL, and each connector's dialect.ts
// spreads it and overrides what its database spells differently. The check compiler only
// ever builds SQL through a dialect, so identifiers are always quoted and literals escaped.

export type EngineName = 'duckdb' | 'postgres' | 'mysql' | 'sqlite';
export type Scalar = string | number | boolean | null;

export interface SqlDialect {
  name: EngineName;
  /** Quotes an identifier; a dotted name (schema.table) is quoted part by part by `qualified`. */
  quote(identifier: string): string;
  qualified(name: string): string;
  string(text: string): string;
  literal(value: Scalar): string;
  asText(expr: string): string;
  asDouble(expr: string): string;
  /** Counts the rows where `condition` holds; FILTER where the database has it (faster). */
  countIf(condition: string): string;
  /** True when the value contains a match of the regular expression (search, not full match). */
  regexMatch(expr: string, pattern: string): string;
  like(expr: string, pattern: string): string;
  length(expr: string): string;
  /** Sample standard deviation (n - 1), as Great Expectations and pandas use. */
  stddev(expr: string): string;
  /** Continuous median, or null when it needs a separate ordered query (see quantile-query.ts). */
  median(expr: string): string | null;
  /** Discrete quantile (percentile_disc), or null when it needs a separate ordered query. */
  quantile(expr: string, q: number): string | null;
  /**
   * Several discrete quantiles of one column as ONE aggregate returning a list, or null (then
   * `quantile` once per q). DuckDB keeps one buffer of the values per quantile aggregate, so
   * three separate quantiles of a 10M-row column hold its values three times.
   */
  quantiles(expr: string, qs: number[]): string | null;
  /** Seconds since 1970 of a date/timestamp expression, as a double. */
  epochSeconds(expr: string): string;
  /** True when the text parses as a date with the strftime `format` (ISO 8601 when omitted). */
  parseableDate(expr: string, format: string | undefined): string;
  /**
   * Whether a single-column unique check first compares count(distinct) with count() in the
   * one scan, and runs its group-by only when they differ (cheaper where the engine counts
   * distinct values with a hash table, as DuckDB does).
   */
  uniqueFromDistinct: boolean;
  /** `limit n` clause (every supported database spells it so; kept here for future ones). */
  limit(n: number): string;
}

/** Formats a date without a declared format may take besides ISO 8601 (as dateutil would). */
export const COMMON_DATE_FORMATS = ['%m/%d/%Y', '%d/%m/%Y', '%d.%m.%Y', '%Y/%m/%d', '%b %d %Y', '%d %b %Y', '%B %d, %Y', '%d %B %Y'];

/** An ISO 8601 date or date-time, for databases without a lenient parse function. */
export const ISO_DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$';

// strftime directives -> regular expressions, for the databases that cannot try-parse.
const STRFTIME: Record<string, string> = {
  Y: '[0-9]{4}',
  y: '[0-9]{2}',
  m: '(0[1-9]|1[0-2])',
  d: '(0[1-9]|[12][0-9]|3[01])',
  e: '( [1-9]|[12][0-9]|3[01])',
  H: '([01][0-9]|2[0-3])',
  I: '(0[1-9]|1[0-2])',
  M: '[0-5][0-9]',
  S: '([0-5][0-9]|60)',
  f: '[0-9]{1,6}',
  p: '(AM|PM|am|pm)',
  b: '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)',
  B: '(January|February|March|April|May|June|July|August|September|October|November|December)',
  a: '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)',
  A: '(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)',
  j: '[0-9]{3}',
  z: '[+-][0-9]{4}',
  Z: '[A-Za-z]{1,5}',
  '%': '%',
};

/** A full-match regular expression for a strftime format; throws on an unknown directive. */
export function strftimeToRegex(format: string): string {
  let out = '^';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch !== '%') {
      out += /[A-Za-z0-9 ]/.test(ch) ? ch : `[${ch === '\\' || ch === ']' || ch === '^' ? `\\${ch}` : ch}]`;
      continue;
    }
    const directive = format[++i];
    const re = directive === undefined ? undefined : STRFTIME[directive];
    if (re === undefined) throw new Error(`unknown strftime directive %${directive ?? ''} in "${format}"`);
    out += re;
  }
  return `${out}$`;
}

const quoteWith = (q: string) => (identifier: string) => `${q}${identifier.split(q).join(q + q)}${q}`;

export const baseDialect: SqlDialect = {
  name: 'postgres',
  quote: quoteWith('"'),
  qualified(name) {
    return name
      .split('.')
      .map((part) => this.quote(part))
      .join('.');
  },
  string: (text) => `'${text.split("'").join("''")}'`,
  literal(value) {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
      return String(value);
    }
    return this.string(value);
  },
  asText: (expr) => `cast(${expr} as text)`,
  asDouble: (expr) => `cast(${expr} as double precision)`,
  countIf: (condition) => `sum(case when ${condition} then 1 else 0 end)`,
  regexMatch(expr, pattern) {
    return `(${this.asText(expr)} ~ ${this.string(pattern)})`;
  },
  like(expr, pattern) {
    return `(${this.asText(expr)} like ${this.string(pattern)})`;
  },
  length(expr) {
    return `char_length(${this.asText(expr)})`;
  },
  stddev(expr) {
    return `stddev_samp(${this.asDouble(expr)})`;
  },
  median: (expr) => `percentile_cont(0.5) within group (order by ${expr})`,
  quantile: (expr, q) => `percentile_disc(${q}) within group (order by ${expr})`,
  quantiles: () => null,
  epochSeconds: (expr) => `extract(epoch from ${expr})`,
  parseableDate(expr, format) {
    if (format !== undefined) return this.regexMatch(expr, strftimeToRegex(format));
    const any = [ISO_DATE_PATTERN, ...COMMON_DATE_FORMATS.map(strftimeToRegex)].map((re) => `(${re})`).join('|');
    return this.regexMatch(expr, any);
  },
  uniqueFromDistinct: false,
  limit: (n) => `limit ${Math.max(0, Math.floor(n))}`,
};

export { quoteWith };
