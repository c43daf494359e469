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

export function crossCheck(label: string, traction: Record<string, unknown>, floor: Record<string, unknown>): string[] {
  const outcomes = (traction.outcomes ?? []) as Outcome[];
  const row = (floor.row ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, column, what] of PAIRS) {
    const o = outcomes.find((c) => c.name === name);
    const a = Number(o?.[what]);
    const b = Number(row[column]);
    if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)))) problems.push(`${label}: ${name} Traction ${a}, reference ${b}`);
  }
  const modes = outcomes.find((c) => c.name === 'aggregate(most_common_value of status)')?.observed;
  if (String(modes) !== String(row.mcv_status)) problems.push(`${label}: most common status Traction ${String(modes)}, reference ${String(row.mcv_status)}`);
  return problems;
}
