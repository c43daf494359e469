// The containment layer for SQL sent to DuckDB (custom checks, dataset queries, `where`
// filters: every query of a files source carries user text). DuckDB's own parser decides:
// 1. `extractStatements`: exactly one statement (a second one after a `;`, however hidden in
//    comments or quotes, is counted by the parser, not by us);
// 2. `json_serialize_sql`: the parse tree of a SELECT (anything else does not serialize), which
//    is walked for functions and table references that reach outside the query: files
//    (read_csv, read_text, glob, a quoted path as a table), settings, environment, other SQL;
// 3. the prepared statement's `statementType` is SELECT (the engine's classification after
//    binding, as a second opinion), and that very prepared statement is what runs.
// The instance's configuration (connection.ts) is the second wall: external access limited to
// the sources' roots, no extension install/load, configuration locked.
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { SourceError, UnsafeSqlError } from '../../source-connection.js';

/** Table functions a query may call: they generate rows, they read nothing. */
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

/** Functions (scalar or table) that read files, settings, the environment or run other SQL. */
const OUTSIDE = new Set([
  'glob', 'sniff_csv', 'query', 'query_table', 'getenv', 'current_setting', 'getvariable',
  'load_extension', 'nextval', 'currval', 'setseed', 'checkpoint', 'force_checkpoint',
]);
const OUTSIDE_PREFIX = /^(read_|parquet_|duckdb_|pragma_|sqlite_|postgres_|mysql_|iceberg_|delta_|json_execute)/;
const OUTSIDE_SUFFIX = /_scan$/;

/** A table name that DuckDB would read as a file or URL (a "replacement scan"). */
const PATH_LIKE = /[/\\:.*?]/;

function reachesOutside(name: string): boolean {
  return OUTSIDE.has(name) || OUTSIDE_PREFIX.test(name) || OUTSIDE_SUFFIX.test(name);
}

/** Every function, table function or file reference in the parse tree that reaches outside, in words. */
export function findOutsideReferences(tree: unknown): string[] {
  const found = new Set<string>();
  // The function node of a table function is judged as a table function only.
  const tableFunctions = new WeakSet<object>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.class === 'FUNCTION' && typeof n.function_name === 'string' && !tableFunctions.has(n)) {
      const name = n.function_name.toLowerCase();
      if (reachesOutside(name)) found.add(`the function ${name}, which reaches outside the query (files, settings or other SQL)`);
    }
    if (n.type === 'TABLE_FUNCTION') {
      const fn = n.function as Record<string, unknown> | undefined;
      if (fn) tableFunctions.add(fn);
      const name = String(fn?.function_name ?? '').toLowerCase();
      if (!TABLE_FUNCTIONS.has(name)) found.add(`the table function ${name}; only ${[...TABLE_FUNCTIONS].join(', ')} may be called in FROM`);
    }
    if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string' && PATH_LIKE.test(n.table_name)) {
      found.add(`a file or URL read directly ('${n.table_name}'); read files through a dataset`);
    }
    for (const value of Object.values(n)) walk(value);
  };
  walk(tree);
  return [...found];
}

/** The first word of a statement, for naming what was refused (the decision is the parser's). */
export function firstKeyword(sql: string): string {
  const stripped = sql.replace(/^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? 'unknown').toUpperCase();
}

function typeName(type: StatementType): string {
  return (StatementType as unknown as Record<number, string>)[type] ?? String(type);
}

/**
 * Returns the prepared statement of `sql` if it is exactly one SELECT that reaches nothing
 * outside the query; throws UnsafeSqlError naming what was found otherwise. Syntax errors are
 * DuckDB's own (thrown by the parser as they are).
 */
export async function guardDuckdbSql(conn: DuckDBConnection, sql: string, sourceId: string): Promise<DuckDBPreparedStatement> {
  const refuse = (reason: string) => new UnsafeSqlError(sourceId, reason);
  const extracted = await conn.extractStatements(sql).catch((e: Error) => {
    // A syntax error is the user's to fix, not a refusal: DuckDB's message, without the
    // client's "Failed to extract statements" wrapping.
    throw new SourceError(`source ${sourceId}: ${e.message.replace(/^Failed to extract statements:\s*/, '')}`);
  });
  if (extracted.count !== 1) throw refuse(`found ${extracted.count} statements; exactly one SELECT is allowed`);
  // Parameters keep the user text a value: it is parsed by json_serialize_sql, never run.
  const serialized = await conn.runAndReadAll('select json_serialize_sql($1::varchar) as tree', [sql]);
  const tree = JSON.parse(String(serialized.getRowObjects()[0]?.tree)) as { error: boolean; error_message?: string; statements?: unknown[] };
  if (tree.error) {
    if (/only select/i.test(tree.error_message ?? '')) throw refuse(`found ${firstKeyword(sql)} where only one SELECT is allowed`);
    throw refuse(`could not be read as one SELECT: ${tree.error_message ?? 'unknown parser error'}`);
  }
  if (tree.statements?.length !== 1) throw refuse(`found ${tree.statements?.length ?? 0} statements; exactly one SELECT is allowed`);
  const outside = findOutsideReferences(tree.statements);
  if (outside.length > 0) throw refuse(`it uses ${outside.join('; and ')}`);
  const prepared = await extracted.prepare(0);
  if (prepared.statementType !== StatementType.SELECT) throw refuse(`found ${typeName(prepared.statementType)} where only one SELECT is allowed`);
  return prepared;
}
