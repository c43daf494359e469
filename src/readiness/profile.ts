// The profiler: per column, inferred type, nulls, exact distinct count, min/max/mean/stddev/
// quartiles, length stats, a pattern class and the top values. One scan for the column
// statistics and the row count, then one GROUP BY per column (see groupSql). On DuckDB a CSV
// or JSON file is first read once into a temporary table: each scan would parse it again.
// Exact throughout: measured on 10M rows, exact GROUP BYs cost about what DuckDB's sketches
// (approx_count_distinct, approx_top_k) cost, so there is no estimate to explain.
import type { ColumnInfo, Row } from './check-evaluation.js';
import type { SourceConnection } from './source-connection.js';

export const PATTERNS: Record<string, string> = {
  email: '^[^@ ]+@[^@ ]+[.][^@ ]+$',
  url: '^https?://',
  phone: '^[+]?[0-9 ().-]{7,20}$',
  date_like: '^[0-9]{4}-[0-9]{2}-[0-9]{2}',
  id_like: '^[A-Za-z]{0,6}[-_]?[0-9]{3,}$',
};

export interface ColumnProfile {
  name: string;
  type: string;
  nativeType: string;
  rows: number;
  nulls: number;
  nullShare: number;
  /** Exact: the number of groups of the column's GROUP BY. */
  distinct: number;
  min: unknown;
  max: unknown;
  mean: number | null;
  stddev: number | null;
  /**
   * Quartiles as values of the column: the discrete definition, percentile_disc, Hyndman &
   * Fan (1996) type 1 (the smallest value whose cumulative share reaches q). `definition`
   * says so in every output.
   */
  quantiles: { definition: typeof DISCRETE; q25: unknown; median: unknown; q75: unknown } | null;
  /**
   * The median as the `aggregate` check's `median` computes it: continuous, percentile_cont,
   * Hyndman & Fan type 7 (the mean of the two middle values of an even count). Both are shown
   * because both are expected: a value that occurs (discrete) and the textbook median.
   */
  medianContinuous: { definition: typeof CONTINUOUS; value: number } | null;
  length: { min: number; max: number; mean: number } | null;
  /** The pattern most non-null values match (share >= 0.9), if any. */
  pattern: { name: string; share: number } | null;
  top: { value: unknown; count: number }[];
}

export interface DatasetProfile {
  datasetId: string;
  rows: number;
  columns: ColumnProfile[];
}

export const DISCRETE = 'discrete (percentile_disc, Hyndman & Fan type 1)' as const;
export const CONTINUOUS = 'continuous (percentile_cont, Hyndman & Fan type 7)' as const;

const isNumeric = (t: string) => t === 'integer' || t === 'number';
const isTemporal = (t: string) => t === 'date' || t === 'timestamp';

export async function profileDataset(conn: SourceConnection, datasetId: string, relation: string, columns: ColumnInfo[], options: { topN?: number } = {}): Promise<DatasetProfile> {
  const d = conn.dialect;
  const topN = options.topN ?? 5;
  // A file format that is parsed on every scan (CSV, JSON) is read once into the engine.
  const scanned = conn.forManyScans ? await conn.forManyScans(relation) : { relation, release: async () => undefined };
  try {
    const exprs: string[] = ['count(*) as n'];
    const add = (i: number, key: string, expr: string) => exprs.push(`${expr} as c${i}_${key}`);
    columns.forEach((col, i) => {
      const q = d.quote(col.name);
      add(i, 'nn', `count(${q})`);
      if (isNumeric(col.type) || isTemporal(col.type)) {
        add(i, 'min', `min(${q})`);
        add(i, 'max', `max(${q})`);
      }
      if (!isNumeric(col.type)) return;
      add(i, 'mean', `avg(${d.asDouble(q)})`);
      add(i, 'sd', d.stddev(q));
      const med = d.median(q);
      if (med) add(i, 'med', med);
      const list = d.quantiles(q, [0.25, 0.5, 0.75]);
      if (list) add(i, 'qs', list);
      else
        for (const [k, p] of [['q25', 0.25], ['q50', 0.5], ['q75', 0.75]] as const) {
          const e = d.quantile(q, p);
          if (e) add(i, k, e);
        }
    });
    const stats: Row = (await conn.query(`select ${exprs.join(', ')} from ${scanned.relation}`))[0] ?? {};
    const rows = Number(stats.n ?? 0);
    const profiles: ColumnProfile[] = [];
    for (const [i, col] of columns.entries()) {
      const groups = await conn.query(groupSql(conn, scanned.relation, col, topN));
      if (isNumeric(col.type)) await orderedQuantiles(conn, scanned.relation, col.name, i, stats);
      profiles.push(columnProfile(col, rows, (k) => stats[`c${i}_${k}`], groups));
    }
    return { datasetId, rows, columns: profiles };
  } finally {
    await scanned.release();
  }
}

/**
 * One GROUP BY of a column gives its exact distinct count and top values, and, for text, the
 * length stats and pattern shares, weighted by each value's count: the regular expressions
 * then run once per distinct value, not once per row (measured 5x faster on 10M rows).
 * Returns up to topN rows (the top values), each carrying the column's stats.
 */
function groupSql(conn: SourceConnection, relation: string, col: ColumnInfo, topN: number): string {
  const d = conn.dialect;
  const q = d.quote(col.name);
  const stats = ['count(*) as d'];
  if (col.type === 'string') {
    const len = d.length('v');
    stats.push(`min(${len}) as lmin`, `max(${len}) as lmax`, `sum(${d.asDouble(len)} * n) / sum(n) as lmean`);
    Object.entries(PATTERNS).forEach(([name, re]) => stats.push(`sum(case when ${d.regexMatch('v', re)} then n else 0 end) as p_${name}`));
  }
  const g = `select ${q} as v, count(*) as n from ${relation} where ${q} is not null group by ${q}`;
  if (!d.subqueryCtes) {
    // The same query with the subqueries inline, joined on a constant key (ClickHouse 18.16
    // joins on keys; its connection makes the missing side NULL).
    return `select s.*, t.v, t.n from (select 1 as join_key, ${stats.join(', ')} from (${g}) as g) as s all left join (select 1 as join_key, v, n from (${g}) as g order by n desc, v ${d.limit(topN)}) as t using join_key order by t.n desc, t.v`;
  }
  return `with g as (${g}), s as (select ${stats.join(', ')} from g), t as (select v, n from g order by n desc, v ${d.limit(topN)})
select s.*, t.v, t.n from s left join t on 1 = 1 order by t.n desc, t.v`;
}

/**
 * On databases without percentile functions (MySQL, SQLite) the quartiles and the median are
 * read by position from the ordered non-null values, by the same definitions (type 1: the
 * value at position ceil(q n); type 7 at 0.5: the mean of the middle one or two), so every
 * engine gives the same numbers.
 */
async function orderedQuantiles(conn: SourceConnection, relation: string, name: string, i: number, stats: Row): Promise<void> {
  const n = Number(stats[`c${i}_nn`] ?? 0);
  const d = conn.dialect;
  const q = d.quote(name);
  const at = async (offset: number, count: number) =>
    (await conn.query(`select ${q} as v from ${relation} where ${q} is not null order by ${q} ${d.limit(count)} offset ${offset}`)).map((r) => Number(r.v));
  if (stats[`c${i}_qs`] === undefined && stats[`c${i}_q50`] === undefined)
    for (const [k, p] of [['q25', 0.25], ['q50', 0.5], ['q75', 0.75]] as const) stats[`c${i}_${k}`] = n === 0 ? null : ((await at(Math.max(Math.ceil(p * n), 1) - 1, 1))[0] ?? null);
  if (stats[`c${i}_med`] === undefined) {
    const values = n === 0 ? [] : n % 2 === 1 ? await at((n - 1) / 2, 1) : await at(n / 2 - 1, 2);
    stats[`c${i}_med`] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  }
}

type StatOf = (key: string) => unknown;

function quartiles(s: StatOf): ColumnProfile['quantiles'] {
  const list = s('qs');
  if (Array.isArray(list)) {
    const v = (x: unknown) => (typeof x === 'bigint' ? Number(x) : x instanceof Date ? x.toISOString() : (x ?? null));
    return { definition: DISCRETE, q25: v(list[0]), median: v(list[1]), q75: v(list[2]) };
  }
  return s('q50') !== undefined && s('q50') !== null ? { definition: DISCRETE, q25: s('q25'), median: s('q50'), q75: s('q75') } : null;
}

function columnProfile(col: ColumnInfo, rows: number, s: StatOf, groups: Row[]): ColumnProfile {
  const nn = Number(s('nn') ?? 0);
  const g = groups[0] ?? {};
  let pattern: ColumnProfile['pattern'] = null;
  if (col.type === 'string' && nn > 0)
    for (const name of Object.keys(PATTERNS)) {
      const share = Number(g[`p_${name}`] ?? 0) / nn;
      if (share >= 0.9 && (!pattern || share > pattern.share)) pattern = { name, share };
    }
  const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    name: col.name,
    type: col.type,
    nativeType: col.nativeType,
    rows,
    nulls: rows - nn,
    nullShare: rows === 0 ? 0 : (rows - nn) / rows,
    distinct: Number(g.d ?? 0),
    min: s('min') ?? null,
    max: s('max') ?? null,
    mean: numOrNull(s('mean')),
    stddev: numOrNull(s('sd')),
    quantiles: quartiles(s),
    medianContinuous: s('med') === undefined || s('med') === null ? null : { definition: CONTINUOUS, value: Number(s('med')) },
    length: col.type === 'string' && nn > 0 ? { min: Number(g.lmin), max: Number(g.lmax), mean: Number(g.lmean) } : null,
    pattern,
    top: groups.filter((r) => r.n !== null && r.n !== undefined).map((r) => ({ value: r.v, count: Number(r.n) })),
  };
}
