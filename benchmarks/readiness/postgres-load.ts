// Loads a generated CSV into PostgreSQL (loopback only) with COPY, once: the table is kept
// between runs and reloaded only when its row count differs.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

export const PG_SCHEMA = 'traction_bench';

const COLUMNS = `order_id bigint, customer_id bigint, email text, country text, status text, amount double precision,
  quantity integer, discount double precision, created_at timestamp, shipped_at timestamp, order_date text, sku text,
  category text, unit_price double precision, cost double precision, channel text, phone text, rating integer,
  is_gift boolean, notes text`;

export async function loadPostgres(url: string, csv: string, rows: number, log: (line: string) => void): Promise<string> {
  const table = `${PG_SCHEMA}.orders_${rows}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${PG_SCHEMA}`);
    const exists = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = $2`, [PG_SCHEMA, `orders_${rows}`]);
    if (exists.rows[0].n === 1 && Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n) === rows) return table;
    const started = Date.now();
    await client.query(`drop table if exists ${table}; create table ${table} (${COLUMNS})`);
    // psql's \copy streams the client's file through COPY FROM STDIN (no server file access needed).
    const copy = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${table} from '${csv}' with (format csv, header true)`], { encoding: 'utf8' });
    if (copy.status !== 0) throw new Error(`COPY into ${table} failed: ${copy.stderr}`);
    await client.query(`analyze ${table}`);
    log(`loaded ${rows.toLocaleString('en')} rows into PostgreSQL ${table} with COPY in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return table;
  } finally {
    await client.end();
  }
}
