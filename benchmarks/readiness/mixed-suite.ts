// The mixed suite on CSV: checks that do not fit one aggregate scan (referential integrity
// across two files, custom SQL with and without a group-by, group-bys for duplicates,
// composite uniqueness and the most common value) beside a few scan checks, over orders-N.csv and customers-N.csv. Its floor
// reads each file once and computes the same answers by hand in one statement, written
// independently of the check compiler. And the Parquet-metadata suite: row count, null
// counts, min/max and freshness, answered by Traction from the footer, against the floor's
// hand-written scan of the same aggregates.

/** The orders checks, as they would be written in a dataset YAML file (customers: no checks). */
export const MIXED_CHECKS: Record<string, unknown>[] = [
  { type: 'row_count', min: 1 },
  { type: 'not_null', column: 'customer_id' },
  { type: 'unique', column: 'order_id' },
  { type: 'unique', columns: ['customer_id', 'sku'], mostly: 0.5 },
  { type: 'duplicate_rows', columns: ['customer_id', 'created_at'] },
  { type: 'accepted_values', column: 'status', values: ['pending', 'shipped', 'delivered', 'cancelled', 'returned'] },
  { type: 'range', column: 'amount', min: 0, max: 10000 },
  { type: 'aggregate', column: 'status', metric: 'most_common_value', values: ['pending', 'shipped', 'delivered', 'cancelled', 'returned'], ties_okay: true },
  { type: 'aggregate', column: 'country', metric: 'most_common_value', values: ['DE', 'FR', 'NL', 'BE', 'AT', 'CH', 'IT', 'ES', 'PL', 'XX'], ties_okay: true },
  { type: 'referential_integrity', column: 'customer_id', to: { dataset: 'customers', column: 'customer_id' } },
  { type: 'custom_sql', name: 'delivered before created', sql: "select * from {dataset} where status = 'delivered' and shipped_at < created_at" },
  { type: 'custom_sql', name: 'customers over 80,000 in orders', sql: 'select customer_id from {dataset} group by customer_id having sum(amount) > 80000' },
];

/** The customers file: ids 1..rows/10 but every 50th, with a segment (written by generate.ts). */
export const CUSTOMERS_SQL = (rows: number) => `
select i as customer_id, (['key_account','mid_market','small_business'])[1 + (hash(i) % 3)::bigint] as segment
from range(1, ${Math.max(rows / 10, 1) + 1}) t(i) where i % 50 <> 0`;

/**
 * The floor: every answer by hand in one statement over `o` and `c`. With file readers, each
 * file is read once into a materialised CTE (the strictest floor: only the columns used are
 * parsed); with `everyColumn`, that read keeps every column, as a table of the file must; with
 * table names, over tables each file was read into once beforehand (the style of floor-profile.ts).
 */
export function floorMixedSql(orders: string, customers: string, fromTables = false, everyColumn = false): string {
  const read = fromTables ? `o as (select * from ${orders}),\nc as (select * from ${customers})` : `o as materialized (select * from ${orders}),\nc as materialized (select * from ${customers})`;
  // DuckDB parses only the columns a statement uses (8 of the 20 here). A table of the file
  // cannot know that in advance (custom SQL may name any column, or all with select *): this
  // floor keeps every column of the read (a count of each, a negligible aggregate), as the table
  // Traction reads a CSV into does (when its queries cannot be composed into one statement).
  const every = everyColumn ? ',\nw as (select count(columns(*)) from o), wc as (select count(columns(*)) from c)' : '';
  return `
with ${read},
a as (
  select count(*) as row_count,
    count(*) filter (where customer_id is null) as nn_customer_id,
    count(*) filter (where status not in ('pending','shipped','delivered','cancelled','returned')) as av_status,
    count(*) filter (where amount < 0 or amount > 10000) as r_amount,
    count(*) filter (where status = 'delivered' and shipped_at < created_at) as custom_delivered
  from o
),
u1 as (select coalesce(sum(n) filter (where n > 1), 0) as dup_order_id from (select count(*) as n from o where order_id is not null group by order_id)),
u2 as (select coalesce(sum(n) filter (where n > 1), 0) as dup_customer_sku from (select count(*) as n from o group by customer_id, sku)),
u3 as (select coalesce(sum(n) filter (where n > 1), 0) as dup_rows_customer_created from (select count(*) as n from o group by customer_id, created_at)),
ms as (select status, count(*) as n from o where status is not null group by status),
mc as (select country, count(*) as n from o where country is not null group by country),
m as (select (select string_agg(status, ',' order by status) from ms where n = (select max(n) from ms)) as mcv_status,
             (select string_agg(country, ',' order by country) from mc where n = (select max(n) from mc)) as mcv_country),
ri as (select count(*) filter (where k.customer_id is null) as ri_customer_id
       from (select customer_id from o where customer_id is not null) t
       left join (select distinct customer_id from c where customer_id is not null) k on t.customer_id = k.customer_id),
big as (select count(*) as custom_big from (select customer_id from o group by customer_id having sum(amount) > 80000))${every}
select * from a, u1, u2, u3, m, ri, big${everyColumn ? ', w, wc' : ''}`;
}

// check name -> [floor column, what of Traction's outcome to compare]
export const MIXED_PAIRS: [string, string, 'unexpected' | 'observed'][] = [
  ['row_count', 'row_count', 'observed'],
  ['not_null(customer_id)', 'nn_customer_id', 'unexpected'],
  ['unique(order_id)', 'dup_order_id', 'unexpected'],
  ['unique(customer_id, sku)', 'dup_customer_sku', 'unexpected'],
  ['duplicate_rows(customer_id, created_at)', 'dup_rows_customer_created', 'unexpected'],
  ['accepted_values(status)', 'av_status', 'unexpected'],
  ['range(amount)', 'r_amount', 'unexpected'],
  ['referential_integrity(customer_id -> customers.customer_id)', 'ri_customer_id', 'unexpected'],
  ['delivered before created', 'custom_delivered', 'unexpected'],
  ['customers over 80,000 in orders', 'custom_big', 'unexpected'],
];

/** The Parquet-metadata suite: every number in a Parquet footer. */
export const METADATA_CHECKS: Record<string, unknown>[] = [
  { type: 'row_count', min: 1 },
  { type: 'not_null', column: 'order_id' },
  { type: 'not_null', column: 'email', mostly: 0.95 },
  { type: 'not_null', column: 'discount', mostly: 0.8 },
  { type: 'not_null', column: 'rating', mostly: 0.8 },
  { type: 'aggregate', column: 'order_id', metric: 'min', min: 0 },
  { type: 'aggregate', column: 'quantity', metric: 'max', max: 20 },
  { type: 'aggregate', column: 'created_at', metric: 'min', min: '2020-01-01' },
  { type: 'aggregate', column: 'sku', metric: 'max', max: 'SKU-999999' },
  { type: 'freshness', column: 'created_at', max_age_hours: 24 * 365 * 30 },
];

/** The same numbers by a hand-written scan. */
export const floorMetadataScanSql = (t: string) => `
select count(*) as row_count, count(*) - count(order_id) as nn_order_id, count(*) - count(email) as nn_email,
  count(*) - count(discount) as nn_discount, count(*) - count(rating) as nn_rating, min(order_id) as min_order_id,
  max(quantity) as max_quantity, epoch(min(created_at)) as min_created_at, max(sku) as max_sku, epoch(max(created_at)) as max_created_at
from ${t}`;

export const METADATA_PAIRS: [string, string, 'unexpected' | 'observed'][] = [
  ['row_count', 'row_count', 'observed'],
  ['not_null(order_id)', 'nn_order_id', 'unexpected'],
  ['not_null(email)', 'nn_email', 'unexpected'],
  ['not_null(discount)', 'nn_discount', 'unexpected'],
  ['not_null(rating)', 'nn_rating', 'unexpected'],
  ['aggregate(min of order_id)', 'min_order_id', 'observed'],
  ['aggregate(max of quantity)', 'max_quantity', 'observed'],
];
