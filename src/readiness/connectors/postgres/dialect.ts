// PostgreSQL's spelling: the base dialect is standard SQL as PostgreSQL speaks it; only
// FILTER aggregates are added (one pass, no CASE per row).
import { baseDialect, type SqlDialect } from '../../sql-dialect.js';

export const postgresDialect: SqlDialect = {
  ...baseDialect,
  name: 'postgres',
  countIf: (condition) => `count(*) filter (where ${condition})`,
};
