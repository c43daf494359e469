// A SQLite file, opened read-only (so user SQL cannot change it) with a REGEXP function
// registered, since SQLite ships the operator but not its implementation.
import { existsSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { Dataset } from '../../../domain/dataset.js';
import { plainRow, SourceError, type SourceConnection } from '../../source-connection.js';
import { canonicalType } from './column-types.js';
import { sqliteDialect } from './dialect.js';

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
  const query = async (sql: string) => db.prepare(sql).all().map((r) => plainRow(r as Record<string, unknown>));
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
      for (const row of db.prepare(sql).iterate()) yield plainRow(row as Record<string, unknown>);
    },
    queryReadOnly: query, // the connection itself is read-only
    async columns(relation) {
      return db
        .prepare(`select * from ${relation} limit 0`)
        .columns()
        .map((c) => ({ name: c.name, type: canonicalType(c.type), nativeType: c.type ?? 'none' }));
    },
    close: async () => {
      db.close();
    },
  };
}
