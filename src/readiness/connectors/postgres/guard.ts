// PostgreSQL's containment layer for user SQL (custom checks, dataset `query:`, `where:`
// filters, KPI measures) and for the SQL built around it. It decides by PARSING with the real
// PostgreSQL parser (libpg-query, the server's own grammar compiled to WebAssembly), never by
// looking at the text: a statement runs only if it is exactly one plain SELECT (CTEs included)
// that creates, locks and writes nothing and calls only functions known to act on their
// arguments alone. The connection adds what parsing cannot give: the extended query protocol
// (one statement per message), a READ ONLY transaction that is rolled back, and a timeout.
import { loadModule, parseSync } from 'libpg-query';
import { UnsafeSqlError } from '../../source-connection.js';
import { judgedOnce } from '../judged-sql.js';

// Built-in functions that read their arguments and nothing else: aggregates, window
// functions, arithmetic, text, regular expressions, dates, JSON, arrays, type conversions.
// An allow-list, not a deny-list: an unknown name (an extension's, a user's function, a
// new built-in) is refused until it is known to be harmless. `pg_sleep` only waits, and the
// statement timeout ends it.
const ALLOWED_FUNCTIONS = new Set(
  `count sum avg min max stddev stddev_samp stddev_pop variance var_samp var_pop every bool_and bool_or bit_and bit_or
  string_agg array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg percentile_cont percentile_disc mode any_value
  corr covar_pop covar_samp regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi degrees radians
  sin cos tan asin acos atan atan2 width_bucket scale gcd lcm factorial random isnan
  length char_length character_length octet_length bit_length lower upper initcap trim btrim ltrim rtrim substr substring
  left right lpad rpad replace reverse repeat position strpos split_part concat concat_ws format md5 sha224 sha256 sha384 sha512
  encode decode translate to_hex ascii chr starts_with overlay normalize convert_from quote_ident quote_literal quote_nullable
  regexp_match regexp_matches regexp_replace regexp_like regexp_count regexp_instr regexp_substr regexp_split_to_array
  regexp_split_to_table string_to_array string_to_table array_to_string
  now date_trunc date_part extract age make_date make_time make_timestamp make_timestamptz make_interval to_char to_date
  to_timestamp to_number justify_days justify_hours justify_interval isfinite date_bin timezone clock_timestamp
  statement_timestamp transaction_timestamp timeofday
  nullif coalesce greatest least num_nonnulls num_nulls pg_typeof similar_to_escape like_escape overlaps pg_collation_for
  array_length array_lower array_upper array_ndims array_dims cardinality unnest array_position array_positions array_remove
  array_replace array_append array_prepend array_cat generate_series generate_subscripts
  to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object json_build_array jsonb_build_array
  json_object jsonb_object json_array_length jsonb_array_length json_typeof jsonb_typeof json_extract_path jsonb_extract_path
  json_extract_path_text jsonb_extract_path_text json_each jsonb_each json_each_text jsonb_each_text json_array_elements
  jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_object_keys jsonb_object_keys jsonb_strip_nulls
  jsonb_path_exists jsonb_path_match jsonb_path_query jsonb_path_query_array jsonb_path_query_first jsonb_pretty
  int2 int4 int8 float4 float8 numeric text varchar bpchar bool date time timestamp timestamptz interval
  pg_sleep`.split(/\s+/),
);

// Attribute notation calls a one-argument function: `(x).pg_read_file` is `pg_read_file(x)`.
// A column name cannot be told from a function name without the catalog, so a selected field
// named like one of PostgreSQL's functions with effects (files, sequences, locks, server
// signals, large objects, connections, statistics resets) is refused. From pg_proc: the
// volatile functions callable with one argument, plus dblink's and adminpack's. Exact names
// and narrow prefixes, so that ordinary columns (`t.lo_bound`, `t.pg_count`) still pass.
const EFFECT_PREFIXES = ['binary_upgrade_', 'dblink', 'pg_advisory', 'pg_try_advisory', 'pg_stat_reset', 'pg_replication_origin', 'pg_ls_', 'pg_read_', 'pg_file_', 'pg_sleep', 'pg_backup_'];
const EFFECT_NAMES = new Set(
  `nextval currval setval setseed ts_stat set_config current_setting query_to_xml table_to_xml cursor_to_xml
  lo_close lo_creat lo_create lo_get lo_import lo_export lo_from_bytea lo_put lo_open lo_truncate lo_truncate64 lo_lseek
  lo_lseek64 lo_tell lo_tell64 lo_unlink loread lowrite brin_summarize_new_values gin_clean_pending_list pg_cancel_backend
  pg_terminate_backend pg_create_physical_replication_slot pg_create_restore_point pg_current_logfile pg_drop_replication_slot
  pg_import_system_collations pg_log_backend_memory_contexts pg_promote pg_stat_file pg_reload_conf pg_rotate_logfile
  pg_switch_wal pg_notify`.split(/\s+/),
);

// Statements are node names ending in "Stmt"; only SelectStmt reads without acting.
const WHAT_STATEMENT: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CopyStmt: 'COPY',
  TransactionStmt: 'a transaction command (BEGIN, COMMIT, ROLLBACK)',
  VariableSetStmt: 'SET',
  LoadStmt: 'LOAD',
  DoStmt: 'DO (an anonymous code block)',
  CallStmt: 'CALL',
  ExecuteStmt: 'EXECUTE',
  PrepareStmt: 'PREPARE',
  ExplainStmt: 'EXPLAIN',
  DropStmt: 'DROP',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  NotifyStmt: 'NOTIFY',
  LockStmt: 'LOCK',
  DeclareCursorStmt: 'DECLARE CURSOR',
};

function statementName(node: string): string {
  return WHAT_STATEMENT[node] ?? node.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

let loading: Promise<void> | undefined;

/** Loads the parser (WebAssembly, once per process); the guard needs it before its first use. */
export function loadPostgresGuard(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

type Node = Record<string, unknown>;

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((n) => String(((n as Node).String as Node | undefined)?.sval ?? '')) : [];
}

/** What in one parse-tree node (and its key) acts outside the query, or null. */
function problemOf(key: string, node: Node): string | null {
  if (key.endsWith('Stmt') && key !== 'SelectStmt') return `${statementName(key)} inside the query`;
  if (key === 'SelectStmt') {
    if (node.intoClause) return 'creates a table (SELECT INTO)';
    if (node.lockingClause) return 'locks rows (FOR UPDATE / FOR SHARE)';
  }
  if (key === 'FuncCall') {
    const parts = names(node.funcname);
    const name = (parts[parts.length - 1] ?? '').toLowerCase();
    const schema = parts.length > 1 ? parts[0] : undefined;
    if ((schema !== undefined && schema !== 'pg_catalog') || !ALLOWED_FUNCTIONS.has(name)) return `calls ${parts.join('.')}, which is not a built-in function known to only read its arguments`;
  }
  if (key === 'ColumnRef' || key === 'A_Indirection') {
    const fields = names(key === 'ColumnRef' ? node.fields : node.indirection).slice(key === 'ColumnRef' ? 1 : 0);
    const called = fields.find((f) => EFFECT_NAMES.has(f.toLowerCase()) || EFFECT_PREFIXES.some((p) => f.toLowerCase().startsWith(p)));
    if (called !== undefined) return `calls ${called} through field notation`;
  }
  return null;
}

/** Depth-first over the JSON parse tree; the first problem found wins. */
function walk(value: unknown, key = ''): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const p = walk(item, key);
      if (p) return p;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const node = value as Node;
  const own = key ? problemOf(key, node) : null;
  if (own) return own;
  for (const [k, v] of Object.entries(node)) {
    const p = walk(v, k);
    if (p) return p;
  }
  return null;
}

/**
 * Why `sql` may not run, in plain words, or null when it is one read-only SELECT.
 * Synchronous: call (and await) loadPostgresGuard() once before.
 */
export const postgresReadProblem: (sql: string) => string | null = judgedOnce(judge, (sql: string) => sql);

function judge(sql: string): string | null {
  let stmts: { stmt?: Node }[];
  try {
    stmts = (parseSync(sql).stmts ?? []) as { stmt?: Node }[];
  } catch (e) {
    return `it is not valid PostgreSQL: ${(e as Error).message}`;
  }
  if (stmts.length === 0) return 'there is no statement';
  if (stmts.length > 1) return 'a second statement after the first';
  const stmt = stmts[0]?.stmt ?? {};
  const [kind] = Object.keys(stmt);
  if (kind !== 'SelectStmt') return `it is ${statementName(kind ?? 'nothing')}, not a SELECT`;
  return walk(stmt);
}

/** Throws UnsafeSqlError naming what was found unless `sql` is one read-only SELECT. */
export async function guardPostgresSql(sourceId: string, sql: string): Promise<void> {
  await loadPostgresGuard();
  const problem = postgresReadProblem(sql);
  if (problem !== null) throw new UnsafeSqlError(sourceId, problem);
}
