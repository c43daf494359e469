// The benchmark's check suite (30 checks over the 20 generated columns) and the floor: the
// same metrics as one hand-written SQL statement, written independently of the check compiler
// (one aggregate scan, plus the two GROUP BYs that "every copy of a duplicate" and the most
// common value need). Both report the numbers the bench cross-checks: if Traction and the
// floor disagree, the timing comparison is void and the bench says so.

/** The checks, as they would be written in a dataset YAML file. */
export const SUITE_CHECKS: Record<string, unknown>[] = [
  { type: 'row_count', min: 1 },
  { type: 'freshness', column: 'created_at', max_age_hours: 24 * 365 * 30 },
  {
    type: 'schema',
    allow_extra: true,
    columns: { order_id: 'integer', amount: 'number', created_at: 'timestamp', email: 'string' },
  },
  { type: 'not_null', column: 'order_id' },
  { type: 'not_null', column: 'email', mostly: 0.95 },
  { type: 'not_null', column: 'customer_id' },
  { type: 'unique', column: 'order_id' },
  { type: 'accepted_values', column: 'country', values: ['DE', 'FR', 'NL', 'BE', 'AT', 'CH', 'IT', 'ES', 'PL'] },
  { type: 'accepted_values', column: 'status', values: ['pending', 'shipped', 'delivered', 'cancelled', 'returned'] },
  { type: 'accepted_values', column: 'category', values: ['books', 'toys', 'garden', 'food', 'tools', 'music', 'sports'] },
  { type: 'not_in_set', column: 'channel', values: ['fax', 'telex'] },
  { type: 'range', column: 'amount', min: 0, max: 10000 },
  { type: 'range', column: 'quantity', min: 1, max: 20 },
  { type: 'range', column: 'discount', min: 0, max: 0.5 },
  { type: 'range', column: 'rating', min: 1, max: 5 },
  { type: 'regex', column: 'email', pattern: '^[^@ ]+@[^@ ]+[.][a-z]+$', mostly: 0.9 },
  { type: 'like', column: 'sku', pattern: 'SKU-%' },
  { type: 'length', column: 'phone', min: 13, max: 13 },
  { type: 'parseable_date', column: 'order_date', format: '%Y-%m-%d', mostly: 0.95 },
  { type: 'aggregate', column: 'amount', metric: 'mean', min: 4000, max: 6000 },
  { type: 'aggregate', column: 'amount', metric: 'median', min: 4000, max: 6000 },
  { type: 'aggregate', column: 'unit_price', metric: 'quantile', q: 0.9, min: 0, max: 2000 },
  { type: 'aggregate', column: 'amount', metric: 'stddev', min: 0, max: 5000 },
  { type: 'aggregate', column: 'quantity', metric: 'sum', min: 0 },
  { type: 'aggregate', column: 'customer_id', metric: 'distinct_count', min: 1 },
  { type: 'aggregate', column: 'sku', metric: 'proportion_unique', max: 1 },
  { type: 'aggregate', column: 'status', metric: 'most_common_value', values: ['pending', 'shipped', 'delivered', 'cancelled', 'returned'], ties_okay: true },
  { type: 'aggregate', column: 'created_at', metric: 'min', min: '2020-01-01' },
  { type: 'column_pair', a: 'shipped_at', op: '>=', b: 'created_at', mostly: 0.9 },
  { type: 'column_pair', a: 'unit_price', op: '>', b: 'cost', mostly: 0.5 },
];

/** The numbers the floor computes, by check index in SUITE_CHECKS (unexpected count or value). */
export type FloorNumbers = Record<string, number | string | null>;

/** The floor as one statement; `t` is the relation (a file reader call or a table name). */
export function floorChecksSql(t: string, engine: 'duckdb' | 'postgres'): string {
  const pg = engine === 'postgres';
  const n = (cond: string) => (pg ? `count(*) filter (where ${cond})` : `count(*) filter (where ${cond})`);
  const re = (col: string, pattern: string) => (pg ? `${col} ~ '${pattern}'` : `regexp_matches(${col}, '${pattern}')`);
  const epoch = (e: string) => (pg ? `extract(epoch from ${e})` : `epoch(${e})`);
  const median = pg ? 'percentile_cont(0.5) within group (order by amount)' : 'median(amount)';
  const q90 = pg ? 'percentile_disc(0.9) within group (order by unit_price)' : 'quantile_disc(unit_price, 0.9)';
  const dateOk = pg ? `order_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'` : `try_strptime(order_date, '%Y-%m-%d') is not null`;
  return `
with a as (
  select
    count(*) as row_count,
    ${epoch('max(created_at)')} as freshness,
    ${n('order_id is null')} as nn_order_id,
    ${n('email is null')} as nn_email,
    ${n('customer_id is null')} as nn_customer_id,
    ${n(`country not in ('DE','FR','NL','BE','AT','CH','IT','ES','PL')`)} as av_country,
    ${n(`status not in ('pending','shipped','delivered','cancelled','returned')`)} as av_status,
    ${n(`category not in ('books','toys','garden','food','tools','music','sports')`)} as av_category,
    ${n(`channel in ('fax','telex')`)} as nis_channel,
    ${n('amount < 0 or amount > 10000')} as r_amount,
    ${n('quantity < 1 or quantity > 20')} as r_quantity,
    ${n('discount < 0 or discount > 0.5')} as r_discount,
    ${n('rating < 1 or rating > 5')} as r_rating,
    ${n(`not ${re('email', '^[^@ ]+@[^@ ]+[.][a-z]+$')}`)} as re_email,
    ${n(`sku not like 'SKU-%'`)} as like_sku,
    ${n('length(phone) <> 13')} as len_phone,
    ${n(`order_date is not null and not (${dateOk})`)} as pd_order_date,
    avg(amount) as mean_amount,
    ${median} as median_amount,
    ${q90} as q90_unit_price,
    stddev_samp(amount) as sd_amount,
    sum(quantity) as sum_quantity,
    count(distinct customer_id) as dc_customer_id,
    count(distinct sku)::double precision / count(sku) as pu_sku,
    min(created_at) as min_created_at,
    ${n('not (shipped_at >= created_at)')} as cp_shipped,
    ${n('not (unit_price > cost)')} as cp_price
  from ${t}
),
u as (select coalesce(sum(c) filter (where c > 1), 0) as dup_order_id from (select count(*) as c from ${t} where order_id is not null group by order_id) g),
m as (select status, count(*) as c from ${t} where status is not null group by status),
mcv as (select string_agg(status, ',') as mcv_status from m where c = (select max(c) from m))
select * from a, u, mcv`;
}
