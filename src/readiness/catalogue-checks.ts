// The checks that complete the Great Expectations catalogue (issue 18), in one place: the
// row conditions of the row-level ones (counted in the one scan like the others), the
// queries of those that need their own (ordered neighbours, z-scores, distinct values,
// JSON, distributions), what each engine refuses, their failing rows, and their verdicts.
// Everything runs on DuckDB, PostgreSQL, MySQL/MariaDB and SQLite; the one refusal is the
// stored row order MySQL does not keep (monotonic without order_by).
import { engineRefusal, type Check, type CheckOf } from '../domain/checks.js';
import type { CompiledCheck } from './check-compiler.js';
import type { ColumnTypes, RowCondition } from './check-conditions.js';
import type { CheckOutcome, ColumnInfo, EvaluationInputs, ExternalResult } from './check-evaluation.js';
import { formatValue, mostlyOutcome, outcomeBase } from './check-evaluation.js';
import { bootstrappedKs, chiSquare, cramersPhi, distributionCdf, klDivergence, ksPValue, KsStatistic, seededRandom } from './distribution-tests.js';
import { jsonValueTester } from './json-check.js';
import type { SourceConnection } from './source-connection.js';
import type { SqlDialect } from './sql-dialect.js';

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

/** Most distinct values (categories, JSON texts) a check reads at once is unbounded by design: they stream. */
const MAX_CATEGORIES = 100_000;
/** Values kept for the bootstrap's resampling: a uniform reservoir sample beyond this. */
export const BOOTSTRAP_RESERVOIR = 100_000;

const and = (where: string | undefined) => (where === undefined ? '' : ` and (${where})`);
const whereOf = (where: string | undefined) => (where === undefined ? '' : ` where (${where})`);

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
  if (c.type === 'kl_divergence' || c.type === 'bootstrap_ks_test') {
    const problem = partitionProblem(c);
    if (problem) return problem;
  }
  if (c.type === 'chi_square_test') return categoricalProblem(c.partition);
  if (c.type === 'ks_test') {
    try {
      distributionCdf(c.distribution, ksParams(c));
    } catch (e) {
      return (e as Error).message;
    }
  }
  return undefined;
}

const sumsToOne = (w: number[]) => Math.abs(w.reduce((a, b) => a + b, 0) - 1) <= 1e-5;

function categoricalProblem(p: { values: unknown[]; weights: number[] }): string | undefined {
  if (p.values.length !== p.weights.length) return 'partition: values and weights must have the same length';
  if (!sumsToOne(p.weights)) return 'partition: weights must add up to 1';
  if (new Set(p.values.map(String)).size !== p.values.length) return 'partition: values must be distinct';
  return undefined;
}

function partitionProblem(c: CheckOf<'kl_divergence' | 'bootstrap_ks_test'>): string | undefined {
  const p = c.partition;
  if ('values' in p) return c.type === 'kl_divergence' ? categoricalProblem(p) : 'partition: a bootstrapped KS test needs bins, not values';
  if (p.bins.length !== p.weights.length + 1) return 'partition: bins must have one more edge than weights';
  for (let i = 1; i < p.bins.length; i++) if (!((p.bins[i] as number) > (p.bins[i - 1] as number))) return 'partition: bins must increase';
  const tails = 'tail_weights' in p && p.tail_weights ? p.tail_weights : [];
  if (!sumsToOne([...p.weights, ...tails])) return 'partition: weights (and tail_weights) must add up to 1';
  if (c.type === 'kl_divergence') {
    const infinite = p.bins[0] === -Infinity || p.bins[p.bins.length - 1] === Infinity;
    if (infinite && tails.length) return 'partition: tail_weights cannot be used with an infinite bin edge';
    if (p.bins[0] === -Infinity && p.bins[p.bins.length - 1] === Infinity && c.tail_weight_holdout > 0) return 'tail_weight_holdout cannot be used when both bin edges are infinite';
    if (tails.length && c.tail_weight_holdout > 0) return 'tail_weight_holdout must be 0 when the partition has tail_weights';
    if (c.tail_weight_holdout + c.internal_weight_holdout > 1) return 'tail_weight_holdout and internal_weight_holdout must add up to at most 1';
  }
  return undefined;
}

/** The parameters of a KS test with scipy's defaults (loc 0, scale 1). */
function ksParams(c: CheckOf<'ks_test'>): Record<string, number> {
  return { loc: 0, scale: 1, ...c.params };
}

/** The failing rows' SELECT for catalogue checks that fail on rows, else null. */
export function catalogueFailingRowsSql(c: Check, select: (cols: string[]) => string, relation: string, d: SqlDialect, types: ColumnTypes): string | null | undefined {
  switch (c.type) {
    case 'distinct_values': {
      if (c.mode === 'contains') return null; // a value that is missing is no row
      const col = d.quote(c.column);
      const inSet = c.values.length ? c.values.map((v) => equalsValue(d, col, v, types.get(c.column))).join(' or ') : '1 = 0';
      return `select ${select([c.column])} from ${relation} where ${col} is not null and not (${inSet})${and(c.where)}`;
    }
    case 'monotonic': {
      const { inner, bad } = monotonicParts(c, d, relation);
      const pick = select([c.column]);
      return `select ${pick} from (${inner}) w where ${bad}`;
    }
    case 'z_score': {
      const col = d.quote(c.column);
      return `select ${select([c.column])} from ${relation} cross join (${zStatsSql(c, d, relation)}) st where ${col} is not null${and(c.where)} and ${zBad(c, d, col)}`;
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
  const inner = `select *, lag(${col}) over (order by traction_order) as traction_previous from (${ordered}) o where ${col} is not null${and(c.where)}`;
  return { inner, bad: `traction_previous is not null and ${col} ${op} traction_previous` };
}

// Joined with `cross join`, not a comma: ClickHouse 18.16 cannot run a comma join of a
// Distributed table with a subquery ("unknown combination of JOIN"); every engine takes this.
function zStatsSql(c: CheckOf<'z_score'>, d: SqlDialect, relation: string): string {
  const col = d.quote(c.column);
  return `select avg(${d.asDouble(col)}) as traction_mean, ${d.stddev(col)} as traction_sd from ${relation} where ${col} is not null${and(c.where)}`;
}

/** A value whose z-score is not under the threshold; none when the deviation is 0 or unknown. */
function zBad(c: CheckOf<'z_score'>, d: SqlDialect, col: string): string {
  const z = `((${d.asDouble(col)} - traction_mean) / traction_sd)`;
  return `traction_sd > 0 and not (${c.double_sided ? `abs(${z})` : z} < ${d.literal(c.threshold)})`;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface CatalogueContext {
  relation: string;
  conn: SourceConnection;
  types: ColumnTypes;
}

/** Runs the query of a catalogue check and reduces it to what its verdict needs. */
export async function runCatalogueQuery(c: CatalogueQueryCheck, ctx: CatalogueContext): Promise<ExternalResult> {
  const d = ctx.conn.dialect;
  const { relation } = ctx;
  const col = 'column' in c ? d.quote(c.column) : '';
  const nonNull = `${col} is not null${and(c.where)}`;
  switch (c.type) {
    case 'monotonic': {
      const { inner, bad } = monotonicParts(c, d, relation);
      const row = (await ctx.conn.query(`select count(*) as elements, ${d.countIf(bad)} as unexpected from (${inner}) w`))[0] ?? {};
      return { elements: num(row.elements), unexpected: num(row.unexpected) };
    }
    case 'z_score': {
      const sql = `select count(*) as elements, ${d.countIf(zBad(c, d, col))} as unexpected from ${relation} cross join (${zStatsSql(c, d, relation)}) st where ${nonNull}`;
      const row = (await ctx.conn.query(sql))[0] ?? {};
      return { elements: num(row.elements), unexpected: num(row.unexpected) };
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
        const n = num(row.n);
        elements += n;
        if (notText || !test(String(row.v))) unexpected += n;
      }
      return { elements, unexpected };
    }
    case 'ks_test': {
      const n = num((await ctx.conn.query(`select count(${col}) as n from ${relation} where ${nonNull}`))[0]?.n);
      if (n === 0) return { elements: 0, unexpected: 0, observed: null };
      const stat = new KsStatistic(n, distributionCdf(c.distribution, ksParams(c)));
      // Streamed in order: the statistic needs one value at a time, never the column in memory.
      for await (const row of ctx.conn.stream(`select ${d.asDouble(col)} as v from ${relation} where ${nonNull} order by ${d.asDouble(col)}`)) stat.add(Number(row.v));
      return { elements: n, unexpected: 0, observed: { statistic: stat.d, p_value: ksPValue(stat.d, n) } };
    }
    case 'bootstrap_ks_test': {
      const values = await reservoir(ctx.conn, `select ${d.asDouble(col)} as v from ${relation} where ${nonNull}`, BOOTSTRAP_RESERVOIR, c.seed);
      const bins = c.partition.bins;
      const p = bootstrappedKs(values, bins, c.partition.weights, { p: c.p, samples: c.bootstrap_samples, size: c.bootstrap_sample_size ?? 2 * c.partition.weights.length, seed: c.seed });
      return { elements: values.length, unexpected: 0, observed: { p_value: p } };
    }
    case 'chi_square_test': {
      const counts = await categoryCounts(ctx, c.column, c.where);
      return { elements: total(counts), unexpected: 0, observed: chiSquareOf(c, counts) };
    }
    case 'kl_divergence':
      return klOf(c, ctx);
    case 'cramers_phi': {
      const [a, b] = [d.quote(c.a), d.quote(c.b)];
      const sql = `select ${d.asText(a)} as a, ${d.asText(b)} as b, count(*) as n from ${relation} where ${a} is not null and ${b} is not null${and(c.where)} group by ${d.asText(a)}, ${d.asText(b)}`;
      const cells = new Map<string, Map<string, number>>();
      const bs = new Set<string>();
      let count = 0;
      for await (const row of ctx.conn.stream(sql)) {
        if (++count > MAX_CATEGORIES) throw new Error(`cramers_phi: more than ${MAX_CATEGORIES} combinations of ${c.a} and ${c.b}`);
        const [ra, rb] = [String(row.a), String(row.b)];
        bs.add(rb);
        if (!cells.has(ra)) cells.set(ra, new Map());
        cells.get(ra)?.set(rb, num(row.n));
      }
      const table = [...cells.values()].map((m) => [...bs].map((k) => m.get(k) ?? 0));
      const elements = table.flat().reduce((x, y) => x + y, 0);
      return { elements, unexpected: 0, observed: { phi: elements ? cramersPhi(table) : null } };
    }
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
  for await (const row of ctx.conn.stream(`select ${col} as v, count(*) as n from ${ctx.relation} where ${col} is not null${and(c.where)} group by ${col} order by ${col}`)) {
    distinct++;
    elements += num(row.n);
    if (observed.length < 100) observed.push(row.v);
    const k = key(row.v, false);
    if (wanted.has(k)) found.add(k);
    else {
      extra++;
      extraRows += num(row.n);
    }
  }
  const missingValues = [...wanted.keys()].filter((k) => !found.has(k)).map((k) => wanted.get(k));
  const bad = (c.mode !== 'contains' ? extra : 0) + (c.mode !== 'in_set' ? missingValues.length : 0);
  return { elements, unexpected: c.mode === 'contains' ? 0 : extraRows, observed: { distinct, values: observed, extra, missing: missingValues, bad } };
}

/** Up to `size` values drawn uniformly (reservoir sampling, seeded) from a streamed query. */
async function reservoir(conn: SourceConnection, sql: string, size: number, seed: number): Promise<number[]> {
  const random = seededRandom(seed + 1);
  const kept: number[] = [];
  let seen = 0;
  for await (const row of conn.stream(sql)) {
    const v = Number(row.v);
    seen++;
    if (kept.length < size) kept.push(v);
    else {
      const j = Math.floor(random() * seen);
      if (j < size) kept[j] = v;
    }
  }
  return kept;
}

async function categoryCounts(ctx: CatalogueContext, column: string, where: string | undefined): Promise<Map<string, number>> {
  const d = ctx.conn.dialect;
  const col = d.quote(column);
  const out = new Map<string, number>();
  for await (const row of ctx.conn.stream(`select ${d.asText(col)} as v, count(*) as n from ${ctx.relation} where ${col} is not null${and(where)} group by ${d.asText(col)}`)) {
    if (out.size >= MAX_CATEGORIES) throw new Error(`${column} has more than ${MAX_CATEGORIES} distinct values: not categories`);
    out.set(categoryKey(row.v), num(row.n));
  }
  return out;
}

/** Text of a category as engines print it: true/false for booleans whatever the engine. */
function categoryKey(v: unknown): string {
  const s = String(v);
  return s === 't' || s === 'TRUE' ? 'true' : s === 'f' || s === 'FALSE' ? 'false' : s;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * Great Expectations' chi-square test: expected = weights x n for the partition's values; a
 * value outside the partition expects n x tail_weight_holdout shared equally by such values
 * (and the partition's shares shrink by that much).
 */
function chiSquareOf(c: CheckOf<'chi_square_test'>, counts: Map<string, number>): { p_value: number | null; statistic: number } {
  const n = total(counts);
  const keys = c.partition.values.map(categoryKey);
  const others = [...counts.keys()].filter((k) => !keys.includes(k));
  const scale = others.length ? 1 - c.tail_weight_holdout : 1;
  const observed = [...keys.map((k) => counts.get(k) ?? 0), ...others.map((k) => counts.get(k) ?? 0)];
  const expected = [...c.partition.weights.map((w) => w * n * scale), ...others.map(() => (n * c.tail_weight_holdout) / others.length)];
  const r = chiSquare(observed, expected);
  return { p_value: Number.isNaN(r.p) ? null : r.p, statistic: r.statistic };
}

async function klOf(c: CheckOf<'kl_divergence'>, ctx: CatalogueContext): Promise<ExternalResult> {
  const p = c.partition;
  if ('values' in p) {
    if (c.internal_weight_holdout > 0) throw new Error('internal_weight_holdout cannot be used with categories (values)');
    const counts = await categoryCounts(ctx, c.column, c.where);
    const keys = p.values.map(categoryKey);
    const others = [...counts.keys()].filter((k) => !keys.includes(k));
    const pk = [...keys.map((k) => counts.get(k) ?? 0), ...others.map((k) => counts.get(k) ?? 0)];
    const scale = others.length ? 1 - c.tail_weight_holdout : 1;
    const qk = [...p.weights.map((w) => w * scale), ...others.map(() => c.tail_weight_holdout / others.length)];
    return { elements: total(counts), unexpected: 0, observed: { kl: finiteOrNull(klDivergence(pk, qk)) } };
  }
  const d = ctx.conn.dialect;
  const col = d.quote(c.column);
  const x = d.asDouble(col);
  const bins = p.bins;
  const last = bins.length - 1;
  // np.histogram's bins: [lo, hi) and the last one closed; an infinite edge is open-ended.
  const binCond = (i: number) => {
    const parts: string[] = [];
    if (bins[i] !== -Infinity) parts.push(`${x} >= ${d.literal(bins[i] as number)}`);
    if (bins[i + 1] !== Infinity) parts.push(`${x} ${i + 1 === last ? '<=' : '<'} ${d.literal(bins[i + 1] as number)}`);
    return parts.length ? parts.join(' and ') : '1 = 1';
  };
  const exprs = [`count(${col}) as nn`, ...p.weights.map((_, i) => `${d.countIf(`${col} is not null and ${binCond(i)}`)} as b${i}`)];
  if (bins[0] !== -Infinity) exprs.push(`${d.countIf(`${x} < ${d.literal(bins[0] as number)}`)} as below`);
  if (bins[last] !== Infinity) exprs.push(`${d.countIf(`${x} > ${d.literal(bins[last] as number)}`)} as above`);
  const row = (await ctx.conn.query(`select ${exprs.join(', ')} from ${ctx.relation}${whereOf(c.where)}`))[0] ?? {};
  const n = num(row.nn);
  const hist = p.weights.map((_, i) => num(row[`b${i}`]) / n);
  const below = num(row.below) / n;
  const above = num(row.above) / n;
  const t = c.tail_weight_holdout;
  let expected = p.weights.map((w) => w * (1 - t - c.internal_weight_holdout));
  if (c.internal_weight_holdout > 0) {
    const zeros = expected.filter((w) => w === 0).length;
    if (zeros > 0) expected = expected.map((w) => (w === 0 ? c.internal_weight_holdout / zeros : w));
  }
  let pk: number[];
  let qk: number[];
  const lowInf = bins[0] === -Infinity;
  const highInf = bins[last] === Infinity;
  if (lowInf && highInf) [pk, qk] = [hist, expected];
  else if (lowInf) [pk, qk] = [[...hist, above], [...expected, t]];
  else if (highInf) [pk, qk] = [[below, ...hist], [t, ...expected]];
  else {
    const tails = p.tail_weights ?? [t / 2, t / 2];
    [pk, qk] = [[below, ...hist, above], [tails[0], ...expected, tails[1]]];
  }
  return { elements: n, unexpected: 0, observed: { kl: n === 0 ? null : finiteOrNull(klDivergence(pk, qk)) } };
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

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
  const filter = `${col} is not null${and(check.where)}`;
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
