// Maps Great Expectations test cases onto Traction checks (pure). An expectation type or a
// parameter we do not offer becomes a skip with the reason; everything else becomes one
// or more of our checks, and the case passes when our verdict (and, where the case gives
// them, the observed number and the count of unexpected values) matches the expected one.
import type { CheckOutcome } from '../check-evaluation.js';
import { withParameters } from './ge-parameters.js';

export type GeIn = Record<string, unknown>;
export interface GeCase {
  title: string;
  in: GeIn;
  out: Record<string, unknown>;
  /** Set when GE's runner expects the expectation to raise. */
  error?: { traceback_substring?: string };
  tolerance?: number;
  only_for?: string[];
  suppress_test_for?: string[];
}
export interface GeDataset {
  /** One table's columns, or (multi-table expectations) several named tables, the first the one checked. */
  data: Record<string, unknown[]> | { dataset_name: string; data: Record<string, unknown[]> }[];
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

// A mostly that is not a number reaches our schema, which refuses it (GE raises too).
const withMostly = (i: GeIn, check: Record<string, unknown>) => (i.mostly !== undefined && i.mostly !== null ? { ...check, mostly: i.mostly } : check);
const bounds = (i: GeIn) => ({ ...(i.min_value != null ? { min: i.min_value } : {}), ...(i.max_value != null ? { max: i.max_value } : {}) });

/** Whether GE's runner expects the case to raise (or to catch what it raised). */
export const expectsError = (input: GeIn, out: Record<string, unknown>, error?: unknown): boolean =>
  out.traceback_substring !== undefined || error !== undefined || (input.catch_exceptions === true && out.success === undefined);

/**
 * Our checks for a case, or why it is skipped. Evaluation parameters are evaluated first, as
 * GE does (ge-parameters.ts). A case that expects GE to raise is mapped even when we refuse
 * its checks as a mistake: our refusal is then the error it expects.
 */
export function mapCase(type: string, given: GeIn, options: { now?: Date; expectsError?: boolean } = {}): Mapped {
  const evaluated = withParameters(given, options.now ?? new Date());
  if ('skip' in evaluated) return evaluated;
  const mapped = mapEvaluated(type, evaluated.in);
  if ('skip' in mapped && options.expectsError && mapped.skip.includes('is refused as a mistake')) return { checks: [refusedAsMistake(type, evaluated.in)] };
  return mapped;
}

/** The check a vacuous case would be, which our schema refuses (GE raises for these too). */
function refusedAsMistake(type: string, i: GeIn): Record<string, unknown> {
  const agg = AGGREGATES[type];
  if (agg) return { type: 'aggregate', column: i.column, metric: agg };
  if (type === 'expect_table_row_count_to_be_between') return { type: 'row_count' };
  if (type === 'expect_table_column_count_to_be_between') return { type: 'column_count' };
  return { type: 'distinct_values', column: i.column, values: null };
}

function mapEvaluated(type: string, i: GeIn): Mapped {
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
    case 'expect_table_row_count_to_equal_other_table':
      // The runner loads the file's other tables as datasets named by their dataset_name.
      return { checks: [{ type: 'row_count', same_as: i.other_table_name }] };
    case 'expect_column_to_exist':
      // GE's column_index counts from 0; our `at` from 1.
      if (typeof i.column_index === 'number') return { checks: [{ type: 'columns_match', columns: [col], at: i.column_index + 1 }] };
      return { checks: [{ type: 'schema', columns: { [String(col)]: 'any' }, allow_extra: true }] };
    case 'expect_column_distinct_values_to_be_in_set':
    case 'expect_column_distinct_values_to_contain_set':
    case 'expect_column_distinct_values_to_equal_set': {
      if (i.value_set == null) return { skip: 'a value_set of null (any value) is refused as a mistake, not vacuously true' };
      const mode = type.endsWith('_contain_set') ? 'contains' : type.endsWith('_be_in_set') ? 'in_set' : 'equals';
      return { checks: [{ type: 'distinct_values', column: col, mode, values: i.value_set }] };
    }
    case 'expect_table_column_count_to_be_between':
      if (i.min_value == null && i.max_value == null) return { skip: 'a column_count check without min or max is refused as a mistake, not vacuously true' };
      return { checks: [{ type: 'column_count', ...bounds(i) }] };
    case 'expect_table_column_count_to_equal':
      return { checks: [{ type: 'column_count', min: i.value, max: i.value }] };
    case 'expect_table_columns_to_match_ordered_list':
      if (i.column_list == null) return { skip: 'a column_list of null (any columns) is refused as a mistake, not vacuously true' };
      return { checks: [{ type: 'columns_match', columns: i.column_list, ordered: true }] };
    case 'expect_table_columns_to_match_set':
      return { checks: [{ type: 'columns_match', columns: i.column_set, ...(i.exact_match === false ? { exact: false } : {}) }] };
    case 'expect_column_pair_values_to_be_in_set':
      return { checks: [withMostly(i, { type: 'column_pair_set', a: i.column_A, b: i.column_B, pairs: i.value_pairs_set, ...(i.ignore_row_if !== undefined ? { ignore_row_if: i.ignore_row_if } : {}) })] };
    case 'expect_multicolumn_sum_to_equal':
      return { checks: [withMostly(i, { type: 'multicolumn_sum', columns: i.column_list, total: i.sum_total, ...(i.ignore_row_if !== undefined ? { ignore_row_if: i.ignore_row_if } : {}) })] };
    case 'expect_select_column_values_to_be_unique_within_record':
      return { checks: [withMostly(i, { type: 'unique_within_record', columns: i.column_list, ...(i.ignore_row_if !== undefined ? { ignore_row_if: i.ignore_row_if } : {}) })] };
    case 'expect_column_values_to_be_increasing':
    case 'expect_column_values_to_be_decreasing':
      return { checks: [withMostly(i, { type: 'monotonic', column: col, direction: type.endsWith('increasing') ? 'increasing' : 'decreasing', ...(i.strictly ? { strict: true } : {}) })] };
    case 'expect_column_values_to_be_null':
      return { checks: [withMostly(i, { type: 'is_null', column: col })] };
    case 'expect_column_values_to_not_match_regex':
      return { checks: [withMostly(i, { type: 'regex_list', column: col, patterns: [i.regex], match: 'none' })] };
    case 'expect_column_values_to_match_regex_list':
    case 'expect_column_values_to_not_match_regex_list':
      return { checks: [withMostly(i, { type: 'regex_list', column: col, patterns: i.regex_list, match: type.includes('not_match') ? 'none' : i.match_on === 'all' ? 'all' : 'any' })] };
    case 'expect_column_values_to_not_match_like_pattern':
      return { checks: [withMostly(i, { type: 'like_list', column: col, patterns: [i.like_pattern], match: 'none' })] };
    case 'expect_column_values_to_match_like_pattern_list':
    case 'expect_column_values_to_not_match_like_pattern_list':
      return { checks: [withMostly(i, { type: 'like_list', column: col, patterns: i.like_pattern_list, match: type.includes('not_match') ? 'none' : i.match_on === 'all' ? 'all' : 'any' })] };
    case 'expect_column_value_lengths_to_equal':
      return { checks: [withMostly(i, { type: 'length', column: col, min: i.value, max: i.value })] };
    case 'expect_column_values_to_be_of_type':
      return { checks: [{ type: 'column_type', column: col, types: [i.type_] }] };
    case 'expect_column_values_to_be_in_type_list':
      if (i.type_list == null) return { skip: 'a type_list of null (any type) is refused as a mistake, not vacuously true' };
      return { checks: [{ type: 'column_type', column: col, types: i.type_list }] };
    case 'expect_column_values_to_be_json_parseable':
      return { checks: [withMostly(i, { type: 'json', column: col })] };
    case 'expect_column_values_to_match_json_schema':
      return { checks: [withMostly(i, { type: 'json', column: col, schema: i.json_schema })] };
    case 'expect_column_value_z_scores_to_be_less_than':
      return { checks: [withMostly(i, { type: 'z_score', column: col, threshold: i.threshold, ...(i.double_sided === false ? { double_sided: false } : {}) })] };
    case 'expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than':
      return { checks: [{ type: 'ks_test', column: col, distribution: i.distribution, params: ksParams(String(i.distribution), i.params), ...(i.p_value != null ? { p_value: i.p_value } : {}) }] };
    case 'expect_column_bootstrapped_ks_test_p_value_to_be_greater_than':
      return {
        checks: [
          {
            type: 'bootstrap_ks_test',
            column: col,
            partition: i.partition_object,
            ...(i.p != null ? { p: i.p } : {}),
            ...(i.bootstrap_samples != null ? { bootstrap_samples: i.bootstrap_samples } : {}),
            ...(i.bootstrap_sample_size != null ? { bootstrap_sample_size: i.bootstrap_sample_size } : {}),
          },
        ],
      };
    case 'expect_column_chisquare_test_p_value_to_be_greater_than':
      return { checks: [{ type: 'chi_square_test', column: col, partition: i.partition_object, ...(i.p != null ? { p: i.p } : {}), ...(i.tail_weight_holdout != null ? { tail_weight_holdout: i.tail_weight_holdout } : {}) }] };
    case 'expect_column_kl_divergence_to_be_less_than':
      if (i.partition_object == null || i.threshold == null) return { skip: 'a KL divergence without a partition and a threshold (profiling) is refused as a mistake, not vacuously true' };
      return {
        checks: [
          {
            type: 'kl_divergence',
            column: col,
            partition: i.partition_object,
            threshold: i.threshold,
            ...(i.tail_weight_holdout != null ? { tail_weight_holdout: i.tail_weight_holdout } : {}),
            ...(i.internal_weight_holdout != null ? { internal_weight_holdout: i.internal_weight_holdout } : {}),
          },
        ],
      };
    case 'expect_column_pair_cramers_phi_value_to_be_less_than':
      if (i.bins_A !== undefined || i.bins_B !== undefined || i.n_bins_A !== undefined || i.n_bins_B !== undefined) return { skip: 'binning columns before the test (bins_A/B, n_bins_A/B) not offered: bin with a where or a view' };
      return { checks: [{ type: 'cramers_phi', a: i.column_A, b: i.column_B, max: i.threshold ?? 0.1 }] };
    case 'unexpected_rows_expectation':
      return { checks: [{ type: 'custom_sql', sql: String(i.unexpected_rows_query).replace(/\{batch\}/g, '{dataset}') }] };
    default:
      return { skip: `expectation ${type} not offered` };
  }
}

/**
 * GE's KS parameters (a dict, or scipy's positional tuple) as Traction's names. GE hands a
 * uniform's {min, max} to scipy as (loc, scale), so "max" is the interval's width there; the
 * mapping keeps that meaning.
 */
const KS_ORDER: Record<string, string[]> = {
  norm: ['mean', 'std_dev'],
  uniform: ['loc', 'scale'],
  expon: ['loc', 'scale'],
  gamma: ['alpha', 'loc', 'scale'],
  beta: ['alpha', 'beta', 'loc', 'scale'],
  chi2: ['df', 'loc', 'scale'],
};
function ksParams(distribution: string, params: unknown): Record<string, number> {
  const order = KS_ORDER[distribution] ?? [];
  if (Array.isArray(params)) return Object.fromEntries(params.map((v, k) => [order[k] ?? `p${k}`, v as number]));
  const p = { ...(params as Record<string, number>) };
  if (distribution === 'uniform' && ('min' in p || 'max' in p)) return { loc: p.min as number, scale: p.max as number };
  return p;
}

const KNOWN_PARAMS: Record<string, string[]> = {
  expect_column_distinct_values_to_be_in_set: ['value_set'],
  expect_column_distinct_values_to_contain_set: ['value_set'],
  expect_column_distinct_values_to_equal_set: ['value_set'],
  expect_table_column_count_to_be_between: ['min_value', 'max_value'],
  expect_table_column_count_to_equal: ['value'],
  expect_table_columns_to_match_ordered_list: ['column_list'],
  expect_table_columns_to_match_set: ['column_set', 'exact_match'],
  expect_column_pair_values_to_be_in_set: ['value_pairs_set', 'ignore_row_if'],
  expect_multicolumn_sum_to_equal: ['column_list', 'sum_total', 'ignore_row_if'],
  expect_select_column_values_to_be_unique_within_record: ['column_list', 'ignore_row_if'],
  expect_column_values_to_be_increasing: ['strictly'],
  expect_column_values_to_be_decreasing: ['strictly'],
  expect_column_values_to_be_null: [],
  expect_column_values_to_not_match_regex: ['regex'],
  expect_column_values_to_match_regex_list: ['regex_list', 'match_on'],
  expect_column_values_to_not_match_regex_list: ['regex_list'],
  expect_column_values_to_not_match_like_pattern: ['like_pattern'],
  expect_column_values_to_match_like_pattern_list: ['like_pattern_list', 'match_on'],
  expect_column_values_to_not_match_like_pattern_list: ['like_pattern_list'],
  expect_column_value_lengths_to_equal: ['value'],
  expect_column_values_to_be_of_type: ['type_'],
  expect_column_values_to_be_in_type_list: ['type_list'],
  expect_column_values_to_be_json_parseable: [],
  expect_column_values_to_match_json_schema: ['json_schema'],
  expect_column_value_z_scores_to_be_less_than: ['threshold', 'double_sided'],
  expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than: ['distribution', 'params', 'p_value'],
  expect_column_bootstrapped_ks_test_p_value_to_be_greater_than: ['partition_object', 'p', 'bootstrap_samples', 'bootstrap_sample_size'],
  expect_column_chisquare_test_p_value_to_be_greater_than: ['partition_object', 'p', 'tail_weight_holdout'],
  expect_column_kl_divergence_to_be_less_than: ['partition_object', 'threshold', 'tail_weight_holdout', 'internal_weight_holdout', 'bucketize_data'],
  expect_column_pair_cramers_phi_value_to_be_less_than: ['bins_A', 'bins_B', 'n_bins_A', 'n_bins_B', 'threshold'],
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
  expect_table_row_count_to_equal_other_table: ['other_table_name'],
  expect_column_to_exist: ['column_index'],
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
export function compareOutcome(input: GeIn, out: Record<string, unknown>, outcomes: CheckOutcome[], all: boolean, tolerance: number | undefined, error?: unknown): string | null {
  const errors = outcomes.filter((o) => o.status === 'error');
  // GE's runner expects an exception when the case says so, or catches one and expects no result.
  if (expectsError(input, out, error)) return errors.length ? null : `expected an error, got ${outcomes.map((o) => o.status).join(', ')}`;
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
