// MySQL / MariaDB: SQL pushed down like PostgreSQL. Everything sent to the company's database
// is a read, so every statement (generated or user-written, through query, stream or
// queryReadOnly) goes the same contained way: through the guard (guard.ts), one statement per
// call (multipleStatements off), inside START TRANSACTION READ ONLY, always rolled back, with
// the timeout applied by the server (max_statement_time on MariaDB, max_execution_time on
// MySQL) and by the client, which sends KILL QUERY on a second connection when time is up.
import type { Connection as CallbackConnection } from 'mysql2';
import mysql, { type PoolConnection } from 'mysql2/promise';
import type { Dataset } from '../../../domain/dataset.js';
import type { Row } from '../../check-evaluation.js';
import { calendarText, plainRow, SourceError, withTimeout, type SourceConnection } from '../../source-connection.js';
import { canonicalType } from './column-types.js';
import { mysqlDialect } from './dialect.js';
import { guardMysqlSql, type MysqlFlavour } from './guard.js';

export interface MysqlOptions {
  sourceId: string;
  url: string;
  timeoutMs?: number;
  poolSize?: number;
}

// Server errors for a statement stopped by max_statement_time (MariaDB), max_execution_time
// (MySQL) or KILL QUERY.
const INTERRUPTED = new Set([1969, 3024, 1317]);

// sql_mode flags that change how text is read: with NO_BACKSLASH_ESCAPES a backslash ends no
// string and with ANSI_QUOTES "x" is a name, not a string. The guard's parser reads MySQL's
// defaults, so each session is pinned to them (the dialect escapes that way too).
const LEXICAL_MODES = new Set(['NO_BACKSLASH_ESCAPES', 'ANSI_QUOTES', 'ANSI']);

export function openMysqlConnection(options: MysqlOptions): SourceConnection {
  const d = mysqlDialect;
  // Counts and sums come back as DECIMAL text unless told otherwise; metrics are doubles.
  // A DATE stays its text (YYYY-MM-DD): as a JS Date it would shift by the machine's zone.
  const pool = mysql.createPool({ uri: options.url, connectionLimit: options.poolSize ?? 4, connectTimeout: options.timeoutMs ?? 10_000, decimalNumbers: true, supportBigNumbers: true, bigNumberStrings: false, dateStrings: ['DATE'], multipleStatements: false,
    // A DATETIME is a calendar value: its text, never a JS Date in the process's time zone.
    typeCast: (field, next) => {
      if (field.type !== 'DATETIME') return next();
      const text = field.string();
      return text === null ? null : calendarText(text);
    },
  });
  const what = `source ${options.sourceId}`;
  const connect = async () => {
    try {
      return await pool.getConnection();
    } catch (e) {
      throw new SourceError(`${what}: cannot connect: ${(e as Error).message}`);
    }
  };
  let flavour: Promise<MysqlFlavour> | undefined;
  const ready = new WeakSet<object>(); // server connections whose session is set up
  /** Detects the flavour once per pool and sets each new session's sql_mode and timeout. */
  async function session(conn: PoolConnection): Promise<MysqlFlavour> {
    // A failed detection is not kept: the next statement asks again.
    flavour ??= conn.query('select version() as v').then(
      ([rows]) => (/mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'MariaDB' : 'MySQL'),
      (e: unknown) => {
        flavour = undefined;
        throw e;
      },
    );
    const f = await flavour;
    if (ready.has(conn.connection)) return f;
    const [rows] = await conn.query('select @@session.sql_mode as m');
    const mode = String((rows as { m: string }[])[0]?.m ?? '').split(',').filter((m) => m !== '' && !LEXICAL_MODES.has(m));
    await conn.query('set session sql_mode = ?', [mode.join(',')]);
    if (options.timeoutMs !== undefined) {
      const ms = Math.max(1, Math.round(options.timeoutMs));
      await conn.query(f === 'MariaDB' ? `set session max_statement_time = ${ms / 1000}` : `set session max_execution_time = ${ms}`);
    }
    ready.add(conn.connection);
    return f;
  }
  const timeoutError = () => new SourceError(`${what}: query timed out after ${(options.timeoutMs ?? 0) / 1000} s`);
  const interrupted = (e: unknown) => (INTERRUPTED.has((e as { errno?: number }).errno ?? 0) && options.timeoutMs !== undefined ? timeoutError() : e);
  /** Stops the statement a connection runs, from a second connection (the first is busy). */
  const killQuery = async (threadId: number) => {
    const killer = await mysql.createConnection({ uri: options.url, connectTimeout: 5000 }).catch(() => undefined);
    await killer?.query(`kill query ${Number(threadId)}`).catch(() => undefined);
    await killer?.end().catch(() => undefined);
  };
  /**
   * Guards `sql`, then runs `work` inside a read-only transaction that is always rolled back.
   * The session set-up, START TRANSACTION and ROLLBACK are our own constant statements, not
   * user SQL, so they are the only ones sent without the guard.
   */
  async function contained<T>(sql: string, work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    const conn = await connect();
    try {
      guardMysqlSql(options.sourceId, sql, await session(conn));
      await conn.query('start transaction read only');
      try {
        return await withTimeout(work(conn), options.timeoutMs, `${what}: query`, () => void killQuery(conn.threadId));
      } finally {
        await conn.query('rollback').catch(() => undefined);
      }
    } catch (e) {
      throw interrupted(e);
    } finally {
      conn.release();
    }
  }
  // DDL and DML answer with a result header, not rows.
  const rowsOf = (result: unknown) => {
    const rows = (result as [unknown])[0];
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]).map(plainRow) : [];
  };
  const run = (sql: string) => contained(sql, (conn) => conn.query(sql));
  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: `mysql:${options.url}`,
    queryConcurrency: options.poolSize ?? 4,
    async relation(dataset: Dataset) {
      if (dataset.table !== undefined) return d.qualified(dataset.table);
      // The query is guarded with every statement it ends up in (query/stream/queryReadOnly).
      if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
      throw new SourceError(`dataset ${dataset.id}: a mysql source needs table or query, not path`);
    },
    query: async (sql) => rowsOf(await run(sql)),
    async *stream(sql): AsyncIterable<Row> {
      const conn = await connect();
      let drained = true;
      try {
        guardMysqlSql(options.sourceId, sql, await session(conn));
        await conn.query('start transaction read only');
        // The promise wrapper has no row stream; its underlying callback connection does.
        // The server's statement timeout bounds it.
        const stream = (conn.connection as unknown as CallbackConnection).query(sql).stream({ highWaterMark: 1000 });
        drained = false;
        try {
          for await (const row of stream) yield plainRow(row as Record<string, unknown>);
          drained = true;
        } catch (e) {
          throw interrupted(e);
        }
      } finally {
        // A reader that stopped early (failing rows up to a limit) leaves the result half
        // read: the connection is closed, and the server rolls its transaction back.
        if (drained) {
          await conn.query('rollback').catch(() => undefined);
          conn.release();
        } else conn.destroy();
      }
    },
    queryReadOnly: async (sql) => rowsOf(await run(sql)),
    async columns(relation) {
      const [, fields] = (await run(`select * from ${relation} limit 0`)) as [unknown, { name: string; columnType?: number }[]];
      return fields.map((f) => ({ name: f.name, ...canonicalType(f.columnType) }));
    },
    close: () => pool.end(),
  };
}
