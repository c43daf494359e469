// Generates the readiness benchmark data with DuckDB itself (fast, deterministic): N rows x 20
// mixed columns (integers, doubles, text, timestamps, a boolean, nulls, a few planted defects so
// the checks have something to count), written as Parquet and CSV into benchmarks/data/, and
// the customers the orders refer to (every 50th missing) for the mixed suite.
// Values come from hash(row, salt), not random(), so every run produces the same files.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CUSTOMERS_SQL } from './mixed-suite.js';

export const DATA_DIR = path.resolve(import.meta.dirname, '../data');

/** Uniform integer in [0, m) for row i and a salt. */
const h = (salt: number, m: number) => `(hash(i * 31 + ${salt}) % ${m})::bigint`;

export const GENERATE_SQL = (rows: number) => `
select
  i as order_id,
  1 + ${h(1, Math.max(rows / 10, 1))} as customer_id,
  case when ${h(2, 100)} < 3 then null when ${h(2, 100)} = 3 then 'user' || i || '@example' else 'user' || i || '@example.com' end as email,
  (['DE','FR','NL','BE','AT','CH','IT','ES','PL','XX'])[1 + ${h(3, 10)}] as country,
  (['pending','shipped','delivered','cancelled','returned'])[1 + ${h(4, 5)}] as status,
  round(${h(5, 1000000)} / 100.0 - 5, 2) as amount,
  (1 + ${h(6, 20)})::integer as quantity,
  case when ${h(7, 10)} = 0 then null else ${h(8, 50)} / 100.0 end as discount,
  timestamp '2024-01-01' + to_seconds(${h(9, 60 * 60 * 24 * 365)}) as created_at,
  case when ${h(10, 10)} = 0 then null else timestamp '2024-01-01' + to_seconds(${h(9, 60 * 60 * 24 * 365)} + ${h(11, 600000)} - 6000) end as shipped_at,
  case when ${h(12, 50)} = 0 then strftime(timestamp '2024-01-01' + to_days(${h(13, 365)}::integer), '%d/%m/%Y')
       else strftime(timestamp '2024-01-01' + to_days(${h(13, 365)}::integer), '%Y-%m-%d') end as order_date,
  'SKU-' || lpad((${h(14, 50000)})::varchar, 6, '0') as sku,
  (['books','toys','garden','food','tools','music','sports'])[1 + ${h(15, 7)}] as category,
  round(1 + ${h(16, 100000)} / 100.0, 2) as unit_price,
  round(1 + ${h(17, 80000)} / 100.0, 2) as cost,
  (['web','store','phone','partner'])[1 + ${h(18, 4)}] as channel,
  '+49 ' || lpad((${h(19, 100000000)})::varchar, 9, '0') as phone,
  case when ${h(20, 8)} = 0 then null else (1 + ${h(21, 5)})::integer end as rating,
  ${h(22, 7)} = 0 as is_gift,
  case when ${h(23, 4)} = 0 then null else 'note ' || ${h(24, 1000)} end as notes
from range(${rows}) t(i)`;

export function dataFiles(rows: number): { parquet: string; csv: string; customersCsv: string } {
  const base = path.join(DATA_DIR, `orders-${rows}`);
  return { parquet: `${base}.parquet`, csv: `${base}.csv`, customersCsv: path.join(DATA_DIR, `customers-${rows}.csv`) };
}

/** Writes the Parquet and CSV files for `rows` unless they are already there. */
export async function generate(rows: number, log: (line: string) => void): Promise<{ parquet: string; csv: string; customersCsv: string }> {
  const files = dataFiles(rows);
  if (existsSync(files.parquet) && existsSync(files.csv) && existsSync(files.customersCsv)) return files;
  mkdirSync(DATA_DIR, { recursive: true });
  const started = Date.now();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  if (!existsSync(files.parquet) || !existsSync(files.csv)) {
    await c.run(`copy (${GENERATE_SQL(rows)}) to '${files.parquet}' (format parquet)`);
    await c.run(`copy (select * from read_parquet('${files.parquet}') order by order_id) to '${files.csv}' (format csv, header true)`);
  }
  await c.run(`copy (${CUSTOMERS_SQL(rows)}) to '${files.customersCsv}' (format csv, header true)`);
  c.closeSync();
  db.closeSync();
  log(`generated ${rows.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ${files.parquet}, ${files.csv}`);
  return files;
}
