// The distribution checks of the Great Expectations catalogue: what makes a partition or a
// distribution's parameters unusable, and the queries and statistics of the KS tests (plain and
// bootstrapped), chi-square, KL divergence and Cramér's phi. Values are streamed from the
// engine (ordered for KS, counted by category for the others, a seeded reservoir sample for the
// bootstrap); the tests themselves are in distribution-tests.ts. The verdicts are
// catalogue-checks.ts's, with the other catalogue checks'.
import type { Check, CheckOf } from '../domain/checks.js';
import type { ColumnTypes } from './check-conditions.js';
import type { ExternalResult } from './check-evaluation.js';
import { bootstrappedKs, chiSquare, cramersPhi, distributionCdf, klDivergence, ksPValue, KsStatistic, seededRandom } from './distribution-tests.js';
import type { SourceConnection } from './source-connection.js';
import { andWhere, whereClause } from './sql-dialect.js';

export type DistributionCheck = CheckOf<'ks_test' | 'bootstrap_ks_test' | 'chi_square_test' | 'kl_divergence' | 'cramers_phi'>;

/** Most categories (or pairs of them) a check counts: beyond that a column is not categorical. */
const MAX_CATEGORIES = 100_000;
/** Values kept for the bootstrap's resampling: a uniform reservoir sample beyond this. */
export const BOOTSTRAP_RESERVOIR = 100_000;

/** A count or a number read from an engine's row (a null is none). */
export const asCount = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Why a distribution check's partition or parameters cannot be used, or undefined (also for any other check). */
export function distributionRefusal(c: Check): string | undefined {
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

export interface CatalogueContext {
  relation: string;
  conn: SourceConnection;
  types: ColumnTypes;
}

/** Runs the query of a distribution check and reduces it to its statistic. */
export async function runDistributionQuery(c: DistributionCheck, ctx: CatalogueContext): Promise<ExternalResult> {
  const d = ctx.conn.dialect;
  const { relation } = ctx;
  const col = 'column' in c ? d.quote(c.column) : '';
  const nonNull = `${col} is not null${andWhere(c.where)}`;
  switch (c.type) {
    case 'ks_test': {
      const n = asCount((await ctx.conn.query(`select count(${col}) as n from ${relation} where ${nonNull}`))[0]?.n);
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
      const sql = `select ${d.asText(a)} as a, ${d.asText(b)} as b, count(*) as n from ${relation} where ${a} is not null and ${b} is not null${andWhere(c.where)} group by ${d.asText(a)}, ${d.asText(b)}`;
      const cells = new Map<string, Map<string, number>>();
      const bs = new Set<string>();
      let count = 0;
      for await (const row of ctx.conn.stream(sql)) {
        if (++count > MAX_CATEGORIES) throw new Error(`cramers_phi: more than ${MAX_CATEGORIES} combinations of ${c.a} and ${c.b}`);
        const [ra, rb] = [String(row.a), String(row.b)];
        bs.add(rb);
        if (!cells.has(ra)) cells.set(ra, new Map());
        cells.get(ra)?.set(rb, asCount(row.n));
      }
      const table = [...cells.values()].map((m) => [...bs].map((k) => m.get(k) ?? 0));
      const elements = table.flat().reduce((x, y) => x + y, 0);
      return { elements, unexpected: 0, observed: { phi: elements ? cramersPhi(table) : null } };
    }
  }
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
  for await (const row of ctx.conn.stream(`select ${d.asText(col)} as v, count(*) as n from ${ctx.relation} where ${col} is not null${andWhere(where)} group by ${d.asText(col)}`)) {
    if (out.size >= MAX_CATEGORIES) throw new Error(`${column} has more than ${MAX_CATEGORIES} distinct values: not categories`);
    out.set(categoryKey(row.v), asCount(row.n));
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
  const row = (await ctx.conn.query(`select ${exprs.join(', ')} from ${ctx.relation}${whereClause(c.where)}`))[0] ?? {};
  const n = asCount(row.nn);
  const hist = p.weights.map((_, i) => asCount(row[`b${i}`]) / n);
  const below = asCount(row.below) / n;
  const above = asCount(row.above) / n;
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
