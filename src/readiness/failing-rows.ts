// Failing rows, only when asked: the rows that make a check fail, with the dataset's primary
// key and the checked columns, streamed (never all in memory) and writable as CSV.
import type { Check } from '../domain/checks.js';
import type { Dataset } from '../domain/dataset.js';
import { isMapCheck, rowCondition, type ColumnTypes } from './check-conditions.js';
import type { Row } from './check-evaluation.js';
import { expandCustomSql, referentialFailingRowsSql } from './external-checks.js';
import { catalogueFailingRowsSql } from './catalogue-checks.js';
import type { SourceConnection } from './source-connection.js';
import { andWhere, whereClause } from './sql-dialect.js';

/** The SELECT of the failing rows, or null for checks about the whole table (counts, freshness...). */
export function failingRowsSql(check: Check, dataset: Pick<Dataset, 'primary_key'>, relation: string, conn: Pick<SourceConnection, 'dialect'>, types?: ColumnTypes, targetRelation?: string): string | null {
  const d = conn.dialect;
  const select = (cols: string[]) => [...new Set([...dataset.primary_key, ...cols])].map((c) => d.quote(c)).join(', ');
  if (isMapCheck(check)) {
    const cond = rowCondition(check, d, types);
    return `select ${select(cond.columns)} from ${relation} where (${cond.unexpected})${andWhere(check.where)}`;
  }
  const catalogue = catalogueFailingRowsSql(check, select, relation, d, types ?? new Map());
  if (catalogue !== undefined) return catalogue;
  switch (check.type) {
    case 'unique':
    case 'duplicate_rows': {
      const cols = check.type === 'unique' ? (check.columns ?? [check.column as string]) : check.columns;
      const keys = cols.map((c) => d.quote(c));
      const notNull = check.type === 'unique' ? ` and not (${keys.map((k) => `${k} is null`).join(' and ')})` : '';
      const dup = `select ${keys.join(', ')} from ${relation} where 1 = 1${andWhere(check.where)}${notNull} group by ${keys.join(', ')} having count(*) > 1`;
      const on = cols.map((c) => `t.${d.quote(c)} = dup.${d.quote(c)}`).join(' and ');
      const pick = [...new Set([...dataset.primary_key, ...cols])].map((c) => `t.${d.quote(c)}`).join(', ');
      return `select ${pick} from (select * from ${relation}) t join (${dup}) dup on ${on}${whereClause(check.where)}`;
    }
    case 'custom_sql':
      return expandCustomSql(check.sql.trim().replace(/;\s*$/, ''), relation);
    case 'referential_integrity':
      // Across engines there is no one SELECT: see referentialFailingRows.
      return targetRelation === undefined ? null : referentialFailingRowsSql(check, d, dataset.primary_key, relation, targetRelation);
    default:
      return null;
  }
}

/** Streams failing rows; stops after `limit` rows unless limit is 0 (uncapped). */
export async function* failingRows(conn: SourceConnection, sql: string, limit: number, readOnly: boolean): AsyncIterable<Row> {
  if (readOnly) {
    // Custom SQL: fetched through the read-only path, capped in SQL when a cap is asked for.
    const capped = limit > 0 ? `select * from (${sql}) as traction_failing ${conn.dialect.limit(limit)}` : sql;
    for (const row of await conn.queryReadOnly(capped)) yield row;
    return;
  }
  let n = 0;
  for await (const row of conn.stream(limit > 0 ? `${sql} ${conn.dialect.limit(limit)}` : sql)) {
    yield row;
    if (limit > 0 && ++n >= limit) return;
  }
}
