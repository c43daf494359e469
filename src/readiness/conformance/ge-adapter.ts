// Maps Great Expectations test cases onto Traction checks (pure). An expectation type or a
// parameter we do not offer becomes a skip with the reason; everything else becomes one
// or more of our checks, and the case passes when our verdict (and, where the case gives
// them, the observed number and the count of unexpected values) matches the expected one.
import type { CheckOutcome } from '../check-evaluation.js';

export type GeIn = Record<string, unknown>;
export interface GeCase {
  title: string;
  in: GeIn;
  out: Record<string, unknown>;
  tolerance?: number;
  only_for?: string[];
  suppress_test_for?: string[];
}
export interface GeDataset {
  data: Record<string, unknown[]>;
  schemas?: Record<string, Record<string, string>>;
  only_for?: string[];
  suppress_test_for?: string[];
  tests: GeCase[];
}
export interface GeFile {
  expectation_type: string;
  datasets: GeDataset[];
}

export type Mapped = { checks: Record<string, unknown>[]; all?: boolean } | { skip: string };

// Parameters that change nothing about the verdict.
const NEUTRAL = new Set(['result_format', 'catch_exceptions', 'include_config', 'meta', 'column', 'mostly', 'column_A', 'column_B']);

const AGGREGATES: Record<string, string> = {
  expect_column_min_to_be_between: 'min',
  expect_column_max_to_be_between: 'max',
  expect_column_mean_to_be_between: 'mean',
  expect_column_median_to_be_between: 'median',
  expect_column_stdev_to_be_between: 'stddev',
  expect_column_sum_to_be_between: 'sum',
  expect_column_unique_value_count_to_be_between: 'distinct_count',
  expect_column_proportion_of_unique_values_to_be_between: 'proportion_unique',
};

const withMostly = (i: GeIn, check: Record<string, unknown>) => (typeof i.mostly === 'number' ? { ...check, mostly: i.mostly } : check);
const bounds = (i: GeIn) => ({ ...(i.min_value != null ? { min: i.min_value } : {}), ...(i.max_value != null ? { max: i.max_value } : {}) });

/** Our checks for a case, or why it is skipped. */
export function mapCase(type: string, i: GeIn): Mapped {
  if (Object.values(i).some((v) => typeof v === 'object' && v !== null && '$PARAMETER' in v)) return { skip: 'evaluation parameters ($PARAMETER) not offered' };
  if (!(type in KNOWN_PARAMS)) return { skip: `expectation ${type} not offered` };
  const extra = Object.keys(i).filter((k) => !NEUTRAL.has(k) && !KNOWN_PARAMS[type]?.includes(k));
  if (extra.length) return { skip: `parameter ${extra.join(', ')} not offered` };
  const col = i.column;
  const agg = AGGREGATES[type];
  if (agg) {
    if (i.strict_min || i.strict_max) return { skip: 'strict bounds on aggregates not offered' };
    if (i.min_value == null && i.max_value == null) return { skip: 'an aggregate check without min or max is refused as a mistake, not vacuously true' };
    return { checks: [{ type: 'aggregate', column: col, metric: agg, ...bounds(i) }] };
  }
  switch (type) {
    case 'expect_column_values_to_not_be_null':
      return { checks: [withMostly(i, { type: 'not_null', column: col })] };
    case 'expect_column_values_to_be_unique':
      return { checks: [withMostly(i, { type: 'unique', column: col })] };
    case 'expect_compound_columns_to_be_unique':
      return { checks: [withMostly(i, { type: 'unique', columns: i.column_list })] };
    case 'expect_column_values_to_be_in_set':
      return { checks: [withMostly(i, { type: 'accepted_values', column: col, values: i.value_set })] };
    case 'expect_column_values_to_not_be_in_set':
      return { checks: [withMostly(i, { type: 'not_in_set', column: col, values: i.value_set })] };
    case 'expect_column_values_to_be_between':
      return { checks: [withMostly(i, { type: 'range', column: col, ...bounds(i), ...(i.strict_min ? { strict_min: true } : {}), ...(i.strict_max ? { strict_max: true } : {}) })] };
    case 'expect_column_values_to_match_regex':
      return { checks: [withMostly(i, { type: 'regex', column: col, pattern: i.regex })] };
    case 'expect_column_values_to_match_like_pattern':
      return { checks: [withMostly(i, { type: 'like', column: col, pattern: i.like_pattern })] };
    case 'expect_column_value_lengths_to_be_between':
      return { checks: [withMostly(i, { type: 'length', column: col, ...bounds(i) })] };
    case 'expect_column_values_to_match_strftime_format':
      return { checks: [withMostly(i, { type: 'parseable_date', column: col, format: i.strftime_format })] };
    case 'expect_column_values_to_be_dateutil_parseable':
      return { checks: [withMostly(i, { type: 'parseable_date', column: col })] };
    case 'expect_column_most_common_value_to_be_in_set':
      return { checks: [{ type: 'aggregate', column: col, metric: 'most_common_value', values: i.value_set, ...(i.ties_okay ? { ties_okay: true } : {}) }] };
    case 'expect_column_quantile_values_to_be_between': {
      const r = i.quantile_ranges as { quantiles: number[]; value_ranges: (number | null)[][] };
      return {
        all: true,
        checks: r.quantiles.map((q, k) => {
          const [min, max] = r.value_ranges[k] ?? [];
          return { type: 'aggregate', column: col, metric: 'quantile', q, ...(min != null ? { min } : {}), ...(max != null ? { max } : {}) };
        }),
      };
    }
    case 'expect_column_pair_values_a_to_be_greater_than_b':
      if (i.ignore_row_if !== undefined && i.ignore_row_if !== 'either_value_is_missing') return { skip: `ignore_row_if ${String(i.ignore_row_if)} not offered (rows with a missing value are ignored)` };
      return { checks: [withMostly(i, { type: 'column_pair', a: i.column_A, op: i.or_equal ? '>=' : '>', b: i.column_B })] };
    case 'expect_table_row_count_to_be_between':
      if (i.min_value == null && i.max_value == null && !i.catch_exceptions) return { skip: 'a row_count check without min or max is refused as a mistake, not vacuously true' };
      return { checks: [{ type: 'row_count', ...bounds(i) }] };
    case 'expect_table_row_count_to_equal':
      return { checks: [{ type: 'row_count', min: i.value, max: i.value }] };
    case 'expect_column_to_exist':
      return { checks: [{ type: 'schema', columns: { [String(col)]: 'any' }, allow_extra: true }] };
    case 'unexpected_rows_expectation':
      return { checks: [{ type: 'custom_sql', sql: String(i.unexpected_rows_query).replace(/\{batch\}/g, '{dataset}') }] };
    default:
      return { skip: `expectation ${type} not offered` };
  }
}

const KNOWN_PARAMS: Record<string, string[]> = {
  expect_column_min_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_max_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_mean_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_median_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_stdev_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_sum_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_unique_value_count_to_be_between: ['min_value', 'max_value'],
  expect_column_proportion_of_unique_values_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_values_to_not_be_null: [],
  expect_column_values_to_be_unique: [],
  expect_column_values_to_be_dateutil_parseable: [],
  expect_compound_columns_to_be_unique: ['column_list'],
  expect_column_values_to_be_in_set: ['value_set'],
  expect_column_values_to_not_be_in_set: ['value_set'],
  expect_column_values_to_be_between: ['min_value', 'max_value', 'strict_min', 'strict_max'],
  expect_column_values_to_match_regex: ['regex'],
  expect_column_values_to_match_like_pattern: ['like_pattern'],
  expect_column_value_lengths_to_be_between: ['min_value', 'max_value'],
  expect_column_values_to_match_strftime_format: ['strftime_format'],
  expect_column_most_common_value_to_be_in_set: ['value_set', 'ties_okay'],
  expect_column_quantile_values_to_be_between: ['quantile_ranges', 'allow_relative_error'],
  expect_column_pair_values_a_to_be_greater_than_b: ['or_equal', 'ignore_row_if'],
  expect_table_row_count_to_be_between: ['min_value', 'max_value'],
  expect_table_row_count_to_equal: ['value'],
  expect_column_to_exist: [],
  unexpected_rows_expectation: ['unexpected_rows_query'],
};

/** Whether a case applies to an engine, by GE's only_for / suppress_test_for labels. */
export function appliesTo(labels: string[], ds: GeDataset, c: GeCase): string | null {
  for (const only of [ds.only_for, c.only_for]) if (only && !only.some((l) => labels.includes(l))) return `only for ${only.join(', ')}`;
  for (const sup of [ds.suppress_test_for, c.suppress_test_for]) if (sup && sup.some((l) => labels.includes(l))) return `suppressed for ${labels[0]}`;
  return null;
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** Compares our outcomes with the expected `out`; returns null when they agree, else the difference. */
export function compareOutcome(input: GeIn, out: Record<string, unknown>, outcomes: CheckOutcome[], all: boolean, tolerance: number | undefined): string | null {
  const errors = outcomes.filter((o) => o.status === 'error');
  // GE's runner expects an exception when the case says so, or catches one and expects no result.
  const expectsError = out.traceback_substring !== undefined || (input.catch_exceptions === true && out.success === undefined);
  if (expectsError) return errors.length ? null : `expected an error, got ${outcomes.map((o) => o.status).join(', ')}`;
  if (errors.length) return `error: ${errors[0]?.message}`;
  const success = outcomes.every((o) => o.status === 'pass');
  if (typeof out.success === 'boolean' && out.success !== success) return `expected success=${out.success}, got ${success} (${outcomes.map((o) => o.message).join('; ')})`;
  const tol = tolerance ?? 1e-7;
  const observed = out.observed_value;
  if (typeof observed === 'number' && outcomes.length === 1 && typeof outcomes[0]?.observed === 'number' && outcomes[0].elements === undefined) {
    if (!close(outcomes[0].observed, observed, tol)) return `expected observed ${observed}, got ${outcomes[0].observed}`;
  }
  if (all && observed && typeof observed === 'object' && Array.isArray((observed as { values?: unknown }).values)) {
    const values = (observed as { values: unknown[] }).values;
    for (const [k, v] of values.entries()) {
      const got = outcomes[k]?.observed;
      if (typeof v === 'number' && typeof got === 'number' && !close(got, v, tol)) return `quantile ${k}: expected ${v}, got ${got}`;
    }
  }
  if (Array.isArray(out.unexpected_list) && outcomes.length === 1 && outcomes[0]?.unexpected !== undefined && outcomes[0].type !== 'schema') {
    if (out.unexpected_list.length !== outcomes[0].unexpected) return `expected ${out.unexpected_list.length} unexpected values, got ${outcomes[0].unexpected}`;
  }
  return null;
}
