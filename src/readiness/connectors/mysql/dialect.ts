// MySQL / MariaDB: backtick identifiers, backslash escapes in strings, REGEXP, no
// ordered-set aggregates (median and quantiles run as a separate ordered query).
import { baseDialect, quoteWith, type SqlDialect } from '../../sql-dialect.js';

export const mysqlDialect: SqlDialect = {
  ...baseDialect,
  name: 'mysql',
  quote: quoteWith('`'),
  // With the default sql_mode a backslash escapes inside a string literal, so double it too.
  string: (text) => `'${text.split('\\').join('\\\\').split("'").join("''")}'`,
  asText: (expr) => `cast(${expr} as char)`,
  asDouble: (expr) => `(${expr} + 0e0)`,
  regexMatch(expr, pattern) {
    return `(${this.asText(expr)} regexp ${this.string(pattern)})`;
  },
  median: () => null,
  quantile: () => null,
  epochSeconds: (expr) => `unix_timestamp(${expr})`,
};
