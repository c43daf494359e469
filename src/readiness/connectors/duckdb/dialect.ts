// DuckDB's spelling of the SQL the check compiler needs: FILTER aggregates, quantile
// functions in the one scan.
import { translateRegex } from '../../../domain/regex.js';
import { baseDialect, type SqlDialect } from '../../sql-dialect.js';

export const duckdbDialect: SqlDialect = {
  ...baseDialect,
  name: 'duckdb',
  asText: (expr) => `cast(${expr} as varchar)`,
  asDouble: (expr) => `cast(${expr} as double)`,
  countIf: (condition) => `count(*) filter (where ${condition})`,
  regexMatch(expr, pattern, ignoreCase = false) {
    return `regexp_matches(${this.asText(expr)}, ${this.string(translateRegex(pattern, 'duckdb', ignoreCase))})`;
  },
  length(expr) {
    return `length(${this.asText(expr)})`;
  },
  median: (expr) => `median(${expr})`,
  quantile: (expr, q) => `quantile_disc(${expr}, ${q})`,
  quantiles: (expr, qs) => `quantile_disc(${expr}, [${qs.join(', ')}])`,
  epochSeconds: (expr) => `epoch(${expr})`,
  // Measured in benchmarks/readiness: a distinct count inside the one scan costs less than a
  // second scan for the group-by, which then runs only if there are duplicates.
  uniqueFromDistinct: true,
};
