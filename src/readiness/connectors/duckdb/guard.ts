// The containment layer for SQL sent to DuckDB (custom checks, KPI measures, dataset queries,
// `where` filters: every query of a files source carries user text). DuckDB's parser decides:
// 1. `extractStatements`: exactly one statement (a second one after a `;`, however hidden in
//    comments or quotes, is counted by the parser, not by us);
// 2. `json_serialize_sql`: the parse tree of a SELECT (anything else does not serialize), which
//    is walked for what reaches outside the query: functions that read settings, the
//    environment or other SQL, and files: a file may be read (by a reader such as read_csv,
//    or named as a table, 'tickets.csv') only by a constant path inside the source's root;
// 3. the prepared statement's `statementType` is SELECT (the engine's classification after
//    binding, as a second opinion), and that very prepared statement is what runs.
// The instance's configuration (connection.ts) is the second wall: external access limited to
// the sources' roots, no extension install/load, configuration locked.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { SourceError, UnsafeSqlError } from '../../source-connection.js';

/** Table functions a query may call that read nothing: they generate rows. */
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

/** Readers that may read a file of the source's root, given by a constant path. */
const FILE_READERS = new Set(['read_csv', 'read_csv_auto', 'read_parquet', 'parquet_scan', 'read_json', 'read_json_auto', 'read_ndjson', 'read_ndjson_auto']);

/** Functions (scalar or table) that read files, settings, the environment or run other SQL. */
const OUTSIDE = new Set([
  'glob', 'sniff_csv', 'query', 'query_table', 'getenv', 'current_setting', 'getvariable',
  'load_extension', 'nextval', 'currval', 'setseed', 'checkpoint', 'force_checkpoint',
]);
const OUTSIDE_PREFIX = /^(read_|parquet_|duckdb_|pragma_|sqlite_|postgres_|mysql_|iceberg_|delta_|json_execute)/;
const OUTSIDE_SUFFIX = /_scan$/;

/** A table name that DuckDB would read as a file or URL (a "replacement scan"). */
const PATH_LIKE = /[/\\:.*?]/;
const FILE_EXTENSION = /^(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst)$/i;

function reachesOutside(name: string): boolean {
  return OUTSIDE.has(name) || OUTSIDE_PREFIX.test(name) || OUTSIDE_SUFFIX.test(name);
}

/** A folder as the operating system resolves it (symlinks followed), or as given if absent. */
export function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * Why a file path (or glob) given relative to `root` is not inside it, or undefined when it
 * is: a URL, `..` or an absolute path that leaves it, or a symbolic link (of the file, or of a
 * glob's fixed folder) that leads out. DuckDB checks every file it opens against the allowed
 * folders as well; this names the problem first, in words.
 */
export function outsideRoot(root: string, given: string): string | undefined {
  const realRoot = realFolder(root);
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
  if (/^[a-z][a-z0-9+.-]*:/i.test(given)) return `"${given}" is a URL; only files inside the source's root ${realRoot} are read`;
  const full = path.resolve(realRoot, given);
  if (!inside(full)) return `"${given}" is outside the source's root ${realRoot}`;
  const globAt = full.search(/[*?[{]/);
  // For a glob, the folder before its first wildcard.
  const fixed = globAt < 0 ? full : path.dirname(full.slice(0, globAt) + 'x');
  if (existsSync(fixed) && !inside(realpathSync(fixed))) return `"${given}" leads (through a symbolic link) to ${realpathSync(fixed)}, outside the source's root ${realRoot}`;
  return undefined;
}

/** A file the query reads: the path as written, where its quoted text starts (a byte offset). */
export interface FileReference {
  given: string;
  location: number;
}

/** The constant text paths of a reader's first argument ('a.csv' or ['a.csv', 'b.csv']), or null. */
function constantPaths(arg: unknown): FileReference[] | null {
  const a = arg as Record<string, unknown> | undefined;
  const value = a?.value as { value?: unknown } | undefined;
  if (a?.class === 'CONSTANT' && typeof value?.value === 'string') return [{ given: value.value, location: Number(a.query_location) }];
  if (a?.class === 'FUNCTION' && a.function_name === 'list_value' && Array.isArray(a.children)) {
    const parts = a.children.map(constantPaths);
    return parts.every((part) => part !== null) ? (parts as FileReference[][]).flat() : null;
  }
  return null;
}

/**
 * Every function, table function or file reference in the parse tree that reaches outside,
 * in words (`problems`), and the files it reads inside `root` (`files`). Without a root no
 * file may be read.
 */
export function findOutsideReferences(tree: unknown, root?: string): { problems: string[]; files: FileReference[] } {
  const found = new Set<string>();
  const files: FileReference[] = [];
  const file = (ref: FileReference) => {
    const problem = root === undefined ? `"${ref.given}": this query may read no file` : outsideRoot(root, ref.given);
    if (problem !== undefined) found.add(`a file read outside the source's root (${problem})`);
    else files.push(ref);
  };
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
      const paths = FILE_READERS.has(name) && Array.isArray(fn?.children) ? constantPaths(fn.children[0]) : null;
      if (paths !== null) paths.forEach(file);
      else if (FILE_READERS.has(name)) found.add(`the table function ${name} with a path that is not a constant text`);
      else if (!TABLE_FUNCTIONS.has(name)) found.add(`the table function ${name}; in FROM only range, generate_series, unnest and file readers (read_csv, read_parquet, read_json...) may be called`);
    }
    if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string') {
      // `from a.csv` (unquoted) is schema a, table csv, which DuckDB also tries as the file a.csv.
      const unquotedFile = typeof n.schema_name === 'string' && n.schema_name !== '' && FILE_EXTENSION.test(n.table_name);
      if (PATH_LIKE.test(n.table_name)) file({ given: n.table_name, location: Number(n.query_location) });
      else if (unquotedFile) file({ given: `${String(n.schema_name)}.${n.table_name}`, location: Number(n.query_location) });
    }
    for (const value of Object.values(n)) walk(value);
  };
  walk(tree);
  return { problems: [...found], files };
}

/**
 * The SQL with each relative file path replaced by its absolute path in `root`, quoted. DuckDB
 * checks a relative name against the allowed folders before it would apply a search path, so
 * 'tickets.csv' must reach it as '<root>/tickets.csv'. The parser gave where each quoted text
 * starts (in bytes); a path not written as plain quoted text is refused.
 */
export function withAbsolutePaths(sql: string, root: string, files: FileReference[]): string | { refused: string } {
  const bytes = Buffer.from(sql, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (const ref of [...files].sort((a, b) => a.location - b.location)) {
    const quote = bytes[ref.location];
    if (ref.location < at || (quote !== 0x27 && quote !== 0x22)) return { refused: `the file "${ref.given}" is not written as plain quoted text ('${ref.given}')` };
    let end = ref.location + 1;
    while (end < bytes.length && !(bytes[end] === quote && bytes[end + 1] !== quote)) end += bytes[end] === quote ? 2 : 1;
    parts.push(bytes.subarray(at, ref.location), Buffer.from(`'${path.resolve(realFolder(root), ref.given).replace(/'/g, "''")}'`, 'utf8'));
    at = end + 1;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts).toString('utf8');
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
 * outside the query and reads files only inside `root` (relative paths made absolute);
 * throws UnsafeSqlError naming what was found otherwise. Syntax errors are DuckDB's own.
 */
export async function guardDuckdbSql(conn: DuckDBConnection, sql: string, source: { sourceId: string; root?: string }): Promise<DuckDBPreparedStatement> {
  const { sourceId } = source;
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
  const { problems, files } = findOutsideReferences(tree.statements, source.root);
  if (problems.length > 0) throw refuse(`it uses ${problems.join('; and ')}`);
  const relative = files.filter((f) => !path.isAbsolute(f.given));
  if (relative.length > 0 && source.root !== undefined) {
    // Guarded again as rewritten (every path now absolute, so this happens once).
    const rewritten = withAbsolutePaths(sql, source.root, relative);
    if (typeof rewritten !== 'string') throw refuse(rewritten.refused);
    return guardDuckdbSql(conn, rewritten, source);
  }
  const prepared = await extracted.prepare(0);
  if (prepared.statementType !== StatementType.SELECT) throw refuse(`found ${typeName(prepared.statementType)} where only one SELECT is allowed`);
  return prepared;
}
