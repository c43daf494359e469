// Files (CSV/TSV, Parquet, JSON/NDJSON, globs) through embedded DuckDB. Every dataset becomes
// a table (a text file, parsed once per run) or a view (Parquet) named after it in one
// in-memory database, so checks across file datasets (even of different sources) join in SQL. Every query of a connection carries user text (a dataset
// `query:`, a check's `where:`, custom SQL), so every one goes through guard.ts (one SELECT,
// nothing that reaches outside); only our own set-up statements take the private `setup` path.
// The instance itself may read only the files sources' roots and this process's temporary
// folder, installs and loads no extension, and its configuration is locked.
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, DuckDBListType, DuckDBStructType, DuckDBTypeId, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { Dataset } from '../../../domain/dataset.js';
import { mergeCsvOptions, type CsvOptions } from '../../../domain/file-options.js';
import type { ColumnInfo, Row } from '../../check-evaluation.js';
import { plainRow, SourceError, utcDateToCalendar, withTimeout, type PreparedRelation, type SourceConnection } from '../../source-connection.js';
import { footerColumns, readParquetFooter, type ParquetFooter } from '../../parquet-footer.js';
import { footerStatistics } from '../../parquet-footer-statistics.js';
import { fileStatisticsOf, parquetStatisticsSql } from '../../parquet-metadata.js';
import { processTempDir } from '../../temp-files.js';
import { canonicalType } from './column-types.js';
import { duckdbDialect } from './dialect.js';
import { conversionFailure, csvArgs, DECLARED_TYPES, describeReadError, firstRaggedLine, transcodeToUtf8 } from './file-reader.js';
import { guardDuckdbSql, outsideRoot, realFolder } from './guard.js';

/**
 * The read buffer of a CSV load, stated rather than left to DuckDB's default: with it the
 * parallel, order-keeping load of a 1M-row x 20-column file costs about 1.5 s of CPU instead of
 * 1.9-2.1 s (benchmarks/readiness, the mixed suite), the rows still in the file's order.
 */
const CSV_LOAD_BUFFER_BYTES = 32 * 1024 * 1024;

/** A CSV's queries are composed into one statement only when the file is at most this share of DuckDB's memory limit. */
const COMPOSE_FILE_SHARE_OF_MEMORY = 4;

/** DuckDB's memory setting as it prints it ('953.6 MiB', '1.0 GiB', '512 bytes') in bytes; 0 when unreadable. */
export function settingBytes(text: string): number {
  const m = /^([\d.]+)\s*(bytes|[KMGT]i?B)$/i.exec(text.trim());
  if (!m) return 0;
  const unit = (m[2] as string).toUpperCase();
  const power = { BYTES: 0, KB: 1, KIB: 1, MB: 2, MIB: 2, GB: 3, GIB: 3, TB: 4, TIB: 4 }[unit] ?? 0;
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** power;
}

export interface DuckdbOptions {
  sourceId: string;
  /** Absolute folder the dataset paths are relative to. */
  root: string;
  timeoutMs?: number;
  /** The files source's CSV options, the default of its datasets'. */
  csv?: CsvOptions;
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

export function formatOf(dataset: Dataset): string {
  if (dataset.format) return dataset.format;
  const ext = path.extname(dataset.path ?? '').toLowerCase().replace(/^\./, '');
  if (ext === 'jsonl') return 'ndjson';
  if (ext === 'tsv' || ext === 'tab') return 'csv';
  if (ext === 'gz') return formatOf({ ...dataset, path: (dataset.path ?? '').slice(0, -3) });
  if (!(ext in READERS)) throw new SourceError(`dataset ${dataset.id}: cannot tell the format of "${dataset.path}"; set format: csv|parquet|json|ndjson`);
  return ext;
}

/** A CSV dataset's reading options: its own over its source's; a .tsv file is tab-separated. */
export function csvOptionsOf(dataset: Dataset, sourceOptions: CsvOptions | undefined): CsvOptions {
  const tsv = /\.(tsv|tab)(\.gz)?$/i.test(dataset.path ?? '') ? { delimiter: '\t' } : {};
  return mergeCsvOptions({ ...sourceOptions, ...tsv }, dataset.csv);
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
  // Our own set-up statements only (tables and views over files): every value in
  // them is a path or name we resolved and quoted with d.string/d.quote ourselves, never user
  // text, and the instance still confines them to the allowed folders. Not reachable from
  // the SourceConnection interface.
  const setup = (sql: string) => withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS().map(plainRow));
  // A CSV/TSV or JSON file is parsed once per run: read into a table of the run's in-memory
  // database, which every check, group-by, referential-integrity join, custom SQL and profile
  // query of the run then scans (DuckDB keeps it compressed and, past its memory limit,
  // spills it to this process's temporary folder). A Parquet file is scanned in place: it is
  // columnar, each query reads only its columns, and its own statistics answer some checks.
  // One relation per dataset and connection, created once: a dataset read by its own checks
  // and by another dataset's referential-integrity check at the same time would otherwise
  // create one name twice concurrently, which DuckDB rejects as a write-write conflict.
  const relations = new Map<string, Promise<string>>();
  // Keyed by what it reads, so a redefined dataset is read anew.
  const relationKey = (dataset: Dataset) => JSON.stringify([dataset.id, dataset.table, dataset.query, dataset.path, dataset.format, dataset.columns, dataset.csv]);
  // A Parquet file's decoded footer, once per connection (a run, as a CSV's table is): its
  // columns and its statistics both come from it.
  const footers = new Map<string, ParquetFooter>();
  const footerOf = (file: string): ParquetFooter => {
    let footer = footers.get(file);
    if (!footer) {
      footer = readParquetFooter(file);
      footers.set(file, footer);
    }
    return footer;
  };
  // A dataset's path, checked to be inside the root and resolved, once per connection (a run):
  // `prepare`, `relation` and `fileStatistics` each need it (each check resolves symbolic links).
  const insideRoot = new Map<string, string>();
  const fileOf = (dataset: Dataset): string => {
    let full = insideRoot.get(dataset.path ?? '');
    if (full === undefined) {
      full = pathInsideRoot(options.root, dataset);
      insideRoot.set(dataset.path ?? '', full);
    }
    return full;
  };
  /** The quoted names of the views and tables created over files (no user text in them). */
  const createdNames = new Set<string>();
  let transcoded = 0;
  const createRelation = async (dataset: Dataset): Promise<string> => {
    // A table or query over what the database already holds (e.g. tables loaded by tests);
    // a query is user text and is guarded with every query that embeds it.
    if (dataset.table !== undefined) return d.qualified(dataset.table);
    if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
    if (dataset.path === undefined) throw new SourceError(`dataset ${dataset.id}: needs a path`);
    const full = fileOf(dataset);
    const glob = /[*?[]/.test(dataset.path);
    if (!glob && !existsSync(full)) throw new SourceError(`dataset ${dataset.id}: file not found: ${full}`);
    const format = formatOf(dataset);
    const name = d.quote(`ds_${dataset.id}`);
    createdNames.add(name);
    if (format === 'parquet') {
      await setup(`create or replace view ${name} as select * from read_parquet(${d.string(full)})`).catch((e: Error) => {
        throw new SourceError(`dataset ${dataset.id}: cannot read ${full}: ${describeReadError(e.message)}`);
      });
      return name;
    }
    if (format !== 'csv') {
      const reader = `${READERS[format] as string}(${d.string(full)})`;
      await jsonSelect(dataset, reader).then((select) => setup(`create or replace table ${name} as select ${select} from ${reader}`)).catch((e: Error) => {
        throw new SourceError(`dataset ${dataset.id}: cannot read ${full}: ${describeReadError(e.message)}`);
      });
      return name;
    }
    const csv = csvOptionsOf(dataset, options.csv);
    let file = full;
    if (csv.encoding !== undefined && csv.encoding !== 'utf-8') {
      if (glob) throw new SourceError(`dataset ${dataset.id}: encoding ${csv.encoding} needs one file, not the pattern "${dataset.path}"`);
      try {
        file = await transcodeToUtf8(full, csv.encoding, processTempDir(), `transcoded-${++transcoded}`);
      } catch (e) {
        throw new SourceError(`dataset ${dataset.id}: cannot read ${full}: ${(e as Error).message}`);
      }
    }
    try {
      await materialiseCsv(dataset, name, file, csv, full);
    } finally {
      if (file !== full) rmSync(file, { force: true });
    }
    return name;
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
      const isJson = String(row.column_type) === 'JSON';
      const text = isJson ? `(${q} ->> '$')` : `cast(${q} as varchar)`;
      const want = DECLARED_TYPES[declared[name]?.type?.toLowerCase() ?? ''];
      if (want === 'VARCHAR') replace.push(`${text} as ${q}`);
      else if (want !== undefined) replace.push(`cast(${isJson ? text : q} as ${want}) as ${q}`);
      else if (isJson) replace.push(`${text} as ${q}`);
    }
    return replace.length ? `* replace (${replace.join(', ')})` : '*';
  };
  // Reads the CSV into `name` with the declared column types. A column the sniffer typed from
  // its first rows (a sample) that holds another kind of value further down is read as text,
  // as pandas reads a mixed column; a declared type that does not fit is the user's error,
  // named with its line.
  const materialiseCsv = async (dataset: Dataset, name: string, file: string, csv: CsvOptions, shownAs: string): Promise<void> => {
    const declared = await declaredTypes(dataset, file, csv);
    const asText = new Set<string>();
    for (;;) {
      const types = new Map([...declared, ...[...asText].map((c) => [c, 'VARCHAR'] as const)]);
      try {
        await setup(`create or replace table ${name} as select * from read_csv(${d.string(file)}, ${csvArgs(csv, types)}, buffer_size = ${CSV_LOAD_BUFFER_BYTES})`);
        return;
      } catch (e) {
        const message = (e as Error).message;
        const failure = conversionFailure(message);
        if (failure && !declared.has(failure.column) && !asText.has(failure.column)) {
          asText.add(failure.column);
          continue;
        }
        const where = failure?.line !== undefined ? `line ${failure.line}: ` : '';
        const declaredType = failure ? dataset.columns?.[failure.column]?.type : undefined;
        let reason = failure && declaredType !== undefined ? `${where}column "${failure.column}" is declared ${declaredType} but holds "${failure.value}"` : describeReadError(message);
        if (/Error when sniffing file/.test(message)) {
          // The sniffer says no more than that; find the first ragged record ourselves.
          const ragged = await firstRaggedLine(file, csv).catch(() => undefined);
          reason = ragged
            ? `line ${ragged.line}: ${ragged.fields} fields where the header has ${ragged.expected} (a wrong delimiter or quote?)`
            : 'no consistent reading of the file with its delimiter and quote (rows with a different number of fields than the header?)';
        }
        throw new SourceError(`dataset ${dataset.id}: cannot read ${shownAs}: ${reason}`);
      }
    }
  };
  // Declared column types (`columns: {code: {type: string}}`) of the columns the file has:
  // the sniffer would make a code of digits (EAN, postcode, phone) a number and drop its
  // leading zeros. Types Traction does not know are left to the sniffer.
  const declaredTypes = async (dataset: Dataset, file: string, csv: CsvOptions): Promise<Map<string, string>> => {
    const declared = Object.entries(dataset.columns ?? {}).flatMap(([column, c]) => {
      const type = c.type === undefined ? undefined : DECLARED_TYPES[c.type.toLowerCase()];
      return type === undefined ? [] : [[column, type] as const];
    });
    if (declared.length === 0) return new Map();
    const present = new Set((await setup(`describe select * from read_csv(${d.string(file)}, ${csvArgs(csv)})`).catch(() => [])).map((r) => String(r.column_name)));
    return new Map(declared.filter(([column]) => present.has(column)));
  };
  let memoryLimit: Promise<number> | undefined;
  const memoryLimitBytes = () =>
    (memoryLimit ??= setup(`select current_setting('memory_limit') as m`).then((rows) => settingBytes(String(rows[0]?.m ?? ''))));
  // The CSV reader with what DuckDB's sniffer finds written out (sniff_csv's Prompt: the
  // read_csv call with auto_detect=false, the sniffed dialect and column types), so the
  // file is sniffed once, here, and not again when a statement reading it is bound (about
  // 80 ms of CPU for a 1M-row file). The same options as the detecting reader, by DuckDB's
  // own account; any doubt about the text (a quote in the path, not one read_csv call) and
  // the detecting reader is used.
  const sniffedReader = async (args: string): Promise<string> => {
    const detecting = `read_csv(${args})`;
    // A quote inside our options (a path or option holding ') or a column name: DuckDB's text is not trusted to escape it.
    if (args.includes("''")) return detecting;
    const sniffed = (await setup(`select Prompt as prompt, list_transform(Columns, c -> c.name) as names from sniff_csv(${args})`).catch(() => []))[0];
    const call = /^FROM (read_csv\(.*\));?$/s.exec(String(sniffed?.prompt ?? '').trim())?.[1];
    const names = Array.isArray(sniffed?.names) ? (sniffed.names as unknown[]).map(String) : [];
    if (call === undefined || names.length === 0 || names.some((n) => n.includes("'")) || !call.startsWith(`read_csv(${args.slice(0, args.indexOf(','))},`)) return detecting;
    return call;
  };
  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: 'duckdb',
    queryConcurrency: 1,
    relation(dataset) {
      const key = relationKey(dataset);
      let relation = relations.get(key);
      if (!relation) {
        relation = createRelation(dataset);
        relations.set(key, relation);
      }
      return relation;
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
      // A view or table this connection created over a file is named by us alone: describing
      // it is our own set-up statement. Any other relation (a dataset's query) is user text.
      const own = createdNames.has(relation);
      const rows = await (own ? setup : query)(`describe select * from ${relation}`);
      return rows.map((r) => ({ name: String(r.column_name), nativeType: String(r.column_type), type: canonicalType(String(r.column_type)) }));
    },
    async fileStatistics(dataset, columns) {
      if (dataset.path === undefined || dataset.table !== undefined || dataset.query !== undefined || formatOf(dataset) !== 'parquet') return undefined;
      const file = fileOf(dataset);
      // One file: its footer read directly (parquet-footer.ts), no engine statement. A glob
      // (several files, each with its footer) or a footer the reader cannot read: DuckDB's
      // parquet_metadata() in one statement of our own (the path resolved inside the root, quoted).
      if (!/[*?[{]/.test(dataset.path)) {
        try {
          return footerStatistics(footerOf(file), columns);
        } catch {
          // DuckDB's reader below says what it can.
        }
      }
      const sql = parquetStatisticsSql(d, d.string(file), columns);
      const row = (
        await withConnection(async (c) => {
          const reader = await c.runAndReadAll(sql);
          return reader.getRowObjectsJS().map(calendarRows(reader.columnNames(), reader.columnTypes()));
        }).catch(() => [])
      )[0];
      return row ? fileStatisticsOf(row, columns) : undefined;
    },
    async composed(ctes, parts) {
      // One statement: every part's rows as a list of structs, in one row (guarded as any query).
      const sql = `with ${ctes.join(',\n')}\nselect ${parts.map((p, i) => `(select list(q) from (${p}) as q) as p${i}`).join(',\n  ')}`;
      return withConnection(async (c) => {
        const reader = await (await guardDuckdbSql(c, sql, options)).runAndReadAll();
        const row = reader.getRowObjectsJS()[0] ?? {};
        const types = reader.columnTypes();
        return parts.map((_, i) => structListRows(types[i] as DuckDBType, row[`p${i}`]));
      });
    },
    async prepare(dataset, prepareOptions): Promise<PreparedRelation | undefined> {
      // Only a file (not a table or query), not read yet; anything unusual (a glob of Parquet
      // files, another encoding, a declared type) is left to `relation`, which also says what is wrong.
      if (dataset.path === undefined || dataset.table !== undefined || dataset.query !== undefined || relations.has(relationKey(dataset))) return undefined;
      let full: string;
      try {
        full = fileOf(dataset);
      } catch {
        return undefined; // outside the root: `relation` says so
      }
      const glob = /[*?[{]/.test(dataset.path);
      const format = formatOf(dataset);
      const name = d.quote(`ds_${dataset.id}`);
      if (format === 'parquet') {
        // The view's columns as DuckDB would describe them, from the footer: no view, no describe,
        // when the footer answers every check.
        if (glob || !existsSync(full)) return undefined;
        const columns = footerColumns(footerOf(full), canonicalType);
        return columns && { name, columns };
      }
      if (format !== 'csv' || prepareOptions?.compose === false || glob || !existsSync(full)) return undefined;
      const csv = csvOptionsOf(dataset, options.csv);
      if ((csv.encoding !== undefined && csv.encoding !== 'utf-8') || dataset.columns !== undefined) return undefined;
      // A materialised read holds the columns used uncompressed in memory, where a table is
      // compressed and spills: composed only while the file is small beside DuckDB's memory
      // limit. Measured (benchmarks/readiness, docs/readiness.md): 1M rows, 176 MB, composed
      // costs 1.1x the CPU of a hand-written statement; 10M rows, 1.8 GB, 30 checks, composed
      // 1.4x and 1.4 GB of memory against 0.9x read into a table.
      if (statSync(full).size > (await memoryLimitBytes()) / COMPOSE_FILE_SHARE_OF_MEMORY) return undefined;
      const reader = await sniffedReader(`${d.string(full)}, ${csvArgs(csv)}, buffer_size = ${CSV_LOAD_BUFFER_BYTES}`);
      const described = await setup(`describe select * from ${reader}`);
      const columns = described.map((r) => ({ name: String(r.column_name), nativeType: String(r.column_type), type: canonicalType(String(r.column_type)) }));
      return { name, columns, cte: `${name} as materialized (select * from ${reader})` };
    },
    close: async () => undefined,
  };
}

/**
 * Plain rows whose DATE and TIMESTAMP (without time zone) values are calendar text, as the
 * other engines give them: the client hands them over as JS Dates at UTC, which would print
 * as instants ('2001-09-10T00:00:00.000Z') and compare as such. Lists of them too.
 */
function calendarRows(names: readonly string[], types: readonly DuckDBType[]): (row: Record<string, unknown>) => Row {
  const convert = new Map<string, (v: unknown) => unknown>();
  names.forEach((name, i) => {
    const fn = calendarConverter(types[i] as DuckDBType);
    if (fn) convert.set(name, fn);
  });
  return (row) => {
    const out = plainRow(row);
    for (const [name, fn] of convert) if (name in row) out[name] = fn(row[name]);
    return out;
  };
}

const calendarKind = (t: DuckDBType): 'date' | 'timestamp' | undefined =>
  t.typeId === DuckDBTypeId.DATE ? 'date' : [DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS].includes(t.typeId) ? 'timestamp' : undefined;

/** A column's calendar conversion (a DATE or TIMESTAMP, or a list of them), if it needs one. */
function calendarConverter(t: DuckDBType): ((v: unknown) => unknown) | undefined {
  const one = (k: 'date' | 'timestamp') => (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? utcDateToCalendar(v, k === 'date') : v);
  const direct = calendarKind(t);
  const inner = t instanceof DuckDBListType ? calendarKind(t.valueType) : undefined;
  if (direct) return one(direct);
  if (inner) return (v) => (Array.isArray(v) ? v.map(one(inner)) : v);
  return undefined;
}

/**
 * The rows of one part of a composed statement, given as a list of structs (one per row), as
 * `query` would have given them: each struct entry converted as a top-level column is.
 */
function structListRows(t: DuckDBType, value: unknown): Row[] {
  if (!Array.isArray(value)) return [];
  const entry = t instanceof DuckDBListType && t.valueType instanceof DuckDBStructType ? t.valueType : undefined;
  if (!entry) throw new Error('a part of a composed statement is not a list of rows');
  const toRow = calendarRows(entry.entryNames, entry.entryTypes);
  return value.map((row) => toRow(row as Record<string, unknown>));
}

export type { Row };
