// The profiler: per column, inferred type, nulls, distinct count (exact, or DuckDB's
// HyperLogLog estimate above a size threshold, and it says which), min/max/mean/stddev/
// quantiles, length stats, a pattern class and the top values. All column statistics come
// from ONE scan (after a row count, which decides exact or estimated distinct counts); top
// values take one GROUP BY per column.
import type { ColumnInfo, Row } from './check-evaluation.js';
import type { SourceConnection } from './source-connection.js';

export const APPROX_DISTINCT_ABOVE = 1_000_000;

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
  distinct: number;
  distinctApproximate: boolean;
  min: unknown;
  max: unknown;
  mean: number | null;
  stddev: number | null;
  quantiles: { q25: unknown; median: unknown; q75: unknown } | null;
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

const isNumeric = (t: string) => t === 'integer' || t === 'number';
const isTemporal = (t: string) => t === 'date' || t === 'timestamp';

export async function profileDataset(conn: SourceConnection, datasetId: string, relation: string, columns: ColumnInfo[], topN = 5): Promise<DatasetProfile> {
  const d = conn.dialect;
  const rows = Number((await conn.query(`select count(*) as n from ${relation}`))[0]?.n ?? 0);
  const approx = d.name === 'duckdb' && rows > APPROX_DISTINCT_ABOVE;
  const exprs: string[] = [];
  const add = (i: number, key: string, expr: string) => exprs.push(`${expr} as c${i}_${key}`);
  columns.forEach((col, i) => {
    const q = d.quote(col.name);
    add(i, 'nn', `count(${q})`);
    add(i, 'nd', approx ? `approx_count_distinct(${q})` : `count(distinct ${q})`);
    if (isNumeric(col.type) || isTemporal(col.type)) {
      add(i, 'min', `min(${q})`);
      add(i, 'max', `max(${q})`);
    }
    if (isNumeric(col.type)) {
      add(i, 'mean', `avg(${d.asDouble(q)})`);
      add(i, 'sd', d.stddev(q));
      for (const [k, p] of [['q25', 0.25], ['q50', 0.5], ['q75', 0.75]] as const) {
        const e = d.quantile(q, p);
        if (e) add(i, k, e);
      }
    }
    if (col.type === 'string') {
      const len = d.length(q);
      add(i, 'lmin', `min(${len})`);
      add(i, 'lmax', `max(${len})`);
      add(i, 'lmean', `avg(${d.asDouble(len)})`);
      Object.entries(PATTERNS).forEach(([name, re]) => add(i, `p_${name}`, d.countIf(`${q} is not null and ${d.regexMatch(q, re)}`)));
    }
  });
  const stats: Row = exprs.length ? ((await conn.query(`select ${exprs.join(', ')} from ${relation}`))[0] ?? {}) : {};
  const profiles: ColumnProfile[] = [];
  for (const [i, col] of columns.entries()) {
    const s = (k: string) => stats[`c${i}_${k}`];
    const nn = Number(s('nn') ?? 0);
    const q = d.quote(col.name);
    const top = await conn.query(`select ${q} as v, count(*) as n from ${relation} where ${q} is not null group by ${q} order by count(*) desc, ${q} ${d.limit(topN)}`);
    let pattern: ColumnProfile['pattern'] = null;
    if (col.type === 'string' && nn > 0)
      for (const name of Object.keys(PATTERNS)) {
        const share = Number(s(`p_${name}`) ?? 0) / nn;
        if (share >= 0.9 && (!pattern || share > pattern.share)) pattern = { name, share };
      }
    const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    profiles.push({
      name: col.name,
      type: col.type,
      nativeType: col.nativeType,
      rows,
      nulls: rows - nn,
      nullShare: rows === 0 ? 0 : (rows - nn) / rows,
      distinct: Number(s('nd') ?? 0),
      distinctApproximate: approx,
      min: s('min') ?? null,
      max: s('max') ?? null,
      mean: numOrNull(s('mean')),
      stddev: numOrNull(s('sd')),
      quantiles: s('q50') !== undefined ? { q25: s('q25'), median: s('q50'), q75: s('q75') } : null,
      length: col.type === 'string' && nn > 0 ? { min: Number(s('lmin')), max: Number(s('lmax')), mean: Number(s('lmean')) } : null,
      pattern,
      top: top.map((r) => ({ value: r.v, count: Number(r.n) })),
    });
  }
  return { datasetId, rows, columns: profiles };
}
