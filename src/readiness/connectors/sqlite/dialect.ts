// SQLite: no stddev, median or quantile functions (computed from sums, or by a separate
// ordered query), REGEXP through a function the connection registers, epoch via strftime.
import { translateRegex } from '../../../domain/regex.js';
import { baseDialect, type SqlDialect } from '../../sql-dialect.js';

export const sqliteDialect: SqlDialect = {
  ...baseDialect,
  name: 'sqlite',
  asDouble: (expr) => `cast(${expr} as real)`,
  regexMatch(expr, pattern, ignoreCase = false) {
    return `(${this.asText(expr)} regexp ${this.string(translateRegex(pattern, 'sqlite', ignoreCase))})`;
  },
  length(expr) {
    return `length(${this.asText(expr)})`;
  },
  // Sample variance from the sums: (sum x^2 - (sum x)^2 / n) / (n - 1). Adequate for data
  // quality thresholds; the other engines use their native stddev_samp.
  stddev(expr) {
    const x = this.asDouble(expr);
    return `(case when count(${expr}) > 1 then sqrt(max(0, (sum(${x} * ${x}) - sum(${x}) * sum(${x}) / count(${expr})) / (count(${expr}) - 1))) end)`;
  },
  median: () => null,
  quantile: () => null,
  epochSeconds: (expr) => `cast(strftime('%s', ${expr}) as real)`,
};
