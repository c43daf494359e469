// The data-check vocabulary: one strict zod schema per check type, joined in a union
// discriminated by `type`, so `traction validate` reports an unknown or misspelt parameter
// at its line. Semantics (mostly, stddev, nulls) are documented in docs/readiness.md.
import { z } from 'zod';
import { regexProblem } from './regex.js';

const column = z.string().min(1).describe('column name');
const mostly = z.number().min(0).max(1).optional().describe('fraction of non-null values that must pass (default 1)');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Options every check accepts. */
const common = {
  name: z.string().min(1).optional().describe('a name for reports; default type(column)'),
  severity: z.enum(['warn', 'fail']).default('fail'),
  where: z.string().min(1).optional().describe('SQL filter applied before the check'),
};

const atLeastOneBound = (c: { min?: unknown; max?: unknown }) => c.min !== undefined || c.max !== undefined;
const ordered = (c: { min?: string | number; max?: string | number }) => c.min === undefined || c.max === undefined || typeof c.min !== typeof c.max || c.min <= c.max;
const orderedMessage = { message: 'min must not be greater than max' };

export const rowCountCheckSchema = z
  .strictObject({
    type: z.literal('row_count'),
    ...common,
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
    max_change: z.number().positive().optional().describe('largest relative change against the previous run, e.g. 0.3 = 30%'),
    same_as: z.string().min(1).optional().describe('the id of another dataset whose row count this one must equal (GE expect_table_row_count_to_equal_other_table)'),
  })
  .refine((c) => atLeastOneBound(c) || c.max_change !== undefined || c.same_as !== undefined, { message: 'row_count needs min, max, max_change or same_as' })
  .refine(ordered, orderedMessage);

export const freshnessCheckSchema = z.strictObject({
  type: z.literal('freshness'),
  ...common,
  column,
  max_age_hours: z.number().positive(),
  format: z
    .string()
    .min(1)
    .optional()
    .describe('for a text column: the strftime format of its timestamps, fields from year down (e.g. %Y-%m-%d %H:%M:%S); read as UTC'),
});

export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp', 'any'] as const;
export const schemaCheckSchema = z.strictObject({
  type: z.literal('schema'),
  ...common,
  columns: z.record(z.string().min(1), z.enum(COLUMN_TYPES)).describe('required columns and their types'),
  allow_extra: z.boolean().default(false).describe('whether columns not listed are allowed'),
});

export const notNullCheckSchema = z.strictObject({ type: z.literal('not_null'), ...common, column, mostly });

export const uniqueCheckSchema = z
  .strictObject({
    type: z.literal('unique'),
    ...common,
    column: column.optional(),
    columns: z.array(column).min(1).optional().describe('compound key'),
    mostly,
  })
  .refine((c) => (c.column === undefined) !== (c.columns === undefined), { message: 'unique needs exactly one of column or columns' });

export const acceptedValuesCheckSchema = z.strictObject({
  type: z.literal('accepted_values'),
  ...common,
  column,
  values: z.array(scalar).describe('the accepted values; an empty list accepts nothing'),
  mostly,
});

export const notInSetCheckSchema = z.strictObject({
  type: z.literal('not_in_set'),
  ...common,
  column,
  values: z.array(scalar).min(1),
  mostly,
});

const bound = z.union([z.number(), z.string()]).describe('a number, or a date/time as ISO text');
export const rangeCheckSchema = z
  .strictObject({
    type: z.literal('range'),
    ...common,
    column,
    min: bound.optional(),
    max: bound.optional(),
    strict_min: z.boolean().default(false),
    strict_max: z.boolean().default(false),
    mostly,
  })
  .refine(atLeastOneBound, { message: 'range needs min or max' })
  .refine(ordered, orderedMessage);

export const regexCheckSchema = z.strictObject({
  type: z.literal('regex'),
  ...common,
  column,
  pattern: z
    .string()
    .superRefine((p, ctx) => {
      const problem = regexProblem(p);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${problem} (see "Regular expressions" in docs/readiness.md)` });
    })
    .describe('a regular expression (the portable subset of docs/readiness.md) the value must contain a match of'),
  ignore_case: z.boolean().default(false).describe('match letters regardless of case (as a leading (?i) does)'),
  mostly,
});

export const likeCheckSchema = z.strictObject({
  type: z.literal('like'),
  ...common,
  column,
  pattern: z.string().min(1).describe('an SQL LIKE pattern (% and _)'),
  mostly,
});

export const lengthCheckSchema = z
  .strictObject({
    type: z.literal('length'),
    ...common,
    column,
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
    mostly,
  })
  .refine(atLeastOneBound, { message: 'length needs min or max' })
  .refine(ordered, orderedMessage);

export const parseableDateCheckSchema = z.strictObject({
  type: z.literal('parseable_date'),
  ...common,
  column,
  format: z.string().min(1).optional().describe('strftime format such as %Y-%m-%d; default ISO 8601'),
  mostly,
});

export const AGGREGATE_METRICS = [
  'min',
  'max',
  'mean',
  'median',
  'quantile',
  'stddev',
  'sum',
  'distinct_count',
  'proportion_unique',
  'most_common_value',
] as const;
export type AggregateMetric = (typeof AGGREGATE_METRICS)[number];
const NUMERIC_METRICS = new Set<string>(['mean', 'stddev', 'sum', 'distinct_count', 'proportion_unique']);

export const aggregateCheckSchema = z
  .strictObject({
    type: z.literal('aggregate'),
    ...common,
    column,
    metric: z.enum(AGGREGATE_METRICS),
    q: z.number().min(0).max(1).optional().describe('the quantile, for metric quantile'),
    min: bound.optional(),
    max: bound.optional(),
    values: z.array(scalar).min(1).optional().describe('accepted values, for metric most_common_value'),
    ties_okay: z.boolean().default(false).describe('most_common_value: with a tie, pass when any mode is accepted'),
  })
  .refine((c) => c.metric !== 'quantile' || c.q !== undefined, { message: 'metric quantile needs q', path: ['q'] })
  .refine((c) => !NUMERIC_METRICS.has(c.metric) || [c.min, c.max].every((b) => b === undefined || typeof b === 'number'), {
    message: 'min and max of this metric must be numbers',
  })
  .refine((c) => (c.metric === 'most_common_value' ? c.values !== undefined : atLeastOneBound(c)), {
    message: 'an aggregate needs min or max (values for most_common_value)',
  })
  .refine(ordered, orderedMessage);

export const PAIR_OPS = ['>', '>=', '=', '<', '<=', '!='] as const;
export const columnPairCheckSchema = z.strictObject({
  type: z.literal('column_pair'),
  ...common,
  a: column,
  op: z.enum(PAIR_OPS),
  b: column,
  mostly,
});

const keyColumns = z.array(column).min(1);
export const referentialIntegrityCheckSchema = z
  .strictObject({
    type: z.literal('referential_integrity'),
    ...common,
    column: column.optional(),
    columns: keyColumns.optional().describe('a composite key, matched column by column with to.columns'),
    to: z.strictObject({ dataset: z.string().min(1), column: column.optional(), columns: keyColumns.optional() }),
    mostly,
  })
  .refine((c) => (c.column === undefined) !== (c.columns === undefined), { message: 'referential_integrity needs exactly one of column or columns' })
  .refine((c) => (c.to.column === undefined) !== (c.to.columns === undefined), { message: 'to needs exactly one of column or columns', path: ['to'] })
  .refine((c) => (c.columns?.length ?? 1) === (c.to.columns?.length ?? 1), { message: 'columns and to.columns must name as many columns', path: ['to', 'columns'] });

export const duplicateRowsCheckSchema = z.strictObject({
  type: z.literal('duplicate_rows'),
  ...common,
  columns: z.array(column).min(1).describe('the columns that make two rows the same'),
});

export const customSqlCheckSchema = z.strictObject({
  type: z.literal('custom_sql'),
  ...common,
  sql: z.string().min(1).describe('a SELECT returning the failing rows; {dataset} names the dataset relation'),
});

// ---- The rest of the Great Expectations catalogue (issue 18). Each schema names the GE
// expectation(s) it answers; docs/readiness.md has an example of each and the deliberate
// differences. Row-level ones count `mostly` over the rows they judge, as above.

export const distinctValuesCheckSchema = z.strictObject({
  type: z.literal('distinct_values'),
  ...common,
  column,
  mode: z.enum(['in_set', 'contains', 'equals']).describe('in_set: every distinct value is listed; contains: every listed value occurs; equals: both'),
  values: z.array(scalar).describe('GE expect_column_distinct_values_to_be_in_set / _to_contain_set / _to_equal_set'),
});

export const columnCountCheckSchema = z
  .strictObject({
    type: z.literal('column_count'),
    ...common,
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
  })
  .describe('GE expect_table_column_count_to_be_between / _to_equal (min = max)')
  .refine(atLeastOneBound, { message: 'column_count needs min or max' })
  .refine(ordered, orderedMessage);

export const columnsMatchCheckSchema = z
  .strictObject({
    type: z.literal('columns_match'),
    ...common,
    columns: z.array(column).describe('the columns expected'),
    ordered: z.boolean().default(false).describe('the table has exactly these columns in this order'),
    exact: z.boolean().default(true).describe('false: the table may have more columns than listed'),
    at: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('the listed columns stand together, in this order, from this position (1 = first); other columns may come before and after'),
  })
  .describe('GE expect_table_columns_to_match_set (exact_match) / _to_match_ordered_list (ordered) / expect_column_to_exist (column_index: at)')
  .refine((c) => !(c.ordered && !c.exact), { message: 'an ordered list is always an exact match; drop exact: false', path: ['exact'] })
  .refine((c) => !(c.at !== undefined && c.ordered), { message: 'at places the columns from a position; drop ordered (other columns may surround them)', path: ['at'] });

export const columnPairSetCheckSchema = z.strictObject({
  type: z.literal('column_pair_set'),
  ...common,
  a: column,
  b: column,
  pairs: z.array(z.tuple([scalar, scalar])).min(1).describe('the accepted (a, b) pairs; GE expect_column_pair_values_to_be_in_set'),
  ignore_row_if: z.enum(['both_values_are_missing', 'either_value_is_missing', 'never']).default('both_values_are_missing'),
  mostly,
});

const ignoreRowIf = z.enum(['all_values_are_missing', 'any_value_is_missing', 'never']).default('all_values_are_missing');

export const multicolumnSumCheckSchema = z.strictObject({
  type: z.literal('multicolumn_sum'),
  ...common,
  columns: z.array(column).min(1),
  total: z.number().describe('the sum every row must have; GE expect_multicolumn_sum_to_equal'),
  ignore_row_if: ignoreRowIf,
  mostly,
});

export const uniqueWithinRecordCheckSchema = z.strictObject({
  type: z.literal('unique_within_record'),
  ...common,
  columns: z.array(column).min(2).describe('no two of these hold the same value in a row; GE expect_select_column_values_to_be_unique_within_record'),
  ignore_row_if: ignoreRowIf,
  mostly,
});

export const monotonicCheckSchema = z.strictObject({
  type: z.literal('monotonic'),
  ...common,
  column,
  direction: z.enum(['increasing', 'decreasing']).describe('GE expect_column_values_to_be_increasing / _decreasing'),
  strict: z.boolean().default(false).describe('equal neighbours fail'),
  order_by: z.array(column).min(1).optional().describe('the row order; default the stored order (refused where the engine keeps none)'),
  mostly,
});

export const isNullCheckSchema = z.strictObject({ type: z.literal('is_null'), ...common, column, mostly }).describe('GE expect_column_values_to_be_null');

const listMatch = z.enum(['any', 'all', 'none']).default('any').describe('any: a value matches one pattern; all: every pattern; none: no pattern');
export const regexListCheckSchema = z.strictObject({
  type: z.literal('regex_list'),
  ...common,
  column,
  patterns: z.array(z.string()).min(1).describe('GE expect_column_values_to_match_regex_list / _not_match_regex / _not_match_regex_list'),
  match: listMatch,
  mostly,
});

export const likeListCheckSchema = z.strictObject({
  type: z.literal('like_list'),
  ...common,
  column,
  patterns: z.array(z.string().min(1)).min(1).describe('GE expect_column_values_to_match_like_pattern_list / _not_match_like_pattern(_list)'),
  match: listMatch,
  mostly,
});

export const columnTypeCheckSchema = z.strictObject({
  type: z.literal('column_type'),
  ...common,
  column,
  types: z.array(z.string().min(1)).min(1).describe("accepted types: Traction's (string, integer, number, boolean, date, timestamp) or the engine's own names; GE expect_column_values_to_be_of_type / _in_type_list"),
});

export const jsonCheckSchema = z.strictObject({
  type: z.literal('json'),
  ...common,
  column,
  schema: z.record(z.string(), z.unknown()).optional().describe('a JSON Schema every value must match; without it, values must parse as JSON'),
  mostly,
}).describe('GE expect_column_values_to_be_json_parseable / _to_match_json_schema');

export const zScoreCheckSchema = z.strictObject({
  type: z.literal('z_score'),
  ...common,
  column,
  threshold: z.number().describe('largest z-score (sample standard deviation) a value may have'),
  double_sided: z.boolean().default(true).describe('compare |z| (true) or z (false) with the threshold'),
  mostly,
}).describe('GE expect_column_value_z_scores_to_be_less_than');

export const KS_DISTRIBUTIONS = ['norm', 'uniform', 'expon', 'gamma', 'beta', 'chi2'] as const;
export const ksTestCheckSchema = z.strictObject({
  type: z.literal('ks_test'),
  ...common,
  column,
  distribution: z.enum(KS_DISTRIBUTIONS),
  params: z.record(z.string(), z.number()).describe('norm: mean, std_dev; uniform: min, max; expon: loc, scale; gamma: alpha, loc, scale; beta: alpha, beta, loc, scale; chi2: df, loc, scale'),
  p_value: z.number().min(0).max(1).default(0.05).describe('pass when the p-value is at least this'),
}).describe('GE expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than');

const finiteNumber = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const weights = z.array(z.number().nonnegative()).min(1);
const continuousPartition = z.strictObject({
  bins: z.array(z.union([z.number(), z.literal(-Infinity), z.literal(Infinity)])).min(2).describe('bin edges, increasing; -.inf / .inf allowed at the ends (kl_divergence)'),
  weights,
  tail_weights: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).optional(),
});
const categoricalPartition = z.strictObject({ values: z.array(scalar).min(1), weights });

export const bootstrapKsTestCheckSchema = z.strictObject({
  type: z.literal('bootstrap_ks_test'),
  ...common,
  column,
  partition: z.strictObject({ bins: z.array(finiteNumber).min(2), weights }),
  p: z.number().min(0).max(1).default(0.05),
  bootstrap_samples: z.number().int().positive().max(100000).default(1000),
  bootstrap_sample_size: z.number().int().positive().optional().describe('default twice the number of bins'),
  seed: z.number().int().nonnegative().default(0).describe('seed of the resampling, so a run can be repeated'),
}).describe('GE expect_column_bootstrapped_ks_test_p_value_to_be_greater_than');

export const chiSquareTestCheckSchema = z.strictObject({
  type: z.literal('chi_square_test'),
  ...common,
  column,
  partition: categoricalPartition,
  p: z.number().min(0).max(1).default(0.05),
  tail_weight_holdout: z.number().min(0).max(1).default(0).describe('expected share of values outside the partition'),
}).describe('GE expect_column_chisquare_test_p_value_to_be_greater_than');

export const klDivergenceCheckSchema = z.strictObject({
  type: z.literal('kl_divergence'),
  ...common,
  column,
  partition: z.union([continuousPartition, categoricalPartition]),
  threshold: z.number().nonnegative(),
  tail_weight_holdout: z.number().min(0).max(1).default(0),
  internal_weight_holdout: z.number().min(0).max(1).default(0),
}).describe('GE expect_column_kl_divergence_to_be_less_than');

export const cramersPhiCheckSchema = z.strictObject({
  type: z.literal('cramers_phi'),
  ...common,
  a: column,
  b: column,
  max: z.number().min(0).max(1).describe("largest Cramér's phi (association) allowed"),
}).describe('GE expect_column_pair_cramers_phi_value_to_be_less_than');

/** The check types added for the whole GE catalogue, for code that handles them apart. */
export const CATALOGUE_TYPES = [
  'distinct_values',
  'column_count',
  'columns_match',
  'column_pair_set',
  'multicolumn_sum',
  'unique_within_record',
  'monotonic',
  'is_null',
  'regex_list',
  'like_list',
  'column_type',
  'json',
  'z_score',
  'ks_test',
  'bootstrap_ks_test',
  'chi_square_test',
  'kl_divergence',
  'cramers_phi',
] as const;

export const checkSchema = z
  .discriminatedUnion('type', [
    rowCountCheckSchema,
    freshnessCheckSchema,
    schemaCheckSchema,
    notNullCheckSchema,
    uniqueCheckSchema,
    acceptedValuesCheckSchema,
    notInSetCheckSchema,
    rangeCheckSchema,
    regexCheckSchema,
    likeCheckSchema,
    lengthCheckSchema,
    parseableDateCheckSchema,
    aggregateCheckSchema,
    columnPairCheckSchema,
    referentialIntegrityCheckSchema,
    duplicateRowsCheckSchema,
    customSqlCheckSchema,
    distinctValuesCheckSchema,
    columnCountCheckSchema,
    columnsMatchCheckSchema,
    columnPairSetCheckSchema,
    multicolumnSumCheckSchema,
    uniqueWithinRecordCheckSchema,
    monotonicCheckSchema,
    isNullCheckSchema,
    regexListCheckSchema,
    likeListCheckSchema,
    columnTypeCheckSchema,
    jsonCheckSchema,
    zScoreCheckSchema,
    ksTestCheckSchema,
    bootstrapKsTestCheckSchema,
    chiSquareTestCheckSchema,
    klDivergenceCheckSchema,
    cramersPhiCheckSchema,
  ])
  .describe('a data check; see docs/readiness.md for the types');
export type Check = z.infer<typeof checkSchema>;
export type CheckType = Check['type'];
export type CheckOf<T extends CheckType> = Extract<Check, { type: T }>;

/**
 * What a source's engine cannot run, said at `traction validate` (and again at run time):
 * undefined when it can. `files` sources run on DuckDB.
 */
export function engineRefusal(check: Check, engine: 'files' | 'duckdb' | 'postgres' | 'mysql' | 'sqlite' | 'clickhouse'): string | undefined {
  if (check.type === 'monotonic' && check.order_by === undefined && engine === 'mysql')
    return 'monotonic needs order_by on MySQL/MariaDB: it keeps no row order of its own';
  if (check.type === 'monotonic' && check.order_by === undefined && engine === 'clickhouse')
    return 'monotonic needs order_by on ClickHouse: a table (a Distributed one above all) keeps no row order of its own';
  return undefined;
}
