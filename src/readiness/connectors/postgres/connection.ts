// PostgreSQL: the generated SQL is pushed down; only aggregates (and requested failing
// rows) come back. User SQL runs inside a READ ONLY transaction that is always rolled back.
import pg from 'pg';
import type { Dataset } from '../../../domain/dataset.js';
import type { Row } from '../../check-evaluation.js';
import { plainRow, SourceError, withTimeout, type SourceConnection } from '../../source-connection.js';
import { canonicalType, NATIVE_NAMES } from './column-types.js';
import { postgresDialect } from './dialect.js';

export interface PostgresOptions {
  sourceId: string;
  url: string;
  schema?: string;
  timeoutMs?: number;
  poolSize?: number;
}

// Counts come back as int8 and sums/averages of integers as numeric, which node-postgres
// returns as text to avoid precision loss; metrics are doubles, so parse them as numbers.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function openPostgresConnection(options: PostgresOptions): SourceConnection {
  const d = postgresDialect;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.timeoutMs ?? 10_000,
    ...(options.timeoutMs !== undefined ? { statement_timeout: options.timeoutMs } : {}),
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
  const run = async (sql: string, readOnly = false): Promise<pg.QueryResult> => {
    const client = await connect();
    try {
      if (!readOnly) return await withTimeout(client.query(sql), options.timeoutMs, `${what}: query`, () => undefined);
      await client.query('begin transaction read only');
      try {
        return await client.query(sql);
      } finally {
        await client.query('rollback');
      }
    } finally {
      client.release();
    }
  };
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
      if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
      throw new SourceError(`dataset ${dataset.id}: a postgres source needs table or query, not path`);
    },
    query: async (sql) => (await run(sql)).rows.map(plainRow),
    async *stream(sql): AsyncIterable<Row> {
      // A server-side cursor in a read-only transaction: batches of 1,000 rows, never all at once.
      const client = await connect();
      try {
        await client.query('begin transaction read only');
        await client.query(`declare traction_rows no scroll cursor for ${sql}`);
        for (;;) {
          const batch = await client.query('fetch 1000 from traction_rows');
          for (const row of batch.rows) yield plainRow(row);
          if (batch.rows.length < 1000) break;
        }
      } finally {
        await client.query('rollback').catch(() => undefined);
        client.release();
      }
    },
    queryReadOnly: async (sql) => (await run(sql, true)).rows.map(plainRow),
    async columns(relation) {
      const result = await run(`select * from ${relation} limit 0`);
      return result.fields.map((f) => ({ name: f.name, type: canonicalType(f.dataTypeID), nativeType: NATIVE_NAMES[f.dataTypeID] ?? `oid ${f.dataTypeID}` }));
    },
    close: () => pool.end(),
  };
}
