// MySQL / MariaDB: SQL pushed down like PostgreSQL. User SQL runs inside START TRANSACTION
// READ ONLY, always rolled back; rows stream through the driver's row events.
import type { Connection as CallbackConnection } from 'mysql2';
import mysql from 'mysql2/promise';
import type { Dataset } from '../../../domain/dataset.js';
import type { Row } from '../../check-evaluation.js';
import { plainRow, SourceError, withTimeout, type SourceConnection } from '../../source-connection.js';
import { canonicalType } from './column-types.js';
import { mysqlDialect } from './dialect.js';

export interface MysqlOptions {
  sourceId: string;
  url: string;
  timeoutMs?: number;
  poolSize?: number;
}

export function openMysqlConnection(options: MysqlOptions): SourceConnection {
  const d = mysqlDialect;
  // Counts and sums come back as DECIMAL text unless told otherwise; metrics are doubles.
  const pool = mysql.createPool({ uri: options.url, connectionLimit: options.poolSize ?? 4, connectTimeout: options.timeoutMs ?? 10_000, decimalNumbers: true, supportBigNumbers: true, bigNumberStrings: false, dateStrings: false });
  const what = `source ${options.sourceId}`;
  const connect = async () => {
    try {
      return await pool.getConnection();
    } catch (e) {
      throw new SourceError(`${what}: cannot connect: ${(e as Error).message}`);
    }
  };
  const run = async (sql: string, readOnly = false) => {
    const conn = await connect();
    try {
      if (!readOnly) return await withTimeout(conn.query({ sql, ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}) }), options.timeoutMs, `${what}: query`, () => undefined);
      await conn.query('start transaction read only');
      try {
        return await conn.query(sql);
      } finally {
        await conn.query('rollback');
      }
    } finally {
      conn.release();
    }
  };
  // DDL and DML answer with a result header, not rows.
  const rowsOf = (result: unknown) => {
    const rows = (result as [unknown])[0];
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]).map(plainRow) : [];
  };
  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: `mysql:${options.url}`,
    queryConcurrency: options.poolSize ?? 4,
    async relation(dataset: Dataset) {
      if (dataset.table !== undefined) return d.qualified(dataset.table);
      if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
      throw new SourceError(`dataset ${dataset.id}: a mysql source needs table or query, not path`);
    },
    query: async (sql) => rowsOf(await run(sql)),
    async *stream(sql): AsyncIterable<Row> {
      const conn = await connect();
      try {
        // The promise wrapper has no row stream; its underlying callback connection does.
        const stream = (conn.connection as unknown as CallbackConnection).query(sql).stream({ highWaterMark: 1000 });
        for await (const row of stream) yield plainRow(row as Record<string, unknown>);
      } finally {
        conn.release();
      }
    },
    queryReadOnly: async (sql) => rowsOf(await run(sql, true)),
    async columns(relation) {
      const [, fields] = (await run(`select * from ${relation} limit 0`)) as [unknown, { name: string; columnType?: number }[]];
      return fields.map((f) => ({ name: f.name, ...canonicalType(f.columnType) }));
    },
    close: () => pool.end(),
  };
}
