// traction.yaml: the organisation, its money and time conventions, teams, budgets,
// stage/gate policy and scoring weights.
import { z } from 'zod';
import { idSchema } from './common.js';
import { DEFAULT_GATES, DEFAULT_SIDE_STAGES, DEFAULT_STAGES, gateSchema, signoffRoleSchema } from './stages.js';

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

export const workspaceConfigSchema = z.strictObject({
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
  scoring: z.strictObject({ weights: scoringWeightsSchema.default(scoringWeightsSchema.parse({})) }).optional(),
});
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
