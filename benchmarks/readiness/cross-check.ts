// Traction's outcomes against the floor's (or pandas') numbers for the same checks: a timing
// comparison means nothing if the two computed different things.
type Outcome = { name: string; unexpected?: number; observed?: unknown };

// check name -> [floor column, what of Traction's outcome to compare]
const PAIRS: [string, string, 'unexpected' | 'observed'][] = [
  ['row_count', 'row_count', 'observed'],
  ['not_null(email)', 'nn_email', 'unexpected'],
  ['unique(order_id)', 'dup_order_id', 'unexpected'],
  ['accepted_values(country)', 'av_country', 'unexpected'],
  ['range(amount)', 'r_amount', 'unexpected'],
  ['regex(email)', 're_email', 'unexpected'],
  ['parseable_date(order_date)', 'pd_order_date', 'unexpected'],
  ['aggregate(mean of amount)', 'mean_amount', 'observed'],
  ['aggregate(median of amount)', 'median_amount', 'observed'],
  ['aggregate(quantile 0.9 of unit_price)', 'q90_unit_price', 'observed'],
  ['aggregate(stddev of amount)', 'sd_amount', 'observed'],
  ['aggregate(distinct_count of customer_id)', 'dc_customer_id', 'observed'],
  ['column_pair(shipped_at >= created_at)', 'cp_shipped', 'unexpected'],
  ['column_pair(unit_price > cost)', 'cp_price', 'unexpected'],
];

export function crossCheck(
  label: string,
  traction: Record<string, unknown>,
  floor: Record<string, unknown>,
  pairs: [string, string, 'unexpected' | 'observed'][] = PAIRS,
  modes: [string, string][] = [['aggregate(most_common_value of status)', 'mcv_status']],
): string[] {
  const outcomes = (traction.outcomes ?? []) as Outcome[];
  const row = (floor.row ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, column, what] of pairs) {
    const o = outcomes.find((c) => c.name === name);
    const a = Number(o?.[what]);
    const b = Number(row[column]);
    if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)))) problems.push(`${label}: ${name} Traction ${a}, reference ${b}`);
  }
  for (const [name, column] of modes) {
    const observed = outcomes.find((c) => c.name === name)?.observed;
    const sorted = Array.isArray(observed) ? [...(observed as unknown[])].map(String).sort().join(',') : String(observed);
    if (sorted !== String(row[column]).split(',').sort().join(',')) problems.push(`${label}: ${name} Traction ${sorted}, reference ${String(row[column])}`);
  }
  return problems;
}
