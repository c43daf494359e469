// What the runner needs from a database or file engine, whatever it is. Each connector
// folder (connectors/<name>/) implements it with the same three files: dialect.ts,
// column-types.ts and connection.ts.
import type { Dataset } from '../domain/dataset.js';
import type { ColumnInfo, Row } from './check-evaluation.js';
import type { FileStatistics } from './parquet-metadata.js';
import type { SqlDialect } from './sql-dialect.js';

export interface SourceConnection {
  readonly dialect: SqlDialect;
  readonly sourceId: string;
  /** Connections with the same engine key can join each other's relations in one query. */
  readonly engineKey: string;
  /**
   * How many of one dataset's queries to run at once. An embedded engine already spreads one
   * query over every core, so it runs them one after the other (concurrent scans only fight
   * over the cores and memory); a database server gets up to its pool size.
   */
  readonly queryConcurrency: number;
  /** A FROM-clause relation for the dataset (a table, a view over files, or a subquery). */
  relation(dataset: Dataset): Promise<string>;
  query(sql: string): Promise<Row[]>;
  /** Rows in batches, for failing rows and profiles that may be large. */
  stream(sql: string): AsyncIterable<Row>;
  /** Runs user-supplied SQL so that it cannot change anything (read-only transaction/connection). */
  queryReadOnly(sql: string): Promise<Row[]>;
  columns(relation: string): Promise<ColumnInfo[]>;
  /**
   * A relation as good as `relation` for many scans in a row (the profile's): where every scan
   * would parse a file again (CSV, JSON on DuckDB), a copy read once; else `relation` itself.
   */
  forManyScans?(relation: string): Promise<{ relation: string; release(): Promise<void> }>;
  /**
   * What a file dataset's own statistics state exactly (a Parquet footer), read without a
   * scan; undefined when there are none to trust (see parquet-metadata.ts).
   */
  fileStatistics?(dataset: Dataset, columns: ColumnInfo[]): Promise<FileStatistics | undefined>;
  /**
   * A file dataset known before it is read into the run's database: the name `relation`
   * will give it, its columns, and, for a file parsed whole on reading (CSV), the CTE that
   * reads it inside one statement (`name as materialized (select ... from read_csv(...))`),
   * so a run's queries can go into one statement that parses only the columns they use
   * (composed-run.ts). Undefined once the relation exists, or for what cannot be known so.
   * Nothing is created: `relation` must still be awaited before a query names it. Without
   * `compose`, a file that would only be known for composing (a CSV) is not looked at.
   */
  prepare?(dataset: Dataset, options?: { compose?: boolean }): Promise<PreparedRelation | undefined>;
  /**
   * Runs `parts` (SELECTs, which may carry user text) in one statement after the CTEs of
   * prepared relations, each part's rows as `query` would give them. Only with `prepare`.
   */
  composed?(ctes: string[], parts: string[]): Promise<Row[][]>;
  close(): Promise<void>;
}

export interface PreparedRelation {
  name: string;
  columns: ColumnInfo[];
  cte?: string;
}

/** A failure the user can act on: names the source (and dataset/check where known by the caller). */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/**
 * User SQL refused by its engine's containment layer (connectors/<name>/guard.ts) before it
 * reached the database: not exactly one read-only statement, or a function, table function or
 * clause that could act outside the query (write a file, start a program, open a connection).
 * `reason` says what was found, in words a data person understands.
 */
export class UnsafeSqlError extends SourceError {
  constructor(
    readonly sourceId: string,
    readonly reason: string,
  ) {
    super(`source ${sourceId}: SQL refused: ${reason}`);
    this.name = 'UnsafeSqlError';
  }
}

/**
 * A calendar value as every engine reports it: a date as YYYY-MM-DD, a timestamp without a
 * time zone as YYYY-MM-DD HH:MM:SS[.fraction] (trailing zeros of the fraction dropped), read
 * from the text the database wrote, never through the process's time zone.
 */
export function calendarText(text: string): string {
  return text.replace('T', ' ').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** A JS Date that a driver built from a zone-less value read as UTC, back to calendar text. */
export function utcDateToCalendar(v: Date, dateOnly: boolean): string {
  const iso = v.toISOString();
  return dateOnly ? iso.slice(0, 10) : calendarText(iso.slice(0, -1));
}

/** Converts driver values to plain JSON-able values: bigint -> number, Date -> ISO text. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return v;
}

export function plainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

/** Rejects with a clear message when `work` takes longer than `ms`, after asking it to stop. */
export async function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string, cancel: () => void): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cancel();
      reject(new SourceError(`${what} timed out after ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
