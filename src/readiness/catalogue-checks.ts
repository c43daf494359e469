// The checks that complete the Great Expectations catalogue (issue 18), in one place: the
// row conditions of the row-level ones (counted in the one scan like the others), the
// queries of those that need their own (ordered neighbours, z-scores, distinct values,
// JSON; the distribution tests' are in catalogue-distributions.ts), what each engine
// refuses, their failing rows, and the verdicts of all of them.
// Everything runs on DuckDB, PostgreSQL, MySQL/MariaDB and SQLite; the one refusal is the
// stored row order MySQL does not keep (monotonic without order_by).
import { engineRefusal, type Check, type CheckOf } from '../domain/checks.js';
import type { CompiledCheck } from './check-compiler.js';
import type { ColumnTypes, RowCondition } from './check-conditions.js';
import type { CheckOutcome, ColumnInfo, EvaluationInputs, ExternalResult } from './check-evaluation.js';
import { formatValue, mostlyOutcome, outcomeBase } from './check-evaluation.js';
import { asCount, distributionRefusal, runDistributionQuery, type CatalogueContext } from './catalogue-distributions.js';
import { jsonValueTester } from './json-check.js';
import type { SourceConnection } from './source-connection.js';
import { andWhere, type SqlDialect } from './sql-dialect.js';

export type CatalogueMapCheck = CheckOf<'column_pair_set' | 'multicolumn_sum' | 'unique_within_record' | 'is_null' | 'regex_list' | 'like_list'>;
export type CatalogueTableCheck = CheckOf<'column_count' | 'columns_match' | 'column_type'>;
export type CatalogueQueryCheck = CheckOf<'distinct_values' | 'monotonic' | 'json' | 'z_score' | 'ks_test' | 'bootstrap_ks_test' | 'chi_square_test' | 'kl_divergence' | 'cramers_phi'>;

export const CATALOGUE_MAP_TYPES = new Set<string>(['column_pair_set', 'multicolumn_sum', 'unique_within_record', 'is_null', 'regex_list', 'like_list']);
/** Judged from the relation's columns alone: no query. */
export const TABLE_TYPES = new Set<string>(['column_count', 'columns_match', 'column_type']);
export const CATALOGUE_QUERY_TYPES = new Set<string>(['distinct_values', 'monotonic', 'json', 'z_score', 'ks_test', 'bootstrap_ks_test', 'chi_square_test', 'kl_divergence', 'cramers_phi']);

export const isCatalogueMapCheck = (c: Check): c is CatalogueMapCheck => CATALOGUE_MAP_TYPES.has(c.type);
export const isCatalogueQueryCheck = (c: Check): c is CatalogueQueryCheck => CATALOGUE_QUERY_TYPES.has(c.type);
export const isTableCheck = (c: Check): c is CatalogueTableCheck => TABLE_TYPES.has(c.type);


/** Values equal, comparing numbers as numbers and anything else as text (as accepted_values does). */
function equalsValue(d: SqlDialect, col: string, v: string | number | boolean, type: string | undefined): string {
  const numeric = typeof v === 'number' && (type === undefined || type === 'integer' || type === 'number');
  return numeric ? `${col} = ${d.literal(v)}` : `${d.asText(col)} = ${d.string(String(v))}`;
}

function missing(cols: string[], mode: 'all' | 'any'): string {
  return cols.map((c) => `${c} is null`).join(mode === 'all' ? ' and ' : ' or ');
}

/** Rows judged and rows failing, for the row-level checks of the catalogue. */
export function catalogueRowCondition(c: CatalogueMapCheck, d: SqlDialect, types: ColumnTypes): RowCondition {
  switch (c.type) {
    case 'is_null': {
      const col = d.quote(c.column);
      return { element: '1 = 1', unexpected: `${col} is not null`, columns: [c.column] };
    }
    case 'regex_list':
    case 'like_list': {
      const col = d.quote(c.column);
      const matches = c.patterns.map((p) => (c.type === 'regex_list' ? d.regexMatch(col, p) : d.like(col, p)));
      const ok = c.match === 'all' ? matches.join(' and ') : c.match === 'any' ? matches.join(' or ') : `not (${matches.join(' or ')})`;
      const element = `${col} is not null`;
      // `none`: a row is unexpected when any pattern matches, written without not (not ...),
      // which ClickHouse 18.16 simplifies differently on the shards than on the initiator.
      const unexpected = c.match === 'none' ? `(${matches.join(' or ')})` : `not (${ok})`;
      return { element, unexpected: `${element} and ${unexpected}`, columns: [c.column] };
    }
    case 'column_pair_set': {
      const [a, b] = [d.quote(c.a), d.quote(c.b)];
      const element = c.ignore_row_if === 'never' ? '1 = 1' : `not (${missing([a, b], c.ignore_row_if === 'both_values_are_missing' ? 'all' : 'any')})`;
      const pairs = c.pairs.map(([x, y]) => `(${equalsValue(d, a, x, types.get(c.a))} and ${equalsValue(d, b, y, types.get(c.b))})`);
      return { element, unexpected: `${element} and not (${pairs.join(' or ')})`, columns: [c.a, c.b] };
    }
    case 'multicolumn_sum': {
      const cols = c.columns.map((x) => d.quote(x));
      const element = c.ignore_row_if === 'never' ? '1 = 1' : `not (${missing(cols, c.ignore_row_if === 'all_values_are_missing' ? 'all' : 'any')})`;
      // A missing value counts as 0 in the sum (as a row sum in pandas does).
      const sum = cols.map((x) => `coalesce(${d.asDouble(x)}, 0)`).join(' + ');
      return { element, unexpected: `${element} and not (abs((${sum}) - ${d.literal(c.total)}) <= 1e-9 * (1 + abs(${d.literal(c.total)})))`, columns: c.columns };
    }
    case 'unique_within_record': {
      const cols = c.columns.map((x) => d.quote(x));
      const element = c.ignore_row_if === 'never' ? '1 = 1' : `not (${missing(cols, c.ignore_row_if === 'all_values_are_missing' ? 'all' : 'any')})`;
      const same: string[] = [];
      for (let i = 0; i < cols.length; i++) for (let j = i + 1; j < cols.length; j++) same.push(`${d.asText(cols[i] as string)} = ${d.asText(cols[j] as string)}`);
      return { element, unexpected: `${element} and (${same.join(' or ')})`, columns: c.columns };
    }
  }
}

export function catalogueColumnsOf(c: Check): string[] | undefined {
  switch (c.type) {
    case 'column_count':
    case 'columns_match':
      return [];
    case 'column_pair_set':
    case 'cramers_phi':
      return [c.a, c.b];
    case 'multicolumn_sum':
    case 'unique_within_record':
      return c.columns;
    case 'monotonic':
      return [c.column, ...(c.order_by ?? [])];
    default:
      return undefined;
  }
}

export function catalogueName(c: Check): string | undefined {
  switch (c.type) {
    case 'column_count':
      return 'column_count';
    case 'columns_match':
      return `columns_match(${c.columns.join(', ')})`;
    case 'distinct_values':
      return `distinct_values(${c.column} ${c.mode})`;
    case 'monotonic':
      return `monotonic(${c.column} ${c.strict ? 'strictly ' : ''}${c.direction})`;
    case 'ks_test':
      return `ks_test(${c.column} ~ ${c.distribution})`;
    case 'column_pair_set':
    case 'cramers_phi':
      return `${c.type}(${c.a}, ${c.b})`;
    default:
      return undefined;
  }
}

/** The row order monotonic follows without order_by: the engine's stored order, where it keeps one. */
function storedOrder(d: SqlDialect): string | null {
  switch (d.name) {
    case 'duckdb':
      return 'row_number() over ()';
    case 'postgres':
      return 'ctid';
    case 'sqlite':
      return 'rowid';
    default:
      return null;
  }
}

/** Why an engine cannot run a catalogue check, or undefined; reported at compile (validate) time. */
export function catalogueRefusal(c: Check, d: SqlDialect): string | undefined {
  const refusal = engineRefusal(c, d.name);
  if (refusal) return refusal;
  return distributionRefusal(c);
}

/** The failing rows' SELECT for catalogue checks that fail on rows, else null. */
export function catalogueFailingRowsSql(c: Check, select: (cols: string[]) => string, relation: string, d: SqlDialect, types: ColumnTypes): string | null | undefined {
  switch (c.type) {
    case 'distinct_values': {
      if (c.mode === 'contains') return null; // a value that is missing is no row
      const col = d.quote(c.column);
      const inSet = c.values.length ? c.values.map((v) => equalsValue(d, col, v, types.get(c.column))).join(' or ') : '1 = 0';
      return `select ${select([c.column])} from ${relation} where ${col} is not null and not (${inSet})${andWhere(c.where)}`;
    }
    case 'monotonic': {
      const { inner, bad } = monotonicParts(c, d, relation);
      const pick = select([c.column]);
      return `select ${pick} from (${inner}) w where ${bad}`;
    }
    case 'z_score': {
      const col = d.quote(c.column);
      return `select ${select([c.column])} from ${relation} cross join (${zStatsSql(c, d, relation)}) st where ${col} is not null${andWhere(c.where)} and ${zBad(c, d, col)}`;
    }
    default:
      return CATALOGUE_QUERY_TYPES.has(c.type) ? null : undefined;
  }
}

function monotonicParts(c: CheckOf<'monotonic'>, d: SqlDialect, relation: string): { inner: string; bad: string } {
  const col = d.quote(c.column);
  const order = c.order_by ? c.order_by.map((o) => d.quote(o)).join(', ') : storedOrder(d);
  if (order === null) throw new Error(catalogueRefusal(c, d));
  const strict = c.strict;
  const op = c.direction === 'increasing' ? (strict ? '<=' : '<') : strict ? '>=' : '>';
  // Stored order: number the rows first (DuckDB's row_number() over () keeps the read order).
  const ordered = c.order_by ? `select *, ${order} as traction_order from ${relation}` : `select *, ${order} as traction_order from ${relation}`;
  const inner = `select *, lag(${col}) over (order by traction_order) as traction_previous from (${ordered}) o where ${col} is not null${andWhere(c.where)}`;
  return { inner, bad: `traction_previous is not null and ${col} ${op} traction_previous` };
}

// Joined with `cross join`, not a comma: ClickHouse 18.16 cannot run a comma join of a
// Distributed table with a subquery ("unknown combination of JOIN"); every engine takes this.
function zStatsSql(c: CheckOf<'z_score'>, d: SqlDialect, relation: string): string {
  const col = d.quote(c.column);
  return `select avg(${d.asDouble(col)}) as traction_mean, ${d.stddev(col)} as traction_sd from ${relation} where ${col} is not null${andWhere(c.where)}`;
}

/** A value whose z-score is not under the threshold; none when the deviation is 0 or unknown. */
function zBad(c: CheckOf<'z_score'>, d: SqlDialect, col: string): string {
  const z = `((${d.asDouble(col)} - traction_mean) / traction_sd)`;
  return `traction_sd > 0 and not (${c.double_sided ? `abs(${z})` : z} < ${d.literal(c.threshold)})`;
}

/** Runs the query of a catalogue check and reduces it to what its verdict needs. */
export async function runCatalogueQuery(c: CatalogueQueryCheck, ctx: CatalogueContext): Promise<ExternalResult> {
  const d = ctx.conn.dialect;
  const { relation } = ctx;
  const col = 'column' in c ? d.quote(c.column) : '';
  const nonNull = `${col} is not null${andWhere(c.where)}`;
  switch (c.type) {
    case 'monotonic': {
      const { inner, bad } = monotonicParts(c, d, relation);
      const row = (await ctx.conn.query(`select count(*) as elements, ${d.countIf(bad)} as unexpected from (${inner}) w`))[0] ?? {};
      return { elements: asCount(row.elements), unexpected: asCount(row.unexpected) };
    }
    case 'z_score': {
      const sql = `select count(*) as elements, ${d.countIf(zBad(c, d, col))} as unexpected from ${relation} cross join (${zStatsSql(c, d, relation)}) st where ${nonNull}`;
      const row = (await ctx.conn.query(sql))[0] ?? {};
      return { elements: asCount(row.elements), unexpected: asCount(row.unexpected) };
    }
    case 'distinct_values':
      return distinctValues(c, ctx);
    case 'json': {
      const test = jsonValueTester(c.schema);
      // Numbers, booleans and dates are values, not JSON texts: each one fails.
      const type = ctx.types.get(c.column);
      const notText = type !== undefined && ['integer', 'number', 'boolean', 'date', 'timestamp'].includes(type);
      let elements = 0;
      let unexpected = 0;
      for await (const row of ctx.conn.stream(`select ${d.asText(col)} as v, count(*) as n from ${relation} where ${nonNull} group by ${d.asText(col)}`)) {
        const n = asCount(row.n);
        elements += n;
        if (notText || !test(String(row.v))) unexpected += n;
      }
      return { elements, unexpected };
    }
    default:
      return runDistributionQuery(c, ctx);
  }
}

async function distinctValues(c: CheckOf<'distinct_values'>, ctx: CatalogueContext): Promise<ExternalResult> {
  const d = ctx.conn.dialect;
  const col = d.quote(c.column);
  const numeric = ['integer', 'number', undefined].includes(ctx.types.get(c.column));
  const key = (v: unknown, fromSet: boolean) => {
    if (typeof v === 'bigint' || (typeof v === 'number' && (numeric || !fromSet))) return `n:${Number(v)}`;
    if (typeof v === 'string' && numeric && !fromSet && v.trim() !== '' && !Number.isNaN(Number(v))) return `n:${Number(v)}`;
    return `s:${v instanceof Date ? v.toISOString() : String(v)}`;
  };
  const wanted = new Map(c.values.map((v) => [key(v, true), v]));
  const found = new Set<string>();
  const observed: unknown[] = [];
  let distinct = 0;
  let extra = 0;
  let extraRows = 0;
  let elements = 0;
  for await (const row of ctx.conn.stream(`select ${col} as v, count(*) as n from ${ctx.relation} where ${col} is not null${andWhere(c.where)} group by ${col} order by ${col}`)) {
    distinct++;
    elements += asCount(row.n);
    if (observed.length < 100) observed.push(row.v);
    const k = key(row.v, false);
    if (wanted.has(k)) found.add(k);
    else {
      extra++;
      extraRows += asCount(row.n);
    }
  }
  const missingValues = [...wanted.keys()].filter((k) => !found.has(k)).map((k) => wanted.get(k));
  const bad = (c.mode !== 'contains' ? extra : 0) + (c.mode !== 'in_set' ? missingValues.length : 0);
  return { elements, unexpected: c.mode === 'contains' ? 0 : extraRows, observed: { distinct, values: observed, extra, missing: missingValues, bad } };
}

/** The verdict of a catalogue check, or undefined when the check is not one. */
export function evaluateCatalogue(c: CompiledCheck, r: EvaluationInputs): CheckOutcome | undefined {
  const check = c.check;
  if (isTableCheck(check)) return tableOutcome(c, check, r.columns);
  if (!isCatalogueQueryCheck(check)) return undefined;
  const ext = r.external.get(c.index);
  if (!ext) return { ...outcomeBase(c), status: 'error', observed: null, message: 'not run' };
  const o = (ext.observed ?? {}) as Record<string, unknown>;
  const verdict = (ok: boolean, observed: unknown, message: string): CheckOutcome => ({ ...outcomeBase(c), status: ok ? 'pass' : 'fail', observed, elements: ext.elements, message });
  switch (check.type) {
    case 'monotonic':
    case 'z_score':
    case 'json':
      return mostlyOutcome(c, ext.elements, ext.unexpected, check.mostly);
    case 'distinct_values': {
      const missingValues = o.missing as unknown[];
      const parts = [`${o.distinct as number} distinct values`];
      if (check.mode !== 'contains' && (o.extra as number) > 0) parts.push(`${o.extra as number} not in the set (${ext.unexpected} rows)`);
      if (check.mode !== 'in_set' && missingValues.length) parts.push(`missing ${missingValues.map(formatValue).join(', ')}`);
      return { ...verdict((o.bad as number) === 0, o.values, parts.join('; ')), unexpected: ext.unexpected };
    }
    case 'ks_test':
    case 'bootstrap_ks_test':
    case 'chi_square_test': {
      const pv = o.p_value as number | null | undefined;
      const min = check.type === 'ks_test' ? check.p_value : check.p;
      if (pv === null || pv === undefined || Number.isNaN(pv)) return verdict(false, null, 'no p-value (no values)');
      // GE: the KS tests pass when p >= p_value; the bootstrap and chi-square when p > p.
      const ok = check.type === 'ks_test' ? pv >= min : pv > min;
      return verdict(ok, pv, `p-value ${formatValue(pv)} (${ok ? 'not below' : 'below'} ${min}${typeof o.statistic === 'number' ? `; statistic ${formatValue(o.statistic)}` : ''})`);
    }
    case 'kl_divergence': {
      const kl = o.kl as number | null;
      if (kl === null) return verdict(false, null, 'infinite divergence: values fall where the partition expects none');
      return verdict(kl <= check.threshold, kl, `divergence ${formatValue(kl)} (threshold ${check.threshold})`);
    }
    case 'cramers_phi': {
      const phi = o.phi as number | null;
      if (phi === null) return verdict(false, null, 'no rows with both values');
      return verdict(phi <= check.max, phi, `Cramér's phi ${formatValue(phi)} (max ${check.max})`);
    }
  }
}

/** Engine type names compared without length/precision and spelled as GE writes them. */
const normType = (t: string) => t.toUpperCase().replace(/\(.*$/, '').replace(/[\s_]+/g, ' ').trim();

/** Engine type names (as SQLAlchemy and GE spell them) by the family of Traction's types they belong to. */
const TYPE_FAMILY: Record<string, string> = Object.fromEntries(
  Object.entries({
    integer: ['INTEGER', 'INT', 'BIGINT', 'SMALLINT', 'TINYINT', 'HUGEINT', 'INT2', 'INT4', 'INT8', 'INT64', 'MEDIUMINT', 'UBIGINT', 'UINTEGER'],
    number: ['FLOAT', 'DOUBLE', 'DOUBLE PRECISION', 'REAL', 'NUMERIC', 'DECIMAL', 'FLOAT4', 'FLOAT8', 'FLOAT64'],
    string: ['TEXT', 'VARCHAR', 'CHAR', 'STRING', 'CHARACTER VARYING', 'CHARACTER', 'NVARCHAR', 'BPCHAR'],
    boolean: ['BOOLEAN', 'BOOL'],
    date: ['DATE'],
    timestamp: ['TIMESTAMP', 'DATETIME', 'TIMESTAMP WITHOUT TIME ZONE', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ'],
  }).flatMap(([family, names]) => names.map((n) => [n, family])),
);

/**
 * A column's type is accepted by Traction's name of its type (string, integer, number, ...),
 * by its engine's own name, or by any engine's name of the same family (VARCHAR accepts a
 * TEXT column): the families are what is the same on every engine.
 */
export function typeAccepted(accepted: string, col: ColumnInfo): boolean {
  const a = accepted.toLowerCase();
  if (a === col.type || (a === 'number' && col.type === 'integer')) return true;
  const name = normType(accepted);
  if (name === normType(col.nativeType)) return true;
  return TYPE_FAMILY[name] !== undefined && TYPE_FAMILY[name] === col.type;
}

function tableOutcome(c: CompiledCheck, check: CatalogueTableCheck, columns: ColumnInfo[]): CheckOutcome {
  const names = columns.map((x) => x.name);
  const out = (ok: boolean, observed: unknown, message: string): CheckOutcome => ({ ...outcomeBase(c), status: ok ? 'pass' : 'fail', observed, message });
  switch (check.type) {
    case 'column_count': {
      const n = columns.length;
      const ok = (check.min === undefined || n >= check.min) && (check.max === undefined || n <= check.max);
      return out(ok, n, `${n} columns (expected ${check.min ?? 0} to ${check.max ?? 'any'})`);
    }
    case 'columns_match': {
      if (check.at !== undefined) {
        const from = check.at - 1;
        const found = names.slice(from, from + check.columns.length);
        const same = found.length === check.columns.length && found.every((n, i) => n === check.columns[i]);
        const k = check.columns.findIndex((n, i) => found[i] !== n);
        return out(same, names, same ? `columns from position ${check.at} as listed` : `column ${from + k + 1} is ${found[k] ?? 'missing'}, expected ${check.columns[k]}`);
      }
      if (check.ordered) {
        const same = names.length === check.columns.length && names.every((n, i) => n === check.columns[i]);
        const firstDiff = names.findIndex((n, i) => n !== check.columns[i]);
        return out(same, names, same ? 'columns in the listed order' : `column ${firstDiff + 1} is ${names[firstDiff] ?? 'missing'}, expected ${check.columns[firstDiff] ?? 'no more columns'}`);
      }
      const missingCols = check.columns.filter((x) => !names.includes(x));
      const extra = names.filter((x) => !check.columns.includes(x));
      const ok = missingCols.length === 0 && (!check.exact || extra.length === 0);
      const problems = [...(missingCols.length ? [`missing ${missingCols.join(', ')}`] : []), ...(check.exact && extra.length ? [`unexpected ${extra.join(', ')}`] : [])];
      return out(ok, names, ok ? 'columns as listed' : problems.join('; '));
    }
    case 'column_type': {
      const col = columns.find((x) => x.name === check.column);
      if (!col) return out(false, null, `missing column ${check.column}`);
      const ok = check.types.some((t) => typeAccepted(t, col));
      return out(ok, col.nativeType, `${check.column} is ${col.type} (${col.nativeType})${ok ? '' : `, expected ${check.types.join(' or ')}`}`);
    }
  }
}

/** Distinct failing JSON texts read for failing rows at most; their rows are then selected in batches. */
export const MAX_JSON_FAILING_TEXTS = 10_000;

/**
 * The failing rows of a `json` check, judged by the same function as the check's count: the
 * column's distinct texts are streamed and tested here, then the rows holding the failing ones
 * are selected (by text, 500 at a time), with the primary key. Stops after `limit` rows (0: all).
 */
export async function* jsonFailingRows(check: CheckOf<'json'>, primaryKey: string[], relation: string, conn: SourceConnection, limit: number): AsyncIterable<Record<string, unknown>> {
  const d = conn.dialect;
  const col = d.quote(check.column);
  const text = d.asText(col);
  const test = jsonValueTester(check.schema);
  const types = await conn.columns(relation).then((cols) => new Map(cols.map((c) => [c.name, c.type])));
  const notText = ['integer', 'number', 'boolean', 'date', 'timestamp'].includes(types.get(check.column) ?? '');
  const filter = `${col} is not null${andWhere(check.where)}`;
  const pick = [...new Set([...primaryKey, check.column])].map((c) => d.quote(c)).join(', ');
  if (notText) {
    yield* conn.stream(`select ${pick} from ${relation} where ${filter}${limit > 0 ? ` ${d.limit(limit)}` : ''}`);
    return;
  }
  const bad: string[] = [];
  for await (const row of conn.stream(`select distinct ${text} as v from ${relation} where ${filter}`)) {
    if (!test(String(row.v))) bad.push(String(row.v));
    if (bad.length >= MAX_JSON_FAILING_TEXTS) break;
  }
  let n = 0;
  for (let i = 0; i < bad.length; i += 500) {
    const batch = bad.slice(i, i + 500).map((v) => d.string(v)).join(', ');
    for await (const row of conn.stream(`select ${pick} from ${relation} where ${filter} and ${text} in (${batch})`)) {
      yield row;
      if (limit > 0 && ++n >= limit) return;
    }
  }
}
