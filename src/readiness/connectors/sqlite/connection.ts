// A SQLite file, opened read-only (so user SQL cannot change it) with a REGEXP function
// registered, since SQLite ships the operator but not its implementation. Every query may
// carry user text (dataset `query:`, `where:`, custom SQL), so each goes through guard.ts.
// No statement timeout: better-sqlite3 exposes neither sqlite3_interrupt nor a progress
// handler, and its queries run synchronously on the calling thread, so nothing can stop one
// once started (its `timeout` option is the wait for a locked file, applied below). Stopping
// a runaway query would take running it in a child process that can be killed.
import { existsSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { Dataset } from '../../../domain/dataset.js';
import { plainRow, SourceError, type SourceConnection } from '../../source-connection.js';
import { canonicalType } from './column-types.js';
import { sqliteDialect } from './dialect.js';
import { guardSqliteSql } from './guard.js';

export interface SqliteOptions {
  sourceId: string;
  file: string;
  timeoutMs?: number;
}

export function openSqliteConnection(options: SqliteOptions): SourceConnection {
  const d = sqliteDialect;
  if (!existsSync(options.file)) throw new SourceError(`source ${options.sourceId}: SQLite file not found: ${options.file}`);
  const db = new SqliteDatabase(options.file, { readonly: true, fileMustExist: true, timeout: options.timeoutMs ?? 10_000 });
  const cache = new Map<string, RegExp>();
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (value === null || pattern === null) return null;
    let re = cache.get(String(pattern));
    if (!re) cache.set(String(pattern), (re = new RegExp(String(pattern))));
    return re.test(String(value)) ? 1 : 0;
  });
  const guarded = (sql: string) => guardSqliteSql(db, sql, options.sourceId);
  const query = async (sql: string) => guarded(sql).all().map((r) => plainRow(r as Record<string, unknown>));
  return {
    dialect: d,
    sourceId: options.sourceId,
    engineKey: `sqlite:${options.file}`,
    queryConcurrency: 1,
    async relation(dataset: Dataset) {
      if (dataset.table !== undefined) return d.qualified(dataset.table);
      if (dataset.query !== undefined) return `(${dataset.query}) as ${d.quote(dataset.id)}`;
      throw new SourceError(`dataset ${dataset.id}: a sqlite source needs table or query, not path`);
    },
    query,
    async *stream(sql) {
      for (const row of guarded(sql).iterate()) yield plainRow(row as Record<string, unknown>);
    },
    queryReadOnly: query, // the file is opened read-only and the guard admits one SELECT
    async columns(relation) {
      return guarded(`select * from ${relation} limit 0`)
        .columns()
        .map((c) => ({ name: c.name, type: canonicalType(c.type), nativeType: c.type ?? 'none' }));
    },
    close: async () => {
      db.close();
    },
  };
}
