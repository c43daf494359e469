// Files (CSV, Parquet, JSON/NDJSON, globs) through embedded DuckDB. Every dataset becomes a
// view named after it in one in-memory database, so checks across file datasets (even of
// different sources) join in SQL. Every query of a connection carries user text (a dataset
// `query:`, a check's `where:`, custom SQL), so every one goes through guard.ts (one SELECT,
// nothing that reaches outside); only our own set-up statements take the private `setup` path.
// The instance itself may read only the files sources' roots and this process's temporary
// folder, installs and loads no extension, and its configuration is locked.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, DuckDBListType, DuckDBTypeId, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { Dataset } from '../../../domain/dataset.js';
import type { ColumnInfo, Row } from '../../check-evaluation.js';
import { plainRow, SourceError, utcDateToCalendar, withTimeout, type SourceConnection } from '../../source-connection.js';
import { processTempDir } from '../../temp-files.js';
import { canonicalType } from './column-types.js';
import { duckdbDialect } from './dialect.js';
import { guardDuckdbSql, outsideRoot, realFolder } from './guard.js';

export interface DuckdbOptions {
  sourceId: string;
  /** Absolute folder the dataset paths are relative to. */
  root: string;
  timeoutMs?: number;
}

export interface DuckdbInstanceOptions {
  /** Folders the instance may read: the roots of every files source of the run. */
  roots?: string[];
  /**
   * DuckDB's memory limit (e.g. '1GB'): beyond it DuckDB spills large group-bys, sorts and
   * copies to this process's temporary folder instead of growing, so the footprint stays
   * predictable on a laptop, at some speed on very large files.
   */
  memoryLimit?: string;
}

/**
 * One in-memory DuckDB database shared by every files source of a run. The settings are
 * fixed here, before any user text can reach the instance, and then locked: external access
 * only to the given roots and our temporary folder (DuckDB resolves `..` and symlinks against
 * them), no extension auto-install/auto-load (a SELECT of an http path would download httpfs),
 * no community extensions.
 */
export async function createDuckdbInstance(options: DuckdbInstanceOptions = {}): Promise<DuckDBInstance> {
  const temp = processTempDir();
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    temp_directory: path.join(temp, 'spill'),
    ...(options.memoryLimit === undefined ? {} : { memory_limit: options.memoryLimit }),
  });
  // allowed_directories cannot be given at creation by this client (a list value); it is set
  // on the first connection, before enable_external_access is turned off and the lock is set.
  // (A relative file name in user SQL, a KPI measure's 'tickets.csv', is made absolute in the
  // querying source's root by the guard: DuckDB checks names before any file_search_path.)
  const dirs = [...(options.roots ?? []).map(realFolder), temp].map((dir) => duckdbDialect.string(dir.endsWith(path.sep) ? dir : dir + path.sep));
  const c = await instance.connect();
  try {
    await c.run(`set allowed_directories = [${dirs.join(', ')}]`);
    await c.run('set enable_external_access = false');
    await c.run('set lock_configuration = true');
  } finally {
    c.closeSync();
  }
  return instance;
}

/** The absolute path of a dataset's file (or glob); refused when it leaves the source's root. */
export function pathInsideRoot(root: string, dataset: Dataset): string {
  const problem = outsideRoot(root, dataset.path ?? '');
  if (problem !== undefined) throw new SourceError(`dataset ${dataset.id}: path ${problem}; a files source reads only inside its root`);
  return path.resolve(realFolder(root), dataset.path ?? '');
}

const READERS: Record<string, string> = {
  csv: 'read_csv',
  parquet: 'read_parquet',
  json: 'read_json_auto',
  ndjson: 'read_ndjson_auto',
};

/** DuckDB types of the column types a dataset may declare (`columns: {x: {type: ...}}`). */
const DECLARED_SQL_TYPES: Record<string, string> = { string: 'varchar', integer: 'bigint', number: 'double', boolean: 'boolean', date: 'date', timestamp: 'timestamp' };

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
  const withConnection = async <T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const c = await instance.connect();
    try {
      return await withTimeout(fn(c), options.timeoutMs, `source ${options.sourceId}: query`, () => c.interrupt());
    } finally {
      c.closeSync();
    }
  };
  // Every query that may carry user text: guarded, and the guarded prepared statement runs.
  const query = (sql: string) =>
    withConnection(async (c) => {
      const reader = await (await guardDuckdbSql(c, sql, options)).runAndReadAll();
      const toRow = calendarRows(reader.columnNames(), reader.columnTypes());
      return reader.getRowObjectsJS().map(toRow);
    });
  // Our own set-up statements only (views over files, the profile's copy): every value in
  // them is a path or name we resolved and quoted with d.string/d.quote ourselves, never user
  // text, and the instance still confines them to the allowed folders. Not reachable from
  // the SourceConnection interface.
  const setup = (sql: string) => withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS().map(plainRow));
  // Columns the dataset declares as `type: string` are read as text: the sniffer would make
  // a code of digits (EAN, postcode, phone) a number and drop its leading zeros.
  const textColumns = async (dataset: Dataset, args: string): Promise<string> => {
    const declared = Object.entries(dataset.columns ?? {}).filter(([, c]) => c.type === 'string').map(([name]) => name);
    if (declared.length === 0) return '';
    const present = new Set((await setup(`describe select * from read_csv(${args})`).catch(() => [])).map((r) => String(r.column_name)));
    const text = declared.filter((name) => present.has(name));
    return text.length ? `, types = {${text.map((name) => `${d.string(name)}: 'VARCHAR'`).join(', ')}}` : '';
  };
  // JSON and NDJSON: a column whose values mix types (text and numbers) is typed JSON by the
  // reader, and its text values would be compared quoted ('"Avatar"'); it is read as the text
  // of each value instead (1776 -> '1776', "Avatar" -> 'Avatar'), as pandas and the SQL
  // engines hold it. A type declared in the dataset's `columns:` is applied to any column.
  const jsonSelect = async (dataset: Dataset, reader: string): Promise<string> => {
    const described = await setup(`describe select * from ${reader}`);
    const declared = dataset.columns ?? {};
    const replace: string[] = [];
    for (const row of described) {
      const name = String(row.column_name);
      const q = d.quote(name);
      const text = String(row.column_type) === 'JSON' ? `(${q} ->> '$')` : `cast(${q} as varchar)`;
      const want = DECLARED_SQL_TYPES[declared[name]?.type ?? ''];
      if (want === 'varchar') replace.push(`${text} as ${q}`);
      else if (want !== undefined) replace.push(`cast(${String(row.column_type) === 'JSON' ? text : q} as ${want}) as ${q}`);
      else if (String(row.column_type) === 'JSON') replace.push(`${text} as ${q}`);
    }
    return replace.length ? `* replace (${replace.join(', ')})` : '*';
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
    // A table or query over what the database already holds (e.g. tables loaded by tests);
    // a query is user text and is guarded with every query that embeds it.
    if (dataset.table !== undefined) return d.qualified(dataset.table);
    if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
    if (dataset.path === undefined) throw new SourceError(`dataset ${dataset.id}: needs a path`);
    const full = pathInsideRoot(options.root, dataset);
    if (!/[*?[]/.test(dataset.path) && !existsSync(full)) throw new SourceError(`dataset ${dataset.id}: file not found: ${full}`);
    const format = formatOf(dataset);
    // With a free sniffer DuckDB may pick a "dialect" that silently drops ragged rows;
    // a header and a comma pinned down make a ragged file an error instead.
    let args = format === 'csv' ? `${d.string(full)}, header = true, delim = ',', skip = 0` : d.string(full);
    if (format === 'csv') args += await textColumns(dataset, args);
    const view = d.quote(`ds_${dataset.id}`);
    try {
      const reader = `${READERS[format] as string}(${args})`;
      const select = format === 'json' || format === 'ndjson' ? await jsonSelect(dataset, reader) : '*';
      await setup(`create or replace view ${view} as select ${select} from ${reader}`);
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
        const result = await (await guardDuckdbSql(c, sql, options)).stream();
        const toRow = calendarRows(result.columnNames(), result.columnTypes());
        for await (const rows of result.yieldRowObjectJs()) for (const row of rows) yield toRow(row);
      } finally {
        c.closeSync();
      }
    },
    // DuckDB has no read-only transaction over an in-memory database; the guard is what
    // keeps custom SQL to one SELECT (the same guard as every other query here).
    queryReadOnly: query,
    async columns(relation): Promise<ColumnInfo[]> {
      const rows = await query(`describe select * from ${relation}`);
      return rows.map((r) => ({ name: String(r.column_name), nativeType: String(r.column_type), type: canonicalType(String(r.column_type)) }));
    },
    async forManyScans(relation) {
      // Only our own views are copied, so `relation` below is a name we quoted ourselves.
      if (!parsedOnEveryScan.has(relation)) return { relation, release: async () => undefined };
      // An uncompressed Parquet copy in this process's temporary folder: written once (about
      // 4 parses' worth of work; compressing it measured 15% more CPU, for a short-lived local
      // file), then each scan reads only the columns it needs, and memory stays bounded (a
      // table copy in the in-memory database is not spilled; measured 2.2 GB for 10M rows).
      // Scans read it through a view, so the guarded queries name no file.
      const n = ++copies;
      const file = path.join(processTempDir(), `copy-${n}.parquet`);
      const view = d.quote(`traction_copy_${n}`);
      const release = async () => {
        await setup(`drop view if exists ${view}`).catch(() => undefined);
        rmSync(file, { force: true });
      };
      try {
        await setup(`copy (select * from ${relation}) to ${d.string(file)} (format parquet, compression 'uncompressed')`);
        await setup(`create or replace view ${view} as select * from read_parquet(${d.string(file)})`);
      } catch (e) {
        await release();
        throw e;
      }
      return { relation: view, release };
    },
    close: async () => undefined,
  };
}

/**
 * Plain rows whose DATE and TIMESTAMP (without time zone) values are calendar text, as the
 * other engines give them: the client hands them over as JS Dates at UTC, which would print
 * as instants ('2001-09-10T00:00:00.000Z') and compare as such. Lists of them too.
 */
function calendarRows(names: string[], types: DuckDBType[]): (row: Record<string, unknown>) => Row {
  const kind = (t: DuckDBType): 'date' | 'timestamp' | undefined =>
    t.typeId === DuckDBTypeId.DATE ? 'date' : [DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS].includes(t.typeId) ? 'timestamp' : undefined;
  const convert = new Map<string, (v: unknown) => unknown>();
  names.forEach((name, i) => {
    const t = types[i] as DuckDBType;
    const direct = kind(t);
    const inner = t instanceof DuckDBListType ? kind(t.valueType) : undefined;
    const one = (k: 'date' | 'timestamp') => (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? utcDateToCalendar(v, k === 'date') : v);
    if (direct) convert.set(name, one(direct));
    else if (inner) convert.set(name, (v) => (Array.isArray(v) ? v.map(one(inner)) : v));
  });
  return (row) => {
    const out = plainRow(row);
    for (const [name, fn] of convert) if (name in row) out[name] = fn(row[name]);
    return out;
  };
}

export type { Row };
