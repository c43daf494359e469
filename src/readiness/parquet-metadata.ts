// Answers from a Parquet file's own statistics (its footer: row counts per row group, and per
// column chunk the null count, min and max), read without scanning the data. Only what the
// footer states exactly is used; anything else is left to the scan:
// - the row count is the sum of the row groups' row counts (always exact);
// - a column's null count, when every row group of every file states it for that column;
// - min and max of integer, date and timestamp columns when every row group holding a value
//   states them (the format keeps them whole), of text columns only when the writer also says
//   they are exact (`min_is_exact`/`max_is_exact`: long texts may be truncated); never of
//   floating-point columns (the format leaves NaN out of min/max, a scan does not);
// - nothing when the check has a `where:` filter (statistics cover whole row groups).
// Source: Apache Parquet format, parquet.thrift (Statistics: null_count, min_value,
// max_value, is_min_value_exact, is_max_value_exact). One file's footer is decoded by
// parquet-footer.ts without the engine; a glob's footers by DuckDB's parquet_metadata() in the
// statement below (parquetStatisticsSql), with the same rules.
import type { ColumnInfo, Row } from './check-evaluation.js';
import type { SqlDialect } from './sql-dialect.js';

/** What the file's statistics say exactly; a column or value left out is not known exactly. */
export interface FileStatistics {
  source: 'parquet metadata';
  rows: number;
  columns: Map<string, { nulls?: number; min?: unknown; max?: unknown; maxEpoch?: number }>;
}

const ORDERED_WHOLE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DATE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/;
const TEXT = /^VARCHAR$/;

/**
 * One statement over the file's footer (`file` is a quoted path or glob literal): the row
 * count, and per column (c<i>_) the null count and min/max where exact, else null.
 */
export function parquetStatisticsSql(d: SqlDialect, file: string, columns: ColumnInfo[]): string {
  const exprs = ['(select sum(row_group_num_rows) from (select distinct file_name, row_group_id, row_group_num_rows from m)) as rows'];
  columns.forEach((col, i) => {
    const native = col.nativeType.toUpperCase();
    const of = `from m where path_in_schema = ${d.string(col.name)}`;
    // Every row group of every file has a chunk of this (top-level, not nested) column.
    const everyGroup = `count(*) = (select count(*) from g)`;
    exprs.push(`(select case when ${everyGroup} and count(stats_null_count) = count(*) then sum(stats_null_count) end ${of}) as c${i}_nulls`);
    const exact = ORDERED_WHOLE.test(native) ? 'true' : TEXT.test(native) ? '{side}_is_exact' : undefined;
    if (exact === undefined) return;
    for (const side of ['min', 'max'] as const) {
      // A row group with only nulls states no min/max; any other must state an exact one.
      const stated = `bool_and(stats_null_count = row_group_num_rows or (stats_${side}_value is not null and coalesce(${exact.replace('{side}', side)}, false)))`;
      const value = `${side}(cast(stats_${side}_value as ${native}))`;
      exprs.push(`(select case when ${everyGroup} and ${stated} then ${value} end ${of}) as c${i}_${side}`);
      if (side === 'max' && /^(DATE|TIMESTAMP)/.test(native)) exprs.push(`(select case when ${everyGroup} and ${stated} then epoch(${value}) end ${of}) as c${i}_epoch`);
    }
  });
  return `with m as materialized (select * from parquet_metadata(${file})), g as materialized (select distinct file_name, row_group_id from m)\nselect ${exprs.join(',\n  ')}`;
}

export function fileStatisticsOf(row: Row, columns: ColumnInfo[]): FileStatistics | undefined {
  if (row.rows === null || row.rows === undefined) return undefined;
  const stats: FileStatistics = { source: 'parquet metadata', rows: Number(row.rows), columns: new Map() };
  columns.forEach((col, i) => {
    const known: { nulls?: number; min?: unknown; max?: unknown; maxEpoch?: number } = {};
    const nulls = row[`c${i}_nulls`];
    if (nulls !== null && nulls !== undefined) known.nulls = Number(nulls);
    // A column of nulls only has no min/max (null, as a scan says) but its null count says so.
    const allNull = known.nulls === stats.rows;
    for (const side of ['min', 'max'] as const) {
      const v = row[`c${i}_${side}`];
      if (v !== null && v !== undefined) known[side] = v;
      else if (allNull && `c${i}_${side}` in row) known[side] = null;
    }
    const epoch = row[`c${i}_epoch`];
    if (epoch !== null && epoch !== undefined) known.maxEpoch = Number(epoch);
    stats.columns.set(col.name, known);
  });
  return stats;
}

/** The spellings of the expressions a footer may answer, for these columns. */
function answerableSpellings(d: SqlDialect, columns: string[]): Set<string> {
  const out = new Set(['count(*)']);
  for (const name of columns) {
    const q = d.quote(name);
    for (const e of [`count(${q})`, d.countIf(`${q} is null`), `min(${q})`, `max(${q})`, d.epochSeconds(`max(${q})`)]) out.add(e);
  }
  return out;
}

/**
 * Whether every expression of a scan is of a kind a footer may answer: when one is not, the
 * scan runs anyway and reading the footer would only add to it (a count(*) in a scan is free).
 */
export function footerMayAnswerAll(d: SqlDialect, exprs: { expr: string }[], columns: string[]): boolean {
  const spellings = answerableSpellings(d, columns);
  return exprs.every((e) => spellings.has(e.expr));
}

/**
 * The scan expressions (as check-compiler.ts spells them) the statistics answer, by alias:
 * count(*), count(c), count of c is null, min(c), max(c) and a freshness's epoch(max(c)).
 * An expression the compiler spells otherwise is simply not answered here, and scanned.
 */
export function answerFromStatistics(d: SqlDialect, exprs: { alias: string; expr: string }[], stats: FileStatistics): Row {
  const known = new Map<string, unknown>([['count(*)', stats.rows]]);
  for (const [name, c] of stats.columns) {
    const q = d.quote(name);
    if (c.nulls !== undefined) {
      known.set(`count(${q})`, stats.rows - c.nulls);
      known.set(d.countIf(`${q} is null`), c.nulls);
    }
    if ('min' in c) known.set(`min(${q})`, c.min);
    if ('max' in c) known.set(`max(${q})`, c.max);
    if (c.maxEpoch !== undefined) known.set(d.epochSeconds(`max(${q})`), c.maxEpoch);
  }
  const row: Row = {};
  for (const { alias, expr } of exprs) if (known.has(expr)) row[alias] = known.get(expr);
  return row;
}
