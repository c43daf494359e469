// Generates the Northwind example data: every table as CSV (and Parquet on request),
// deterministic for (rows, seed, today). Used by generate.ts (the CLI) and the tests.
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CsvWriter } from './csv-writer.js';
import { csvToParquet } from './parquet.js';
import type { Table } from './table.js';
import { crmCustomers } from './tables/crm-customers.js';
import { equipmentReadings } from './tables/equipment-readings.js';
import { erpCustomers } from './tables/erp-customers.js';
import { erpOrders } from './tables/erp-orders.js';
import { invoices } from './tables/invoices.js';
import { productCatalogue } from './tables/product-catalogue.js';
import { supportTickets } from './tables/support-tickets.js';
import { webEvents } from './tables/web-events.js';
import { World } from './world.js';

export const TABLES: readonly Table[] = [crmCustomers, erpCustomers, erpOrders, supportTickets, productCatalogue, webEvents, invoices, equipmentReadings];

export type OutputFormat = 'csv' | 'parquet' | 'both';

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** "Today" as YYYY-MM-DD; the fresh tables end within the day before it. */
  today: string;
  out: string;
  format: OutputFormat;
  /** Only these tables (default: all). */
  only?: readonly string[];
}

/** The defaults: the data committed in examples/northwind/data is exactly this. */
export const DEFAULTS = { rows: 20_000, seed: 42, today: '2026-11-15', format: 'csv' as OutputFormat };

export interface TableResult {
  table: string;
  rows: number;
  bytes: number;
  seconds: number;
}

export async function generateNorthwind(options: GenerateOptions, progress: (r: TableResult) => void = () => {}): Promise<TableResult[]> {
  const todayMs = Date.parse(`${options.today}T00:00:00Z`);
  const world = new World(options.seed, todayMs, options.rows);
  const tables = TABLES.filter((t) => !options.only || options.only.includes(t.name));
  await mkdir(options.out, { recursive: true });
  const results: TableResult[] = [];
  for (const table of tables) {
    const started = performance.now();
    const csv = path.join(options.out, `${table.name}.csv`);
    const writer = CsvWriter.open(csv, table.columns.map(([name]) => name));
    for (const line of table.rows(world)) {
      writer.line(line);
      if (writer.full) await writer.drain();
    }
    await writer.close();
    const result = { table: table.name, rows: writer.rows, bytes: (await stat(csv)).size, seconds: (performance.now() - started) / 1000 };
    results.push(result);
    progress(result);
  }
  if (options.format !== 'csv') {
    const files = tables.map((table) => ({ table, csv: path.join(options.out, `${table.name}.csv`), parquet: path.join(options.out, `${table.name}.parquet`) }));
    await csvToParquet(files);
    if (options.format === 'parquet') for (const f of files) await rm(f.csv);
  }
  return results;
}
