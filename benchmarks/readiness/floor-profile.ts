// The profile's floor: the same per-column metrics as `traction data profile`, written by hand
// as one aggregate statement plus one GROUPING SETS statement for every column's top values
// (one scan each). Written independently of src/readiness/profile.ts.

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const TEMPORAL = /^(DATE|TIMESTAMP.*)$/;
const PATTERNS = ['^[^@ ]+@[^@ ]+[.][^@ ]+$', '^https?://', '^[+]?[0-9 ().-]{7,20}$', '^[0-9]{4}-[0-9]{2}-[0-9]{2}', '^[A-Za-z]{0,6}[-_]?[0-9]{3,}$'];

export function floorProfileSql(t: string, columns: { name: string; type: string }[], approx: boolean): [string, string] {
  const stats: string[] = ['count(*) as rows'];
  columns.forEach(({ name: c, type }, i) => {
    stats.push(`count(${c}) as nn${i}`, `${approx ? 'approx_count_distinct' : 'count(distinct'}(${c})${approx ? '' : ')'} as nd${i}`);
    if (NUMERIC.test(type) || TEMPORAL.test(type)) stats.push(`min(${c}) as min${i}`, `max(${c}) as max${i}`);
    if (NUMERIC.test(type))
      stats.push(`avg(${c}) as mean${i}`, `stddev_samp(${c}) as sd${i}`, ...[0.25, 0.5, 0.75].map((q, k) => `quantile_disc(${c}, ${q}) as q${k}_${i}`));
    if (type === 'VARCHAR') {
      stats.push(`min(length(${c})) as lmin${i}`, `max(length(${c})) as lmax${i}`, `avg(length(${c})) as lmean${i}`);
      PATTERNS.forEach((p, k) => stats.push(`count(*) filter (where regexp_matches(${c}, '${p}')) as p${k}_${i}`));
    }
  });
  // One GROUP BY per column in one UNION ALL statement: measured faster and leaner in DuckDB
  // than one GROUPING SETS query over all columns (one hash table per set, all alive at once).
  const top = columns
    .map(({ name: c }, i) => `(select ${i} as col, cast(${c} as varchar) as v, n from (select ${c}, count(*) as n from ${t} where ${c} is not null group by ${c} order by n desc, ${c} limit 5))`)
    .join('\nunion all\n');
  return [`select ${stats.join(',\n  ')} from ${t}`, top];
}
