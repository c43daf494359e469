// Files (CSV, Parquet, JSON/NDJSON, globs) through embedded DuckDB. Every dataset becomes a
// view named after it in one in-memory database, so checks across file datasets (even of
// different sources) join in SQL. User SQL runs only if DuckDB parses it as one SELECT.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import type { Dataset } from '../../../domain/dataset.js';
import type { ColumnInfo, Row } from '../../check-evaluation.js';
import { plainRow, SourceError, withTimeout, type SourceConnection } from '../../source-connection.js';
import { canonicalType } from './column-types.js';
import { duckdbDialect } from './dialect.js';

export interface DuckdbOptions {
  sourceId: string;
  /** Absolute folder the dataset paths are relative to. */
  root: string;
  timeoutMs?: number;
}

/**
 * One in-memory DuckDB database shared by every files source of a run. With a memory limit
 * (e.g. '1GB') DuckDB spills large group-bys, sorts and copies to a temporary folder instead of
 * growing: the footprint stays predictable on a laptop, at some speed on very large files.
 */
export async function createDuckdbInstance(memoryLimit?: string): Promise<DuckDBInstance> {
  if (memoryLimit === undefined) return DuckDBInstance.create(':memory:');
  return DuckDBInstance.create(':memory:', { memory_limit: memoryLimit, temp_directory: path.join(tmpdir(), 'traction-duckdb') });
}

export const COPY_DIR = path.join(tmpdir(), 'traction-duckdb');

const READERS: Record<string, string> = {
  csv: 'read_csv',
  parquet: 'read_parquet',
  json: 'read_json_auto',
  ndjson: 'read_ndjson_auto',
};

export function formatOf(dataset: Dataset): string {
  if (dataset.format) return dataset.format;
  const ext = path.extname(dataset.path ?? '').toLowerCase().replace(/^\./, '');
  if (ext === 'jsonl') return 'ndjson';
  if (ext === 'gz') return formatOf({ ...dataset, path: (dataset.path ?? '').slice(0, -3) });
  if (!(ext in READERS)) throw new SourceError(`dataset ${dataset.id}: cannot tell the format of "${dataset.path}"; set format: csv|parquet|json|ndjson`);
  return ext;
}

export function openDuckdbConnection(instance: DuckDBInstance, options: DuckdbOptions): SourceConnection {
  const d = duckdbDialect;
  const run = async <T>(sql: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const c = await instance.connect();
    try {
      return await withTimeout(fn(c), options.timeoutMs, `source ${options.sourceId}: query`, () => c.interrupt());
    } finally {
      c.closeSync();
    }
  };
  const query = (sql: string) => run(sql, async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS().map(plainRow));
  // Columns the dataset declares as `type: string` are read as text: the sniffer would make
  // a code of digits (EAN, postcode, phone) a number and drop its leading zeros.
  const textColumns = async (dataset: Dataset, args: string): Promise<string> => {
    const declared = Object.entries(dataset.columns ?? {}).filter(([, c]) => c.type === 'string').map(([name]) => name);
    if (declared.length === 0) return '';
    const present = new Set((await query(`describe select * from read_csv(${args})`).catch(() => [])).map((r) => String(r.column_name)));
    const text = declared.filter((name) => present.has(name));
    return text.length ? `, types = {${text.map((name) => `${d.string(name)}: 'VARCHAR'`).join(', ')}}` : '';
  };
  // Views over files that DuckDB parses again on every scan (all but Parquet).
  const parsedOnEveryScan = new Set<string>();
  let copies = 0;
  // One view per dataset and connection, created once: a dataset read by its own checks and
  // by another dataset's referential-integrity check at the same time would otherwise run
  // two `create or replace view` of one name concurrently, which DuckDB rejects as a
  // catalog write-write conflict.
  const views = new Map<string, Promise<string>>();
  const createView = async (dataset: Dataset): Promise<string> => {
    // A table or query over what the database already holds (e.g. tables loaded by tests).
    if (dataset.table !== undefined) return d.qualified(dataset.table);
    if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
    if (dataset.path === undefined) throw new SourceError(`dataset ${dataset.id}: needs a path`);
    const full = path.resolve(options.root, dataset.path);
    if (!/[*?[]/.test(dataset.path) && !existsSync(full)) throw new SourceError(`dataset ${dataset.id}: file not found: ${full}`);
    const format = formatOf(dataset);
    // With a free sniffer DuckDB may pick a "dialect" that silently drops ragged rows;
    // a header and a comma pinned down make a ragged file an error instead.
    let args = format === 'csv' ? `${d.string(full)}, header = true, delim = ',', skip = 0` : d.string(full);
    if (format === 'csv') args += await textColumns(dataset, args);
    const view = d.quote(`ds_${dataset.id}`);
    try {
      await query(`create or replace view ${view} as select * from ${READERS[format] as string}(${args})`);
      if (format === 'parquet') parsedOnEveryScan.delete(view);
      else parsedOnEveryScan.add(view);
    } catch (e) {
      const first = (e as Error).message.split('\n')[0];
      const hint = format === 'csv' && /sniff|columns/i.test((e as Error).message) ? ' (rows with a different number of fields than the header?)' : '';
      throw new SourceError(`dataset ${dataset.id}: cannot read ${full}: ${first}${hint}`);
    }
    return view;
  };
  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: 'duckdb',
    queryConcurrency: 1,
    relation(dataset) {
      // Keyed by what the view reads, so a redefined dataset gets its view anew.
      const key = JSON.stringify([dataset.id, dataset.table, dataset.query, dataset.path, dataset.format, dataset.columns]);
      let view = views.get(key);
      if (!view) {
        view = createView(dataset);
        views.set(key, view);
      }
      return view;
    },
    query,
    async *stream(sql) {
      const c = await instance.connect();
      try {
        const result = await c.stream(sql);
        for await (const rows of result.yieldRowObjectJs()) for (const row of rows) yield plainRow(row);
      } finally {
        c.closeSync();
      }
    },
    queryReadOnly: (sql) =>
      run(sql, async (c) => {
        // DuckDB has no read-only transaction over an in-memory database; instead refuse
        // anything that is not exactly one SELECT statement before running it. A relative file
        // name in user SQL (a KPI measure's 'tickets.csv') is read from the source's root.
        await c.run(`set session file_search_path = ${d.string(options.root)}`);
        const extracted = await c.extractStatements(sql);
        if (extracted.count !== 1) throw new SourceError(`custom SQL must be one statement, found ${extracted.count}`);
        const prepared = await extracted.prepare(0);
        if (prepared.statementType !== StatementType.SELECT) throw new SourceError('custom SQL must be a SELECT');
        return (await prepared.runAndReadAll()).getRowObjectsJS().map(plainRow);
      }),
    async columns(relation): Promise<ColumnInfo[]> {
      const rows = await query(`describe select * from ${relation}`);
      return rows.map((r) => ({ name: String(r.column_name), nativeType: String(r.column_type), type: canonicalType(String(r.column_type)) }));
    },
    async forManyScans(relation) {
      if (!parsedOnEveryScan.has(relation)) return { relation, release: async () => undefined };
      // An uncompressed Parquet copy in the temporary folder: written once (about 4 parses'
      // worth of work; compressing it measured 15% more CPU, for a short-lived local file),
      // then each scan reads only the columns it needs, and memory stays bounded (a table
      // copy in the in-memory database is not spilled; measured 2.2 GB for 10M rows).
      mkdirSync(COPY_DIR, { recursive: true });
      const file = path.join(COPY_DIR, `copy-${process.pid}-${++copies}.parquet`);
      await query(`copy (select * from ${relation}) to ${d.string(file)} (format parquet, compression 'uncompressed')`);
      return { relation: `read_parquet(${d.string(file)})`, release: async () => rmSync(file, { force: true }) };
    },
    close: async () => undefined,
  };
}

export type { Row };
