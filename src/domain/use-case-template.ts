// A use-case template: a common mid-market AI use case as data, ready to be made into a use
// case of a workspace (`traction new usecase --template`, "Start from a template" in the
// intake form). It carries the use case minus whatever only the organisation can say (its id,
// owner, sponsor and team), and, beside it, why each number is what it is: every value-stream
// input and every cost rests on a public source (with its year) or on an assumption stated
// plainly. Datasets are suggestions (with the checks that make them usable), because a
// template cannot know the workspace's sources; the gate policy is named, not inlined,
// because gates belong to the whole workspace (traction.yaml), not to one use case.
import { z } from 'zod';
import { checkSchema } from './checks.js';
import { COLUMN_TYPES } from './checks.js';
import { idSchema } from './common.js';
import { gateSchema } from './stages.js';
import { useCaseSchema } from './use-case.js';

export const TEMPLATE_CATEGORIES = ['finance', 'customer_service', 'sales', 'marketing', 'operations', 'supply_chain', 'hr', 'it'] as const;

/** Where a number comes from: a public, checkable source with its year, or an assumption said as one. */
export const basisSchema = z.union([
  z.strictObject({
    source: z.string().min(10).describe('author or publisher and title, as one would look it up'),
    year: z.number().int().min(1950).max(2100),
    url: z.url({ protocol: /^https$/ }).optional(),
    note: z.string().min(10).describe('how the range follows from the source'),
  }),
  z.strictObject({
    assumption: z.string().min(10).describe('the assumption, said plainly; to be replaced by the organisation\'s own figure'),
  }),
]);
export type Basis = z.infer<typeof basisSchema>;

/** The fields a template cannot know: they are the organisation's. */
export const TEMPLATE_OMITS = ['id', 'owner', 'sponsor', 'team', 'stage', 'telemetry'] as const;

/** The use case without the organisation's fields; the full use case is checked on instantiation. */
export const templateUseCaseSchema = z.strictObject(
  Object.fromEntries(Object.entries(useCaseSchema.shape).filter(([k]) => !(TEMPLATE_OMITS as readonly string[]).includes(k))) as {
    [K in Exclude<keyof typeof useCaseSchema.shape, (typeof TEMPLATE_OMITS)[number]>]: (typeof useCaseSchema.shape)[K];
  },
);

export const suggestedDatasetSchema = z.strictObject({
  id: idSchema.describe('the id the use case refers to; rename to the workspace\'s dataset'),
  description: z.string().min(10),
  system: z.string().optional().describe('the business system it usually comes from'),
  columns: z.record(z.string().min(1), z.strictObject({ type: z.enum(COLUMN_TYPES), description: z.string().optional() })),
  checks: z.array(checkSchema).min(1).describe('checks in the workspace\'s vocabulary (docs/readiness.md)'),
});

export const useCaseTemplateSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(3),
  category: z.enum(TEMPLATE_CATEGORIES),
  summary: z.string().min(20),
  use_case: templateUseCaseSchema,
  basis: z
    .record(z.string().min(1), basisSchema)
    .describe('per quantity (value_streams.<stream>.inputs.<input>, usage_value.inputs.<input>, costs.<field>): its source or assumption'),
  kpi_baselines: z.record(idSchema, z.string().min(10)).describe('per KPI: where its baseline comes from and what is typical'),
  datasets: z.array(suggestedDatasetSchema).default([]),
  gate_policy: idSchema.describe('a gate policy of the library (templates/gate-policies)'),
  risk_basis: z.string().min(10).describe('why this EU AI Act class, citing the article or annex'),
});
export type UseCaseTemplate = z.infer<typeof useCaseTemplateSchema>;

export const gatePolicySchema = z.strictObject({
  id: idSchema,
  name: z.string().min(3),
  description: z.string().min(20),
  gates: z.array(gateSchema).min(1),
});
export type GatePolicy = z.infer<typeof gatePolicySchema>;
