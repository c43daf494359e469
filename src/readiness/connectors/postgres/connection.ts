// PostgreSQL: the generated SQL is pushed down; only aggregates (and requested failing
// rows) come back. Everything sent to the company's database is a read, so every statement
// (generated or user-written, through query, stream or queryReadOnly) goes the same contained
// way: through the guard (guard.ts, the real PostgreSQL parser), then by the extended query
// protocol (one statement per message, so a second one cannot even be sent), inside a READ
// ONLY transaction with SET LOCAL statement_timeout (and search_path), always rolled back.
import pg from 'pg';
import type { Dataset } from '../../../domain/dataset.js';
import type { Row } from '../../check-evaluation.js';
import { calendarText, plainRow, SourceError, type SourceConnection } from '../../source-connection.js';
import { canonicalType, NATIVE_NAMES } from './column-types.js';
import { postgresDialect } from './dialect.js';
import { guardPostgresSql } from './guard.js';

export interface PostgresOptions {
  sourceId: string;
  url: string;
  schema?: string;
  timeoutMs?: number;
  poolSize?: number;
}

// Counts come back as int8 and sums/averages of integers as numeric, which node-postgres
// returns as text to avoid precision loss; metrics are doubles, so parse them as numbers.
// A DATE stays its text (YYYY-MM-DD): as a JS Date it would be local midnight, and shift by
// the machine's time zone when written out (a KPI measured on the 1st landing on the 31st).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    // TIMESTAMP (without time zone) likewise: a JS Date would read it in the process's zone.
    if (oid === 1082) return (v: string) => v;
    if (oid === 1114) return (v: string) => calendarText(v);
    return pg.types.getTypeParser(oid, format);
  },
};

// node-postgres sends a query by the extended protocol (Parse/Bind/Execute: exactly one
// statement) when asked; its type definitions do not list the option yet.
const extended = (text: string): pg.QueryConfig => ({ text, queryMode: 'extended' }) as pg.QueryConfig;

export function openPostgresConnection(options: PostgresOptions): SourceConnection {
  const d = postgresDialect;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.timeoutMs ?? 10_000,
    // The server ends a statement at statement_timeout; this is the client's backstop for a
    // server that stops answering altogether.
    ...(options.timeoutMs !== undefined ? { query_timeout: options.timeoutMs + 5000 } : {}),
    types,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query
  const what = `source ${options.sourceId}`;
  const connect = async () => {
    try {
      return await pool.connect();
    } catch (e) {
      throw new SourceError(`${what}: cannot connect: ${(e as Error).message}`);
    }
  };
  const begin = async (client: pg.PoolClient) => {
    await client.query('begin transaction read only');
    if (options.timeoutMs !== undefined) await client.query(`set local statement_timeout = ${Math.max(1, Math.round(options.timeoutMs))}`);
    // Unqualified names in user SQL (a KPI measure, a dataset query) mean the source's schema.
    if (options.schema !== undefined) await client.query(`set local search_path to ${pg.escapeIdentifier(options.schema)}`);
  };
  /** Ends the transaction; a client that cannot even roll back is closed, not pooled again. */
  const finish = async (client: pg.PoolClient) => {
    const clean = await client.query('rollback').then(
      () => true,
      () => false,
    );
    client.release(clean ? undefined : true);
  };
  const timedOut = (e: unknown) =>
    (e as { code?: string }).code === '57014' && options.timeoutMs !== undefined ? new SourceError(`${what}: query timed out after ${options.timeoutMs / 1000} s`) : e;
  /**
   * Guards `sql`, then runs `work` on a client inside a read-only transaction that is always
   * rolled back. BEGIN, SET LOCAL and ROLLBACK are our own constant statements, not user SQL,
   * so they are the only ones sent without the guard.
   */
  async function contained<T>(sql: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await guardPostgresSql(options.sourceId, sql);
    const client = await connect();
    try {
      await begin(client);
      return await work(client);
    } catch (e) {
      throw timedOut(e);
    } finally {
      await finish(client);
    }
  }
  const run = (sql: string) => contained(sql, (client) => client.query(extended(sql)));
  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: `postgres:${options.url}`,
    queryConcurrency: options.poolSize ?? 4,
    async relation(dataset: Dataset) {
      if (dataset.table !== undefined) {
        const name = dataset.table.includes('.') || options.schema === undefined ? dataset.table : `${options.schema}.${dataset.table}`;
        return d.qualified(name);
      }
      // The query is guarded with every statement it ends up in (query/stream/queryReadOnly).
      if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
      throw new SourceError(`dataset ${dataset.id}: a postgres source needs table or query, not path`);
    },
    query: async (sql) => (await run(sql)).rows.map(plainRow),
    async *stream(sql): AsyncIterable<Row> {
      // A server-side cursor, batches of 1,000 rows, never all at once. The cursor's SELECT is
      // the guarded text; the DECLARE around it goes by the extended protocol too.
      await guardPostgresSql(options.sourceId, sql);
      const client = await connect();
      try {
        await begin(client);
        await client.query(extended(`declare traction_rows no scroll cursor for ${sql}`)).catch((e: unknown) => Promise.reject(timedOut(e)));
        for (;;) {
          const batch = await client.query('fetch 1000 from traction_rows').catch((e: unknown) => Promise.reject(timedOut(e)));
          for (const row of batch.rows) yield plainRow(row);
          if (batch.rows.length < 1000) break;
        }
      } finally {
        await finish(client);
      }
    },
    queryReadOnly: async (sql) => (await run(sql)).rows.map(plainRow),
    async columns(relation) {
      const result = await run(`select * from ${relation} limit 0`);
      return result.fields.map((f) => ({ name: f.name, type: canonicalType(f.dataTypeID), nativeType: NATIVE_NAMES[f.dataTypeID] ?? `oid ${f.dataTypeID}` }));
    },
    close: () => pool.end(),
  };
}
