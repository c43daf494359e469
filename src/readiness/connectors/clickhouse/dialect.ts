// ClickHouse: backslash escapes in strings and quoted names, RE2 regular expressions through
// match(), countIf, no boolean literals (1 and 0). Targets ClickHouse 18.16 (Debian bookworm's
// package, on which CI runs it) and what current releases still accept: only functions present
// in both are used. median and quantile run as separate ordered queries: ClickHouse's median()
// and quantile() sample beyond 8192 values, and quantileExact() picks a different rank than
// percentile_disc, so neither gives the one meaning the other engines give.
import { translateRegex } from '../../../domain/regex.js';
import { baseDialect, type SqlDialect } from '../../sql-dialect.js';

const escape = (text: string, quote: string) => text.split('\\').join('\\\\').split(quote).join(`\\${quote}`);

export const clickhouseDialect: SqlDialect = {
  ...baseDialect,
  name: 'clickhouse',
  quote: (identifier) => `\`${escape(identifier, '`')}\``,
  string: (text) => `'${escape(text, "'")}'`,
  literal(value) {
    if (typeof value === 'boolean') return value ? '1' : '0';
    return baseDialect.literal.call(this, value);
  },
  asText: (expr) => `toString(${expr})`,
  asDouble: (expr) => `toFloat64(${expr})`,
  countIf: (condition) => `countIf(${condition})`,
  regexMatch(expr, pattern, ignoreCase = false) {
    // RE2, as DuckDB: the same translation.
    return `match(${this.asText(expr)}, ${this.string(translateRegex(pattern, 'duckdb', ignoreCase))})`;
  },
  length(expr) {
    return `lengthUTF8(${this.asText(expr)})`;
  },
  // stddevSamp of one value is nan in ClickHouse; null on the other engines.
  stddev(expr) {
    return `if(count(${expr}) > 1, stddevSamp(${this.asDouble(expr)}), null)`;
  },
  subqueryCtes: false,
  // Date and DateTime start in 1970 (in 18.16 as in current releases): a range bound before
  // that is compared as seconds since 1970, which every bound has.
  rangeAsEpoch: true,
  median: () => null,
  quantile: () => null,
  // A DateTime is shown in the server's time zone; its calendar text is read as UTC, as on
  // every engine (a Date becomes its midnight first).
  epochSeconds: (expr) => `toFloat64(toUnixTimestamp(toDateTime(toString(toDateTime(${expr})), 'UTC')))`,
};
