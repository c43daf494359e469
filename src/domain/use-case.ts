// A use case: one business problem to solve with AI, with its business case, KPIs,
// data needs, dependencies and risk.
import { z } from 'zod';
import { costQuantitySchema, idSchema, nonNegativeQuantity, quantitySchema } from './common.js';
import { telemetryConfigSchema } from './usage.js';
import { scheduleSchema } from './schedule.js';

export const valueStreamSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  kind: z.enum(['revenue', 'cost_saving', 'risk_reduction', 'other']),
  formula: z.string().min(1).describe('monthly value as an expression over the inputs, e.g. "orders * uplift * margin"'),
  inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an input name'), quantitySchema),
  kpi: idSchema.optional().describe('the KPI whose measurements realise this value stream'),
  kpi_input: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an input name')
    .optional()
    .describe('the formula input replaced by the measured KPI improvement over its baseline (see docs/impact.md)'),
  value_per_unit: z.number().optional().describe('monthly value per unit of KPI improvement, when the formula has no such input'),
});
export type ValueStream = z.infer<typeof valueStreamSchema>;

/**
 * The monthly usage figures a value template may use (src/usage/value-template.ts):
 * requests; executions (requests without an error); errors; active_users (distinct in the
 * month); input_tokens and output_tokens; cost (the month's spend on model calls).
 */
export const USAGE_VALUE_VARIABLES = ['requests', 'executions', 'errors', 'active_users', 'input_tokens', 'output_tokens', 'cost'] as const;

export const usageValueSchema = z
  .strictObject({
    formula: z
      .string()
      .min(1)
      .describe(`monthly value from usage in the value-stream formula language, e.g. "executions * minutes_saved / 60 * acceptance_rate * hourly_cost"; usage variables: ${USAGE_VALUE_VARIABLES.join(', ')}`),
    inputs: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an input name'), quantitySchema)
      .default({})
      .describe('named inputs of the formula, e.g. minutes_saved, acceptance_rate, hourly_cost (a range counts at its likely value)'),
  })
  .superRefine((v, ctx) => {
    for (const name of Object.keys(v.inputs))
      if ((USAGE_VALUE_VARIABLES as readonly string[]).includes(name))
        ctx.addIssue({ code: 'custom', message: `"${name}" is a usage variable, measured each month: give the input another name`, path: ['inputs', name] });
  });
export type UsageValue = z.infer<typeof usageValueSchema>;

export const costsSchema = z.strictObject({
  build: costQuantitySchema.describe('one-off build cost'),
  run_monthly: costQuantitySchema.describe('monthly run cost'),
  per_prediction: costQuantitySchema.optional().describe('cost per prediction'),
  predictions_per_month: nonNegativeQuantity('a number of predictions cannot be negative').optional(),
});

export const kpiSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  unit: z.string().min(1),
  direction: z.enum(['up', 'down']).describe('which way is better'),
  baseline: z.number().optional().describe('declared baseline; a recorded baseline is evidence'),
  target: z.number(),
  role: z.enum(['primary', 'guardrail']).default('primary'),
  cadence: z.enum(['weekly', 'monthly', 'quarterly']).optional().describe("how often a value is due; the owner's inbox lists the KPI once its latest value is older"),
  measure: z
    .strictObject({
      source: idSchema.describe('a source of kind postgres, mysql or sqlite (or files, through DuckDB)'),
      sql: z.string().min(1).describe('read-only query returning a `value` column, and optionally `at` (YYYY-MM-DD)'),
      schedule: scheduleSchema.optional().describe('when the query runs by itself (cron, UTC; docs/jobs.md)'),
    })
    .optional()
    .describe('how `traction kpi refresh` computes this KPI'),
});
export type Kpi = z.infer<typeof kpiSchema>;

export const requiredDatasetSchema = z.strictObject({
  dataset: idSchema,
  columns: z.array(z.string().min(1)).default([]).describe('columns this use case needs; empty means all'),
});

export const riskSchema = z.strictObject({
  eu_ai_act: z.enum(['minimal', 'limited', 'high', 'prohibited']),
  notes: z.string().optional(),
});

export const useCaseSchema = z
  .strictObject({
    id: idSchema,
    title: z.string().min(1),
    problem: z.string().min(1),
    objective: z.string().min(1),
    owner: z.string().min(1),
    sponsor: z.string().min(1),
    department: z.string().min(1),
    team: idSchema,
    stage: idSchema.default('idea'),
    value_streams: z.array(valueStreamSchema).default([]),
    usage_value: usageValueSchema.optional().describe('realised value computed from usage after go-live (a value template)'),
    costs: costsSchema,
    adoption_ramp_months: z.number().int().min(0).max(120).default(0),
    probability_of_success: z.number().min(0).max(1),
    effort_person_weeks: z.number().nonnegative(),
    duration_quarters: z.number().int().min(1).max(12).default(1),
    skill_demand: z
      .record(idSchema, z.number().nonnegative())
      .optional()
      .describe('person-weeks of each skill the use case needs over its whole duration (ids from the skill vocabulary in traction.yaml), e.g. { ml: 20, data-engineering: 12 }; spread evenly over duration_quarters like effort_person_weeks'),
    depends_on: z.array(idSchema).default([]),
    datasets: z.array(requiredDatasetSchema).default([]),
    kpis: z.array(kpiSchema).default([]),
    risk: riskSchema,
    feasibility: z
      .strictObject({
        data: z.number().min(0).max(5).optional().describe('declared data readiness 0-5, used until a readiness run exists'),
        technical_complexity: z.number().min(1).max(5).default(3),
        integration_complexity: z.number().min(1).max(5).default(3),
        skills_required: z.array(z.string().min(1)).default([]),
      })
      .optional(),
    strategic_alignment: z.number().min(0).max(5).default(3),
    tags: z.array(z.string().min(1)).default([]),
    telemetry: telemetryConfigSchema.optional().describe('which OpenTelemetry spans are this use case\'s, where user and department come from, and its audience (docs/usage.md)'),
  })
  .superRefine((u, ctx) => {
    const seen = new Set<string>();
    u.kpis.forEach((k, i) => {
      if (seen.has(k.id)) ctx.addIssue({ code: 'custom', message: `duplicate KPI id "${k.id}"`, path: ['kpis', i, 'id'] });
      seen.add(k.id);
    });
    const kpiIds = new Set(u.kpis.map((k) => k.id));
    u.value_streams.forEach((v, i) => {
      if (v.kpi !== undefined && !kpiIds.has(v.kpi))
        ctx.addIssue({ code: 'custom', message: `unknown KPI "${v.kpi}" (declared: ${[...kpiIds].join(', ') || 'none'})`, path: ['value_streams', i, 'kpi'] });
      if ((v.kpi_input !== undefined || v.value_per_unit !== undefined) && v.kpi === undefined)
        ctx.addIssue({ code: 'custom', message: 'kpi_input and value_per_unit need `kpi`: the KPI whose improvement they turn into value', path: ['value_streams', i] });
      if (v.kpi_input !== undefined && v.value_per_unit !== undefined)
        ctx.addIssue({ code: 'custom', message: 'give either kpi_input or value_per_unit, not both', path: ['value_streams', i, 'value_per_unit'] });
      if (v.kpi_input !== undefined && !(v.kpi_input in v.inputs))
        ctx.addIssue({ code: 'custom', message: `kpi_input "${v.kpi_input}" is not one of the inputs (${Object.keys(v.inputs).join(', ')})`, path: ['value_streams', i, 'kpi_input'] });
    });
    if (u.depends_on.includes(u.id))
      ctx.addIssue({ code: 'custom', message: 'a use case cannot depend on itself', path: ['depends_on'] });
  });
export type UseCase = z.infer<typeof useCaseSchema>;

/**
 * The fields of a use case that carry SQL: today each KPI's measure. That SQL runs later on
 * the machine of whoever refreshes KPIs, so writing it needs its own permission
 * (`sql.author` in account.ts). A new SQL-bearing field belongs in this list.
 */
export function sqlFields(u: { kpis: readonly Pick<Kpi, 'id' | 'measure'>[] }): { path: (string | number)[]; kpi: string; source: string; sql: string }[] {
  return u.kpis.flatMap((k, i) => (k.measure ? [{ path: ['kpis', i, 'measure', 'sql'], kpi: k.id, source: k.measure.source, sql: k.measure.sql }] : []));
}
