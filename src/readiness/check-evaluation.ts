// Check evaluation (pure): query results -> one outcome per check, with what was observed,
// how many values were judged and how many failed. `mostly` is the fraction of the judged
// (non-null) values that must pass, as in Great Expectations.
import type { Check, CheckOf } from '../domain/checks.js';
import type { CompiledCheck } from './check-compiler.js';
import { MAX_MODES } from './check-compiler.js';
import { columnsOf } from './check-conditions.js';
import { evaluateCatalogue } from './catalogue-checks.js';
import { parseSortable } from '../domain/calendar-dates.js';

export type Row = Record<string, unknown>;
export type Dimension = 'completeness' | 'validity' | 'uniqueness' | 'consistency' | 'freshness' | 'joinability';
export type CheckStatus = 'pass' | 'fail' | 'error';

export interface CheckOutcome {
  name: string;
  type: Check['type'];
  severity: 'warn' | 'fail';
  dimension: Dimension;
  columns: string[];
  status: CheckStatus;
  observed: unknown;
  /** Values judged (the denominator of `mostly`) and how many failed, for row-level checks. */
  elements?: number;
  unexpected?: number;
  message: string;
  /** Set when the numbers came from the file's own statistics, not from reading its rows. */
  source?: 'parquet metadata';
}

export const DIMENSION_OF: Record<Check['type'], Dimension> = {
  row_count: 'completeness',
  not_null: 'completeness',
  freshness: 'freshness',
  schema: 'validity',
  accepted_values: 'validity',
  not_in_set: 'validity',
  range: 'validity',
  regex: 'validity',
  like: 'validity',
  length: 'validity',
  parseable_date: 'validity',
  unique: 'uniqueness',
  duplicate_rows: 'uniqueness',
  aggregate: 'consistency',
  column_pair: 'consistency',
  custom_sql: 'consistency',
  referential_integrity: 'joinability',
  distinct_values: 'validity',
  column_count: 'validity',
  columns_match: 'validity',
  column_pair_set: 'consistency',
  multicolumn_sum: 'consistency',
  unique_within_record: 'uniqueness',
  monotonic: 'consistency',
  is_null: 'completeness',
  regex_list: 'validity',
  like_list: 'validity',
  column_type: 'validity',
  json: 'validity',
  z_score: 'consistency',
  ks_test: 'consistency',
  bootstrap_ks_test: 'consistency',
  chi_square_test: 'consistency',
  kl_divergence: 'consistency',
  cramers_phi: 'consistency',
};

export interface ColumnInfo {
  name: string;
  /** Canonical type: string, integer, number, boolean, date, timestamp or other. */
  type: string;
  nativeType: string;
}

/** What the runner found outside the scans, by check index. */
export type ExternalResult = { elements: number; unexpected: number; observed?: unknown };

export interface EvaluationInputs {
  scans: ReadonlyMap<string, Row>;
  groups: ReadonlyMap<string, Row[]>;
  ordered: ReadonlyMap<string, unknown>;
  external: ReadonlyMap<number, ExternalResult>;
  columns: ColumnInfo[];
  previousRowCount: number | undefined;
  /** The dataset's rows (unfiltered), when the scan counted them: custom SQL is judged over them. */
  rowCount?: number;
  now: Date;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export function outcomeBase(c: CompiledCheck): Omit<CheckOutcome, 'status' | 'observed' | 'message'> {
  return { name: c.name, type: c.check.type, severity: c.check.severity, dimension: DIMENSION_OF[c.check.type], columns: columnsOf(c.check) };
}

export function errorOutcome(c: CompiledCheck, message: string): CheckOutcome {
  return { ...outcomeBase(c), status: 'error', observed: null, message };
}

export function mostlyOutcome(c: CompiledCheck, elements: number, unexpected: number, mostly: number | undefined): CheckOutcome {
  const passing = elements === 0 ? 1 : (elements - unexpected) / elements;
  const ok = mostly === undefined ? unexpected === 0 : passing >= mostly;
  const share = elements === 0 ? 0 : unexpected / elements;
  const message = unexpected === 0 ? `all ${elements} values pass` : `${unexpected} of ${elements} values fail (${(share * 100).toFixed(2)}%${mostly !== undefined ? `, mostly ${mostly}` : ''})`;
  return { ...outcomeBase(c), status: ok ? 'pass' : 'fail', observed: passing, elements, unexpected, message };
}

/** Compares a value with a bound: numbers as numbers, dates as instants, else as text. */
export function compareToBound(value: unknown, bound: string | number): number {
  if (typeof bound === 'number') {
    // Engines sum in different orders; a difference in the last bits is not a difference.
    const v = Number(value);
    return Math.abs(v - bound) <= 1e-12 * Math.max(Math.abs(v), Math.abs(bound)) ? 0 : v - bound;
  }
  const a = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? NaN : NaN;
  const b = Date.parse(bound);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  if (typeof value === 'number' && !Number.isNaN(Number(bound))) return value - Number(bound);
  return String(value) < bound ? -1 : String(value) > bound ? 1 : 0;
}

function betweenOutcome(c: CompiledCheck, value: unknown, min: string | number | undefined, max: string | number | undefined): CheckOutcome {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)))
    return { ...outcomeBase(c), status: 'fail', observed: null, message: 'no value (no non-null rows)' };
  const low = min === undefined || compareToBound(value, min) >= 0;
  const high = max === undefined || compareToBound(value, max) <= 0;
  const range = `[${min ?? '-inf'}, ${max ?? 'inf'}]`;
  return { ...outcomeBase(c), status: low && high ? 'pass' : 'fail', observed: value, message: `${formatValue(value)} ${low && high ? 'within' : 'outside'} ${range}` };
}

export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '');
  return JSON.stringify(v);
}

export function evaluateCheck(c: CompiledCheck, r: EvaluationInputs): CheckOutcome {
  const check = c.check;
  const scan = c.scanKey !== undefined ? r.scans.get(c.scanKey) : undefined;
  const a = (role: string) => scan?.[c.aliases[role] as string];
  const grp = c.groupKey !== undefined ? r.groups.get(c.groupKey) : undefined;
  const g0 = grp?.[0] ?? {};
  const catalogue = evaluateCatalogue(c, r);
  if (catalogue) return catalogue;
  switch (check.type) {
    case 'row_count': {
      if (check.same_as === undefined) return rowCountOutcome(c, check, num(a('value')), r.previousRowCount);
      const ext = r.external.get(c.index);
      if (!ext) return errorOutcome(c, 'not run');
      return rowCountOutcome(c, check, num(a('value')), r.previousRowCount, { id: check.same_as, rows: Number(ext.observed) });
    }
    case 'freshness': {
      let max = a('value');
      if (check.format !== undefined) {
        const text = a('text');
        max = text === null || text === undefined ? null : (parseSortable(String(text), check.format)?.getTime() ?? NaN) / 1000;
      }
      if (max === null || max === undefined) return { ...outcomeBase(c), status: 'fail', observed: null, message: `no values in ${check.column}` };
      const ageHours = (r.now.getTime() / 1000 - Number(max)) / 3600;
      const latest = new Date(Number(max) * 1000).toISOString();
      const ok = ageHours <= check.max_age_hours;
      return { ...outcomeBase(c), status: ok ? 'pass' : 'fail', observed: ageHours, message: `latest ${latest}, ${ageHours.toFixed(1)} h old (max ${check.max_age_hours} h)` };
    }
    case 'schema':
      return schemaOutcome(c, check, r.columns);
    case 'unique':
      return mostlyOutcome(c, num(g0.rows_nonnull), num(g0.dup_nonnull), check.mostly);
    case 'duplicate_rows':
      return mostlyOutcome(c, num(g0.rows_all), num(g0.dup_rows), undefined);
    case 'aggregate':
      return aggregateOutcome(c, check, a, grp, r.ordered.get(c.orderedKey ?? ''));
    case 'referential_integrity':
    case 'custom_sql': {
      const ext = r.external.get(c.index);
      if (!ext) return errorOutcome(c, 'not run');
      if (check.type === 'custom_sql') {
        // Judged over the dataset's rows, so 32 failing rows of 20,000 cost a score what 32
        // failing values of a row-level check cost (not the whole check).
        const ok = ext.unexpected === 0;
        const rows = r.rowCount;
        const share = rows ? ` (${((100 * ext.unexpected) / rows).toFixed(2)}% of ${rows} rows)` : '';
        const elements = rows !== undefined ? { elements: rows } : {};
        return { ...outcomeBase(c), status: ok ? 'pass' : 'fail', observed: ext.unexpected, ...elements, unexpected: ext.unexpected, message: `${ext.unexpected} failing rows${share}` };
      }
      return mostlyOutcome(c, ext.elements, ext.unexpected, check.mostly);
    }
    default:
      return mostlyOutcome(c, num(a('element')), num(a('unexpected')), 'mostly' in check ? check.mostly : undefined);
  }
}

function rowCountOutcome(c: CompiledCheck, check: CheckOf<'row_count'>, n: number, previous: number | undefined, other?: { id: string; rows: number }): CheckOutcome {
  const problems: string[] = [];
  if (other && n !== other.rows) problems.push(`dataset ${other.id} has ${other.rows}`);
  if (check.min !== undefined && n < check.min) problems.push(`below min ${check.min}`);
  if (check.max !== undefined && n > check.max) problems.push(`above max ${check.max}`);
  let change = '';
  if (check.max_change !== undefined && previous !== undefined && previous > 0) {
    const rel = (n - previous) / previous;
    change = `, ${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)}% vs previous run (${previous})`;
    if (Math.abs(rel) > check.max_change) problems.push(`changed more than ${check.max_change * 100}% since the previous run`);
  }
  const same = other && n === other.rows ? `, as dataset ${other.id}` : '';
  const message = `${n} rows${same}${change}${problems.length ? `: ${problems.join(', ')}` : ''}`;
  return { ...outcomeBase(c), status: problems.length ? 'fail' : 'pass', observed: n, message };
}

function schemaOutcome(c: CompiledCheck, check: CheckOf<'schema'>, columns: ColumnInfo[]): CheckOutcome {
  const byName = new Map(columns.map((col) => [col.name, col]));
  const problems: string[] = [];
  for (const [name, type] of Object.entries(check.columns)) {
    const col = byName.get(name);
    if (!col) problems.push(`missing column ${name}`);
    else if (!typeMatches(type, col.type)) problems.push(`${name} is ${col.type} (${col.nativeType}), expected ${type}`);
  }
  if (!check.allow_extra) for (const col of columns) if (!(col.name in check.columns)) problems.push(`unexpected column ${col.name}`);
  return {
    ...outcomeBase(c),
    status: problems.length ? 'fail' : 'pass',
    observed: Object.fromEntries(columns.map((col) => [col.name, col.type])),
    unexpected: problems.length,
    message: problems.length ? problems.join('; ') : `${Object.keys(check.columns).length} columns as declared`,
  };
}

/** A declared type accepts the canonical type found; `number` accepts integers too. */
export function typeMatches(expected: string, found: string): boolean {
  if (expected === 'any' || expected === found) return true;
  if (expected === 'number' && found === 'integer') return true;
  if (expected === 'timestamp' && found === 'date') return false;
  return false;
}

function aggregateOutcome(c: CompiledCheck, check: CheckOf<'aggregate'>, a: (role: string) => unknown, grp: Row[] | undefined, ordered: unknown): CheckOutcome {
  if (check.metric === 'most_common_value') {
    const modes = (grp ?? []).filter((row) => row.mode0 !== null && row.mode0 !== undefined).map((row) => row.mode0);
    if (modes.length > MAX_MODES) modes.length = MAX_MODES;
    // Ties come back in the engine's order; sorted, every engine reports the same list.
    modes.sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0));
    const accepted = new Set((check.values ?? []).map(String));
    // As Great Expectations: one mode that is accepted; with ties_okay, any accepted mode.
    const hits = modes.filter((m) => accepted.has(String(m))).length;
    const ok = check.ties_okay ? hits > 0 : modes.length === 1 && hits === 1;
    return { ...outcomeBase(c), status: ok ? 'pass' : 'fail', observed: modes, message: `most common: ${modes.map(formatValue).join(', ') || 'none'}` };
  }
  let value: unknown;
  if (check.metric === 'proportion_unique') {
    const n = num(a('nonNull'));
    value = n === 0 ? null : num(a('distinct')) / n;
  } else if (c.orderedKey !== undefined) value = ordered;
  else value = a('value');
  if (typeof value === 'bigint') value = Number(value);
  return betweenOutcome(c, value, check.min, check.max);
}
