// The containment layer for SQL sent to a SQLite source (custom checks, dataset queries,
// `where` filters). The file is already opened read-only, which stops writes to it but not
// ATTACH of another file, PRAGMAs that change the connection, or load_extension. SQLite's
// own compiler decides, on the statement that then runs:
// 1. `prepare` compiles exactly one statement (better-sqlite3 refuses a second one, however
//    it is hidden in comments or quotes);
// 2. the statement returns rows (`reader`) and changes nothing (`readonly`, which SQLite
//    derives from the compiled program): ATTACH, DETACH, BEGIN and PRAGMA setters return no
//    rows, writes are not read-only;
// 3. it is a query (SELECT, WITH ... SELECT or VALUES), not a PRAGMA or EXPLAIN that reads;
// 4. its compiled program (EXPLAIN) calls no function that reaches outside the database.
import type { Database, Statement } from 'better-sqlite3';
import { UnsafeSqlError } from '../../source-connection.js';

/** Functions that load code or touch files, should a build of SQLite carry them. */
const OUTSIDE = new Set(['load_extension', 'readfile', 'writefile', 'edit', 'fts3_tokenizer', 'zipfile', 'sqlar_compress']);

/** The first word after comments and blanks, upper-cased. */
export function firstKeyword(sql: string): string {
  const stripped = sql.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/, '');
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? '').toUpperCase();
}

/** The functions a compiled statement calls, from its EXPLAIN program (p4: "name(argc)"). */
function calledFunctions(db: Database, sql: string): string[] {
  const program = db.prepare(`explain ${sql}`).all() as { opcode: string; p4: unknown }[];
  return program.filter((op) => /Function/.test(op.opcode) && typeof op.p4 === 'string').map((op) => String(op.p4).replace(/\(.*$/, '').toLowerCase());
}

/**
 * Returns the prepared statement of `sql` if it is exactly one query that changes nothing and
 * reaches nothing outside the database; throws UnsafeSqlError naming what was found otherwise.
 */
export function guardSqliteSql(db: Database, sql: string, sourceId: string): Statement {
  const refuse = (reason: string) => new UnsafeSqlError(sourceId, reason);
  let stmt: Statement;
  try {
    stmt = db.prepare(sql);
  } catch (e) {
    if (/more than one statement/i.test((e as Error).message)) throw refuse('found more than one statement; exactly one SELECT is allowed');
    throw e;
  }
  const keyword = firstKeyword(sql);
  if (!stmt.readonly) throw refuse(`found ${keyword}, which would change the database; only one SELECT is allowed`);
  if (!stmt.reader) throw refuse(`found ${keyword}, which returns no rows (it would change the connection); only one SELECT is allowed`);
  if (!['SELECT', 'WITH', 'VALUES'].includes(keyword)) throw refuse(`found ${keyword || 'a statement'} where only one SELECT is allowed`);
  const outside = calledFunctions(db, sql).filter((name) => OUTSIDE.has(name));
  if (outside.length > 0) throw refuse(`it calls ${[...new Set(outside)].join(', ')}, which reaches outside the database`);
  return stmt;
}
