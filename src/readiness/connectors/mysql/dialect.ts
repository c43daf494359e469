// MySQL / MariaDB: backtick identifiers, backslash escapes in strings, REGEXP, no
// ordered-set aggregates (median and quantiles run as a separate ordered query).
import { translateRegex } from '../../../domain/regex.js';
import { baseDialect, quoteWith, type SqlDialect } from '../../sql-dialect.js';

export const mysqlDialect: SqlDialect = {
  ...baseDialect,
  name: 'mysql',
  quote: quoteWith('`'),
  // With the default sql_mode a backslash escapes inside a string literal, so double it too.
  string: (text) => `'${text.split('\\').join('\\\\').split("'").join("''")}'`,
  asText: (expr) => `cast(${expr} as char)`,
  asDouble: (expr) => `(${expr} + 0e0)`,
  regexMatch(expr, pattern, ignoreCase = false) {
    return `(${this.asText(expr)} regexp ${this.string(translateRegex(pattern, 'mysql', ignoreCase))})`;
  },
  median: () => null,
  quantile: () => null,
  // unix_timestamp() reads a DATETIME in the session's time zone; a calendar value is read as
  // UTC on every engine (as PostgreSQL, DuckDB and SQLite do), so count seconds from 1970.
  epochSeconds: (expr) => `timestampdiff(second, '1970-01-01 00:00:00', ${expr})`,
};
