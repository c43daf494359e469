// The profile's floor: the same per-column metrics as `traction data profile`, written by hand:
// one aggregate statement for the column statistics, then per column one GROUP BY giving the
// exact distinct count, the top 5 values and, for text, lengths and pattern shares weighted by
// each value's count. A CSV file is first copied to Parquet (measured: cheaper than parsing it
// once per statement). Written independently of src/readiness/profile.ts.
import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const TEMPORAL = /^(DATE|TIMESTAMP.*)$/;
const PATTERNS = ['^[^@ ]+@[^@ ]+[.][^@ ]+$', '^https?://', '^[+]?[0-9 ().-]{7,20}$', '^[0-9]{4}-[0-9]{2}-[0-9]{2}', '^[A-Za-z]{0,6}[-_]?[0-9]{3,}$'];

export function floorStatsSql(t: string, columns: { name: string; type: string }[]): string {
  const stats: string[] = ['count(*) as rows'];
  columns.forEach(({ name: c, type }, i) => {
    stats.push(`count(${c}) as nn${i}`);
    if (NUMERIC.test(type) || TEMPORAL.test(type)) stats.push(`min(${c}) as min${i}`, `max(${c}) as max${i}`);
    if (NUMERIC.test(type)) stats.push(`avg(${c}) as mean${i}`, `stddev_samp(${c}) as sd${i}`, `quantile_disc(${c}, [0.25, 0.5, 0.75]) as q${i}`);
  });
  return `select ${stats.join(', ')} from ${t}`;
}

export function floorGroupSql(t: string, c: string, type: string): string {
  const text = type === 'VARCHAR' ? `, min(length(v)) as lmin, max(length(v)) as lmax, sum(length(v) * n) / sum(n) as lmean, ${PATTERNS.map((p, k) => `sum(n) filter (where regexp_matches(v, '${p}')) as p${k}`).join(', ')}` : '';
  return `with g as (select ${c} as v, count(*) as n from ${t} where ${c} is not null group by ${c})
select * from (select count(*) as d ${text} from g) s, (select list({v: v, n: n}) as top from (select v, n from g order by n desc, v limit 5)) t`;
}

export async function floorProfile(c: DuckDBConnection, source: string, scratch: string): Promise<number> {
  let t = source;
  if (source.startsWith('read_csv')) {
    await c.run(`copy (select * from ${source}) to '${scratch}' (format parquet, compression 'uncompressed')`);
    t = `read_parquet('${scratch}')`;
  }
  try {
    const columns = (await c.runAndReadAll(`describe select * from ${t}`)).getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    await c.runAndReadAll(floorStatsSql(t, columns));
    for (const col of columns) await c.runAndReadAll(floorGroupSql(t, col.name, col.type));
    return columns.length;
  } finally {
    rmSync(scratch, { force: true });
  }
}
