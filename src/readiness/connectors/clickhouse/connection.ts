// ClickHouse over HTTP with the official client (@clickhouse/client). Everything sent is a read,
// so every statement (generated or user-written, through query, stream or queryReadOnly) goes
// the same contained way: through the guard (guard.ts), then to the server with settings that
// the server enforces on that one query: readonly=1 (or, for an account whose profile already
// says readonly=2, that: ClickHouse refuses to change it), max_execution_time,
// max_result_rows with result_overflow_mode=throw, and max_memory_usage. An account whose
// profile says readonly=1 cannot be given those limits, so it is refused with the reason.
// The client is told the server's version cannot do anything else: it sends no settings of
// its own beyond these, asks for JSONEachRow (ClickHouse 18.16 lacks the newer formats),
// and keeps its log quiet (errors reach the caller as SourceError).
import { createClient, ClickHouseLogLevel, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import type { Dataset } from '../../../domain/dataset.js';
import type { Row } from '../../check-evaluation.js';
import { plainRow, SourceError, withTimeout, type SourceConnection } from '../../source-connection.js';
import { canonicalType } from './column-types.js';
import { clickhouseDialect } from './dialect.js';
import { guardClickhouseSql } from './guard.js';

export interface ClickhouseOptions {
  sourceId: string;
  /** http(s)://user:password@host:port/database; query parameters are ignored (no settings from the URL). */
  url: string;
  timeoutMs?: number;
  poolSize?: number;
  /** Per-query memory cap in bytes (max_memory_usage); default 1 GB. */
  maxMemoryBytes?: number;
  /** Most rows one query may return or pass between shards (max_result_rows); default 10 million. */
  maxResultRows?: number;
}

/** The connection URL split into what the client takes; the password never reaches a message. */
export function clickhouseUrlParts(url: string): { origin: string; username: string; password: string; database: string; shown: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SourceError('the ClickHouse connection is not a URL (http://user:password@host:8123/database)');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SourceError(`the ClickHouse connection must start with http:// or https://, not ${u.protocol}//`);
  const database = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, '')) || 'default';
  const username = decodeURIComponent(u.username) || 'default';
  return { origin: u.origin, username, password: decodeURIComponent(u.password), database, shown: `${u.protocol}//${username}@${u.host}/${database}` };
}

// Server error codes for a query stopped by its limits.
const TIMEOUT = new Set(['159', '394']); // TIMEOUT_EXCEEDED, QUERY_WAS_CANCELLED

export function openClickhouseConnection(options: ClickhouseOptions): SourceConnection {
  const d = clickhouseDialect;
  const parts = clickhouseUrlParts(options.url);
  const what = `source ${options.sourceId}`;
  const client: ClickHouseClient = createClient({
    url: parts.origin,
    username: parts.username,
    password: parts.password,
    database: parts.database,
    max_open_connections: options.poolSize ?? 4,
    // The client's own timer is a last resort; the server's max_execution_time ends a query first.
    request_timeout: (options.timeoutMs ?? 300_000) + 5_000,
    compression: { request: false, response: false },
    log: { level: ClickHouseLogLevel.OFF },
  });

  // What the account's profile already says of readonly, asked once (a failure is not kept).
  let profileReadonly: Promise<string> | undefined;
  const readonlyOfProfile = () =>
    (profileReadonly ??= (async () => {
      const rs = await client.query({ query: "select value from system.settings where name = 'readonly'", format: 'JSONEachRow' });
      return String(((await rs.json()) as { value: string }[])[0]?.value ?? '0');
    })().catch((e: unknown) => {
      profileReadonly = undefined;
      throw new SourceError(`${what}: cannot connect to ${parts.shown}: ${message(e)}`);
    }));

  async function settings(): Promise<ClickHouseSettings> {
    const ro = await readonlyOfProfile();
    if (ro === '1')
      throw new SourceError(`${what}: the account ${parts.username} has readonly=1 in its profile, which forbids the per-query limits Traction sets; give it a profile with readonly=2 (docs/sources.md)`);
    return clickhouseQuerySettings(ro, options);
  }

  const fail = (e: unknown): Error => {
    if (e instanceof SourceError) return e;
    const code = (e as { code?: string }).code;
    if (code !== undefined && TIMEOUT.has(code) && options.timeoutMs !== undefined) return new SourceError(`${what}: query timed out after ${options.timeoutMs / 1000} s`);
    return new SourceError(`${what}: ${message(e)}`);
  };

  async function run<T>(sql: string, format: 'JSONEachRow' | 'JSON', read: (rs: Awaited<ReturnType<ClickHouseClient['query']>>) => Promise<T>): Promise<T> {
    guardClickhouseSql(options.sourceId, sql);
    const clickhouse_settings = await settings();
    const abort = new AbortController();
    try {
      return await withTimeout(
        (async () => read(await client.query({ query: sql, format, clickhouse_settings, abort_signal: abort.signal })))(),
        options.timeoutMs === undefined ? undefined : options.timeoutMs + 2_000,
        `${what}: query`,
        () => abort.abort(),
      );
    } catch (e) {
      // The client's own timer fired (the server had not stopped the query yet).
      if (abort.signal.aborted && options.timeoutMs !== undefined) throw new SourceError(`${what}: query timed out after ${options.timeoutMs / 1000} s`);
      throw fail(e);
    }
  }

  const rowsOf = async (rs: Awaited<ReturnType<ClickHouseClient['query']>>) => ((await rs.json()) as Record<string, unknown>[]).map(plainRow);
  const query = (sql: string) => run(sql, 'JSONEachRow', rowsOf);

  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: `clickhouse:${parts.shown}`,
    queryConcurrency: options.poolSize ?? 4,
    async relation(dataset: Dataset) {
      if (dataset.table !== undefined) return d.qualified(dataset.table);
      // The query is guarded with every statement it ends up in (query/stream/queryReadOnly).
      if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
      throw new SourceError(`dataset ${dataset.id}: a clickhouse source needs table or query, not path`);
    },
    query,
    async *stream(sql): AsyncIterable<Row> {
      guardClickhouseSql(options.sourceId, sql);
      const clickhouse_settings = await settings();
      const abort = new AbortController();
      let done = false;
      try {
        const rs = await client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings, abort_signal: abort.signal });
        for await (const batch of rs.stream()) for (const row of batch) yield plainRow(row.json() as Record<string, unknown>);
        done = true;
      } catch (e) {
        throw fail(e);
      } finally {
        // A reader that stopped early (failing rows up to a limit) ends the request.
        if (!done) abort.abort();
      }
    },
    queryReadOnly: query,
    async columns(relation) {
      const meta = await run(`select * from ${relation} limit 0`, 'JSON', async (rs) => ((await rs.json()) as { meta?: { name: string; type: string }[] }).meta ?? []);
      return meta.map((m) => ({ name: m.name, ...canonicalType(m.type) }));
    },
    close: () => client.close(),
  };
}

/**
 * The settings sent with every query, enforced by the server for that query: read-only,
 * and the time, result-rows and memory limits. `profileReadonly` is the account's own value
 * (readonly=2 can be neither lowered nor raised by a query; 0 is raised to 1).
 */
export function clickhouseQuerySettings(profileReadonly: string, options: Pick<ClickhouseOptions, 'timeoutMs' | 'maxMemoryBytes' | 'maxResultRows'>): ClickHouseSettings {
  return {
    ...(profileReadonly === '2' ? {} : { readonly: '1' }),
    ...(options.timeoutMs !== undefined ? { max_execution_time: Math.max(1, Math.ceil(options.timeoutMs / 1000)), timeout_overflow_mode: 'throw' } : {}),
    max_result_rows: String(options.maxResultRows ?? 10_000_000),
    result_overflow_mode: 'throw',
    max_memory_usage: String(options.maxMemoryBytes ?? 1_000_000_000),
    // An outer join's missing side is NULL, as on every other engine (not the type's default).
    join_use_nulls: 1,
    // A subquery over a Distributed table inside IN or JOIN runs once and is sent to the shards
    // (GLOBAL): the meaning the query has on one server. ClickHouse's default refuses it.
    distributed_product_mode: 'global',
    output_format_json_quote_64bit_integers: 0,
    output_format_json_quote_denormals: 0,
  };
}

function message(e: unknown): string {
  // The server's text: "Code: 62, e.displayText() = DB::Exception: Syntax error ..., e.what() = DB::Exception"
  const text = (e as Error).message ?? String(e);
  return text.replace(/^Code: \d+, e\.displayText\(\) = DB::Exception: /, '').replace(/, e\.what\(\) = DB::Exception\s*$/, '').trim();
}

