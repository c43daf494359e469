// SQL dialects as data: the base object holds standard SQL, and each connector's dialect.ts
// spreads it and overrides what its database spells differently. The check compiler only
// ever builds SQL through a dialect, so identifiers are always quoted and literals escaped.

import { defaultDateRegex, strftimeToRegex } from '../domain/calendar-dates.js';
import { translateRegex } from '../domain/regex.js';

export type EngineName = 'duckdb' | 'postgres' | 'mysql' | 'sqlite' | 'clickhouse';
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
  /**
   * True when the value contains a match of the regular expression (search, not full match).
   * `pattern` is in the portable subset (src/domain/regex.ts), translated for this engine.
   */
  regexMatch(expr: string, pattern: string, ignoreCase?: boolean): string;
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
  /**
   * True when the text is a real calendar date written in the strftime `format` (without one:
   * ISO 8601 or a common form); one regular expression on every engine (calendar-dates.ts).
   */
  parseableDate(expr: string, format: string | undefined): string;
  /**
   * Whether a single-column unique check first compares count(distinct) with count() in the
   * one scan, and runs its group-by only when they differ (cheaper where the engine counts
   * distinct values with a hash table, as DuckDB does).
   */
  uniqueFromDistinct: boolean;
  /**
   * Whether `with name as (select ...)` is understood. ClickHouse 18.16 knows only
   * `with expression as name`: its queries get the subqueries written inline.
   */
  subqueryCtes: boolean;
  /**
   * Whether a date or timestamp column is compared with a `range` bound as seconds since 1970
   * (epochSeconds) rather than with the bound's text: ClickHouse's Date and DateTime hold only
   * 1970 onwards, so a bound before (GE's now() minus 100 years) would be read as a wrong date.
   */
  rangeAsEpoch: boolean;
  /** `limit n` clause (every supported database spells it so; kept here for future ones). */
  limit(n: number): string;
}

// parseable_date's one meaning (strict calendar dates, strftime formats) is in
// src/domain/calendar-dates.ts, as a portable regular expression every engine runs alike.
export { COMMON_DATE_FORMATS, strftimeToRegex } from '../domain/calendar-dates.js';

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
  regexMatch(expr, pattern, ignoreCase = false) {
    return `(${this.asText(expr)} ~ ${this.string(translateRegex(pattern, 'postgres', ignoreCase))})`;
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
    return this.regexMatch(expr, format === undefined ? defaultDateRegex() : strftimeToRegex(format));
  },
  uniqueFromDistinct: false,
  subqueryCtes: true,
  rangeAsEpoch: false,
  limit: (n) => `limit ${Math.max(0, Math.floor(n))}`,
};

export { quoteWith };

/** ` and (where)` after a condition, or nothing without a filter. */
export const andWhere = (where: string | undefined): string => (where === undefined ? '' : ` and (${where})`);
/** ` where (where)` after a relation, or nothing without a filter. */
export const whereClause = (where: string | undefined): string => (where === undefined ? '' : ` where (${where})`);
