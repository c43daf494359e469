// traction.yaml: the organisation, its money and time conventions, teams, budgets,
// stage/gate policy and scoring weights.
import { z } from 'zod';
import { idSchema } from './common.js';
import { DEFAULT_GATES, DEFAULT_SIDE_STAGES, DEFAULT_STAGES, gateSchema, signoffRoleSchema } from './stages.js';
import { modelPriceSchema } from './usage.js';

export const teamSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  capacity_person_weeks_per_quarter: z.number().nonnegative(),
  skills: z.array(z.string().min(1)).default([]).describe('skills available in the team, e.g. ml, llm, data-engineering'),
});
export type Team = z.infer<typeof teamSchema>;

export const scoringWeightsSchema = z.strictObject({
  value: z.number().nonnegative().default(0.4),
  feasibility: z.number().nonnegative().default(0.3),
  strategic_alignment: z.number().nonnegative().default(0.2),
  risk: z.number().nonnegative().default(0.1),
});

export const simulationSchema = z.strictObject({
  draws: z.number().int().min(100).max(1_000_000).default(10_000).describe('Monte Carlo draws per use case'),
  seed: z.number().int().default(1).describe('random seed; the same seed gives the same results'),
});

export const roadmapSettingsSchema = z.strictObject({
  must_do: z.array(idSchema).default([]).describe('use cases the roadmap must include'),
  must_not: z.array(idSchema).default([]).describe('use cases the roadmap must leave out'),
  in_progress_stages: z.array(idSchema).default(['poc', 'pilot']).describe('stages of use cases already under way: fixed in the first quarter'),
  done_stages: z.array(idSchema).default(['production', 'scaled']).describe('stages of use cases already delivered: not planned again'),
  time_limit_seconds: z.number().positive().max(3600).default(30).describe('time limit for the solver'),
});
export type RoadmapSettings = z.infer<typeof roadmapSettingsSchema>;

export const workspaceConfigSchema = z
  .strictObject({
    organisation: z.string().min(1).describe('organisation name'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as EUR'),
    discount_rate: z.number().min(0).max(1).describe('annual discount rate, e.g. 0.1 for 10%'),
    horizon_months: z.number().int().min(1).max(240).describe('planning horizon of business cases, in months'),
    fiscal_year_start_month: z.number().int().min(1).max(12).default(1),
    start_quarter: z
      .string()
      .regex(/^\d{4}-Q[1-4]$/, 'a fiscal quarter such as 2027-Q1')
      .describe('first quarter of the roadmap'),
    quarters: z.number().int().min(1).max(40).default(8).describe('number of quarters the roadmap plans'),
    budget_per_quarter: z
      .union([z.number().nonnegative(), z.array(z.number().nonnegative()).min(1)])
      .describe('one amount for every quarter, or one per quarter'),
    teams: z.array(teamSchema).min(1),
    roles: z
      .partialRecord(signoffRoleSchema, z.array(z.string().min(1)))
      .default({})
      .describe('who holds which sign-off role'),
    stages: z.array(idSchema).min(2).default([...DEFAULT_STAGES]),
    side_stages: z.array(idSchema).default([...DEFAULT_SIDE_STAGES]),
    gates: z.array(gateSchema).default(DEFAULT_GATES),
    scoring: z
      .strictObject({
        weights: scoringWeightsSchema.default(scoringWeightsSchema.parse({})),
        value_threshold: z.number().optional().describe('expected NPV from which a use case counts as high value (default: the portfolio median)'),
        feasibility_threshold: z.number().min(0).max(100).default(60).describe('feasibility score (0-100) from which a use case counts as feasible'),
      })
      .optional(),
    simulation: simulationSchema.optional().describe('Monte Carlo settings for business cases'),
    roadmap: roadmapSettingsSchema.optional().describe('what the roadmap optimiser must and must not plan'),
    telemetry: z
      .strictObject({
        min_group_size: z.number().int().min(5).default(5).describe('no breakdown of people (departments, cohorts) shows a group of fewer distinct users than this; 5 at least'),
      })
      .default({ min_group_size: 5 })
      .describe('usage from the model services\' telemetry (docs/usage.md)'),
    prices: z.array(modelPriceSchema).default([]).describe('model prices per 1M tokens: the cost of telemetry spans at ingest and bench cost figures (docs/usage.md)'),
  })
  .superRefine((c, ctx) => {
    // A list shorter than the plan used to repeat its last amount without a word; a longer
    // one hid amounts nobody planned with. Either is a budget nobody wrote down.
    const b = c.budget_per_quarter;
    if (Array.isArray(b) && b.length !== 1 && b.length !== c.quarters)
      ctx.addIssue({
        code: 'custom',
        path: ['budget_per_quarter'],
        message: `${b.length} amounts for ${c.quarters} quarters: give one amount for every quarter, or exactly one per quarter (${c.quarters})`,
      });
  });
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
