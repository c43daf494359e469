// The generator is deterministic, its committed output cannot drift, and the defects it
// plants are in the files at the rates DATA.md documents (measured with DuckDB SQL, the
// way a readiness run would see them, not by asking the generator).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DAY_MS } from './calendar.js';
import { DEFECTS, STALE_TICKETS_DAYS } from './defects.js';
import { parseOptions } from './generate.js';
import { DEFAULTS, generateNorthwind, TABLES } from './northwind.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKSPACE = path.resolve(HERE, '../northwind');
const DATA = path.join(WORKSPACE, 'data');

const tmpDirs: string[] = [];
async function tmp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'northwind-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) out.set(name, await readFile(path.join(dir, name)));
  return out;
}

describe('the generator', () => {
  it('gives byte-identical files for the same seed and different files for another seed', async () => {
    const opts = { rows: 3000, today: '2026-11-15', format: 'csv' as const };
    const [a, b, c] = [await tmp(), await tmp(), await tmp()];
    await generateNorthwind({ ...opts, seed: 7, out: a });
    await generateNorthwind({ ...opts, seed: 7, out: b });
    await generateNorthwind({ ...opts, seed: 8, out: c });
    const [fa, fb, fc] = [await filesOf(a), await filesOf(b), await filesOf(c)];
    expect([...fa.keys()]).toEqual(TABLES.map((t) => `${t.name}.csv`).sort());
    for (const [name, bytes] of fa) {
      expect(bytes.equals(fb.get(name) as Buffer), `${name} differs between two runs with seed 7`).toBe(true);
      expect(bytes.equals(fc.get(name) as Buffer), `${name} is the same for seeds 7 and 8`).toBe(false);
    }
  });

  it('writes Parquet files holding the same rows as the CSV files', async () => {
    const out = await tmp();
    const results = await generateNorthwind({ rows: 800, seed: 1, today: '2026-11-15', format: 'both', out });
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    for (const r of results) {
      const rows = await scalar(con, `SELECT count(*) FROM read_parquet('${path.join(out, `${r.table}.parquet`)}')`);
      expect(rows, r.table).toBe(r.rows);
    }
    const types = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path.join(out, 'erp_orders.parquet')}')`);
    expect(types.getRowObjectsJson().map((c) => `${c.column_name}:${c.column_type}`)).toContain('updated_at:TIMESTAMP');
    con.closeSync();
    db.closeSync();
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => parseOptions(['--rows', 'ten'])).toThrow('--rows: expected an integer >= 1, found "ten"');
    expect(() => parseOptions(['--today', '2026-02-30'])).toThrow('--today: expected a date as YYYY-MM-DD, found "2026-02-30"');
    expect(() => parseOptions(['--format', 'xlsx'])).toThrow('--format: expected csv, parquet or both');
    expect(() => parseOptions(['--only', 'erp_orders,orders'])).toThrow('--only: unknown table orders');
    expect(parseOptions(['--rows', '10_000_000', '--only', 'erp_orders'])).toMatchObject({ rows: 10_000_000, only: ['erp_orders'], seed: DEFAULTS.seed });
  });
});

describe('the committed example data', () => {
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    for (const t of TABLES) {
      const columns = t.columns.map(([n, type]) => `'${n}': '${{ string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', date: 'DATE', timestamp: 'TIMESTAMP', boolean: 'BOOLEAN' }[type]}'`);
      await con.run(`CREATE VIEW ${t.name} AS SELECT * FROM read_csv('${path.join(DATA, `${t.name}.csv`)}', header = true, columns = {${columns.join(', ')}})`);
    }
  });
  afterAll(() => {
    con.closeSync();
    db.closeSync();
  });

  it('is exactly what the generator produces with the defaults', async () => {
    const out = await tmp();
    await generateNorthwind({ ...DEFAULTS, out });
    const [expected, committed] = [await filesOf(out), await filesOf(DATA)];
    expect([...committed.keys()]).toEqual([...expected.keys()]);
    for (const [name, bytes] of expected)
      expect(bytes.equals(committed.get(name) as Buffer), `${name} drifted: run npm run example:data -- --out examples/northwind/data`).toBe(true);
  });

  it('shows every defect of DATA.md at its documented rate, and DATA.md agrees with defects.ts', async () => {
    const documented = await documentedRates();
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(Object.entries(DEFECTS)));
    for (const [id, rate] of documented) {
      const measure = MEASURES[id as keyof typeof DEFECTS];
      const [hits, n] = await measure(con);
      const tolerance = 3 * Math.sqrt((rate * (1 - rate)) / n) + 0.001;
      // The data is fixed, so this is deterministic: three binomial standard errors is tight
      // enough that a rate changed in code or docs alone, without regenerating, fails.
      expect(Math.abs(hits / n - rate), `${id}: ${hits}/${n} = ${(hits / n).toFixed(4)}, documented ${rate}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('has one stale table; every other table ends within the day before "today"', async () => {
    const today = Date.parse(`${DEFAULTS.today}T00:00:00Z`);
    for (const file of (await readdir(path.join(WORKSPACE, 'datasets'))).sort()) {
      const dataset = parse(await readFile(path.join(WORKSPACE, 'datasets', file), 'utf8')) as { id: string; freshness_column: string };
      const newest = Date.parse(`${await scalar(con, `SELECT CAST(max(${dataset.freshness_column}) AS VARCHAR) FROM ${dataset.id}`)}Z`);
      const ageDays = (today - newest) / DAY_MS;
      if (dataset.id === 'support_tickets') {
        expect(ageDays, dataset.id).toBeCloseTo(STALE_TICKETS_DAYS, 0);
      } else {
        expect(ageDays, dataset.id).toBeGreaterThan(0);
        expect(ageDays, dataset.id).toBeLessThan(1);
      }
    }
  });
});

async function scalar(con: DuckDBConnection, sql: string): Promise<string | number> {
  const value = (await con.runAndReadAll(sql)).getRowsJson()[0]?.[0];
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string);
}

/** The `| \`id\` | ... | 3% | ... |` rows of DATA.md's defect table. */
async function documentedRates(): Promise<Map<string, number>> {
  const text = await readFile(path.join(WORKSPACE, 'DATA.md'), 'utf8');
  const rates = new Map<string, number>();
  for (const m of text.matchAll(/^\| `(\w+)` \|[^|]*\|[^|]*\| ([\d.]+)% \|/gm)) rates.set(m[1] as string, Number(m[2]) / 100);
  return rates;
}

/** The custom_sql of a named check in a dataset file, counted as failing rows. */
async function customSqlHits(con: DuckDBConnection, dataset: string, check: string): Promise<number> {
  const def = parse(await readFile(path.join(WORKSPACE, 'datasets', `${dataset}.yaml`), 'utf8')) as { checks: { name?: string; sql?: string }[] };
  const sql = def.checks.find((c) => c.name === check)?.sql;
  if (!sql) throw new Error(`no custom_sql check "${check}" in ${dataset}`);
  // `{dataset}` is how a check names its own dataset (here: the view of that name).
  return Number(await scalar(con, `SELECT count(*) FROM (${sql.replace(/\{dataset\}/g, dataset)})`));
}

type Measure = (con: DuckDBConnection) => Promise<[hits: number, n: number]>;
const share = (table: string, hit: string, where = 'true'): Measure => async (con) => [
  Number(await scalar(con, `SELECT count(*) FILTER (WHERE ${hit}) FROM ${table} WHERE ${where}`)),
  Number(await scalar(con, `SELECT count(*) FROM ${table} WHERE ${where}`)),
];
// ERP debtor 123-DE and CRM account C-000123 are the same company.
const ERP_IN_CRM = `'C-' || lpad(split_part(customer_no, '-', 1), 6, '0') IN (SELECT customer_id FROM crm_customers)`;
const perOrder = (hit: string): Measure => async (con) => [
  Number(await scalar(con, `SELECT count(DISTINCT order_id) FROM erp_orders WHERE ${hit}`)),
  Number(await scalar(con, `SELECT count(DISTINCT order_id) FROM erp_orders`)),
];

const MEASURES: Record<keyof typeof DEFECTS, Measure> = {
  crmDuplicateRecord: async (con) => {
    const dups = await customSqlHits(con, 'crm_customers', 'no duplicate companies by normalised name');
    return [dups, Number(await scalar(con, 'SELECT count(*) FROM crm_customers')) - dups];
  },
  nameSpellingMismatch: async (con) => {
    const rows = (await con.runAndReadAll(
      `SELECT count(*) FILTER (WHERE e.name <> c.company_name), count(*) FROM erp_customers e JOIN crm_customers c ON c.customer_id = 'C-' || lpad(split_part(e.customer_no, '-', 1), 6, '0')`,
    )).getRowsJson()[0] as string[];
    return [Number(rows[0]), Number(rows[1])];
  },
  erpMissingFromCrm: share('erp_customers', `NOT (${ERP_IN_CRM})`),
  crmLinkMissing: share('erp_customers', 'crm_id IS NULL', ERP_IN_CRM),
  crmLinkDangling: share('erp_customers', 'crm_id IS NOT NULL', `NOT (${ERP_IN_CRM})`),
  crmEmailMissing: share('crm_customers', 'email IS NULL'),
  crmPhoneMissing: share('crm_customers', 'phone IS NULL'),
  crmCountryVariant: share('crm_customers', `country NOT IN ('DE', 'NL', 'AT')`),
  erpCountryVariant: share('erp_customers', `country_code NOT IN ('DE', 'NL', 'AT')`),
  erpVatMissing: share('erp_customers', 'vat_id IS NULL'),
  orderNegativeAmount: share('erp_orders', 'quantity < 0 AND line_total < 0'),
  orderAbsurdAmount: share('erp_orders', 'abs(line_total - 1000 * round(quantity * unit_price * (100 - discount_pct) / 100, 2)) < 1 AND line_total <> 0'),
  orderUnknownCustomer: perOrder('customer_no NOT IN (SELECT customer_no FROM erp_customers)'),
  orderUnknownSku: share('erp_orders', 'sku NOT IN (SELECT sku FROM product_catalogue)'),
  orderPostcodeMissing: perOrder('delivery_postcode IS NULL'),
  ticketCustomerMissing: share('support_tickets', 'customer_id IS NULL'),
  ticketClosedBeforeCreated: share('support_tickets', 'closed_at < created_at', 'closed_at IS NOT NULL'),
  productDescriptionMissing: share('product_catalogue', 'description IS NULL'),
  productEanInvalid: async (con) => [await customSqlHits(con, 'product_catalogue', 'EAN check digit valid'), Number(await scalar(con, 'SELECT count(*) FROM product_catalogue'))],
  productCostAboveList: share('product_catalogue', 'cost_price > list_price'),
  productWeightMissing: share('product_catalogue', 'weight_kg IS NULL'),
  webDuplicateRow: async (con) => {
    const [rows, distinct] = [Number(await scalar(con, 'SELECT count(*) FROM web_events')), Number(await scalar(con, 'SELECT count(*) FROM (SELECT DISTINCT * FROM web_events)'))];
    return [rows - distinct, distinct];
  },
  invoiceDateDayMonthYear: share('invoices', `regexp_full_match(invoice_date, '\\d{2}/\\d{2}/\\d{4}')`),
  invoiceDateLongForm: share('invoices', `regexp_full_match(invoice_date, '\\d{1,2} [A-Z][a-z]{2} \\d{4}')`),
  invoiceDuplicate: async (con) => [
    Number(await scalar(con, 'SELECT count(*) - count(DISTINCT (supplier_id, invoice_number)) FROM invoices')),
    Number(await scalar(con, 'SELECT count(*) FROM invoices')),
  ],
  invoiceGrossMismatch: async (con) => [await customSqlHits(con, 'invoices', 'gross = net + VAT'), Number(await scalar(con, 'SELECT count(*) FROM invoices'))],
  invoicePoMissing: share('invoices', 'po_number IS NULL'),
  equipmentSentinel: share('equipment_readings', 'temperature_c = -999'),
};
