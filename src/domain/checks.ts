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
  })
  .refine((c) => atLeastOneBound(c) || c.max_change !== undefined, { message: 'row_count needs min, max or max_change' })
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
  ])
  .describe('a data check; see docs/readiness.md for the types');
export type Check = z.infer<typeof checkSchema>;
export type CheckType = Check['type'];
export type CheckOf<T extends CheckType> = Extract<Check, { type: T }>;
