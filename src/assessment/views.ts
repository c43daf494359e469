// The shapes the assessment answers in, for the API (its OpenAPI document is generated from
// these) and `traction assess ... --json` alike: snake_case like the YAML. The application
// layer (actions.ts) returns them; no formula lives here.
import { z } from 'zod';
import { invitationScopeSchema } from './invitation.js';
import { questionnaireSchema, respondentGroupSchema } from './questionnaire-schema.js';

export const roundStatusSchema = z.enum(['open', 'closed']);

export const roundViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: roundStatusSchema,
  opened_at: z.string(),
  opened_by: z.string(),
  closed_at: z.string().nullable(),
  closed_by: z.string().nullable(),
  questionnaire: z.object({ id: z.string(), title: z.string(), version: z.number().int(), hash: z.string().describe('SHA-256 of the questionnaire the round was opened with') }),
  respondents: z.object({ total: z.number().int(), leadership: z.number().int(), staff: z.number().int() }),
  answered_by_me: z.boolean().describe('whether the calling user has answered this round'),
});
export type RoundView = z.infer<typeof roundViewSchema>;

export const invitationViewSchema = z.object({
  id: z.string(),
  scope_kind: invitationScopeSchema,
  scope_id: z.string(),
  note: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  expires_at: z.string(),
  state: z.enum(['open', 'used', 'expired', 'revoked']),
  used_at: z.string().nullable(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

export const createdInvitationSchema = invitationViewSchema.extend({
  token: z.string().describe('shown once, never stored: send it as the x-invitation-token header'),
  path: z.string().describe('the dashboard path to hand out, the token after "#" (e.g. /assessment/respond#inv_...); prefix it with the server address'),
});

export const levelNameSchema = z.object({ level: z.number().int().min(1).max(5), name: z.string(), description: z.string() });

export const itemResultSchema = z.object({
  id: z.string(),
  text: z.string(),
  weight: z.number(),
  answers: z.number().int(),
  distribution: z.array(z.number().int()).length(5).describe('respondents per level 1..5'),
  median: z.number().nullable(),
  spread: z.object({ q1: z.number(), q3: z.number(), iqr: z.number() }).nullable().describe('interquartile range, quantiles by linear interpolation (Hyndman & Fan 1996, definition 7)'),
  leadership_median: z.number().nullable(),
  staff_median: z.number().nullable(),
  disagreement: z.boolean().describe('leadership and staff medians differ by 2 levels or more'),
});

export const pillarResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  weight: z.number(),
  score: z.number().nullable().describe('weighted mean of the item medians, 1..5; null when no item is answered'),
  percent: z.number().nullable().describe('the score on 0..100: (score - 1) / 4 x 100'),
  level: levelNameSchema.nullable(),
  leadership_score: z.number().nullable(),
  staff_score: z.number().nullable(),
  items: z.array(itemResultSchema),
});

export const benchmarkSchema = z.object({
  id: z.string(),
  figure: z.string().describe('the published figure, as published'),
  value: z.number().nullable().describe('the figure as a number where it is one (a share is 0..1)'),
  about: z.string(),
  source: z.string(),
  publisher: z.string(),
  year: z.number().int(),
  url: z.string(),
});

export const resultsViewSchema = z.object({
  round: roundViewSchema,
  maturity_model: z.object({ source: z.string(), levels: z.array(levelNameSchema) }),
  overall: z.object({ score: z.number().nullable(), percent: z.number().nullable(), level: levelNameSchema.nullable() }),
  pillars: z.array(pillarResultSchema),
  disagreements: z.array(z.object({ item: z.string(), pillar: z.string(), text: z.string(), leadership_median: z.number(), staff_median: z.number(), gap: z.number() })),
  benchmarks: z.array(benchmarkSchema).describe('published figures from others, for context: never data of this workspace'),
  sources: z.array(z.object({ id: z.string(), title: z.string(), publisher: z.string(), year: z.number().int(), url: z.string().optional() })),
});
export type ResultsView = z.infer<typeof resultsViewSchema>;

export const taskViewSchema = z.object({
  id: z.string(),
  round_id: z.string(),
  action_id: z.string(),
  pillar_id: z.string(),
  kind: z.enum(['task', 'use_case']),
  title: z.string(),
  use_case_id: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  status: z.enum(['open', 'done']),
  done_at: z.string().nullable(),
  done_by: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export const gapActionSchema = z.object({
  id: z.string(),
  title: z.string(),
  why: z.string(),
  steps: z.array(z.string()),
  in_traction: z.object({ page: z.string().nullable().describe('dashboard path where this is done'), command: z.string().nullable().describe('the CLI command that does it') }),
  targets: z.array(z.string()).describe('what the action is aimed at, resolved from the store (e.g. the three top-ranked use cases)'),
  use_case_draft: z.object({ title: z.string(), problem: z.string(), objective: z.string(), tags: z.array(z.string()) }).nullable().describe('fields for the intake form when the action becomes a use case'),
  followed_up: z.array(taskViewSchema).describe('tasks and use cases already made from this action in this round'),
});

export const gapViewSchema = z.object({
  round: roundViewSchema,
  overall: z.object({ score: z.number().nullable(), level: levelNameSchema.nullable() }),
  weakest: z.array(
    z.object({
      pillar: z.string(),
      name: z.string(),
      score: z.number(),
      level: levelNameSchema,
      weakest_items: z.array(z.object({ id: z.string(), text: z.string(), median: z.number(), next_level: z.string().nullable().describe('what the next level up looks like') })),
      actions: z.array(gapActionSchema),
    }),
  ),
});
export type GapView = z.infer<typeof gapViewSchema>;

export const trendViewSchema = z.object({
  pillars: z.array(z.object({ id: z.string(), name: z.string() })),
  rounds: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: roundStatusSchema,
      opened_at: z.string(),
      closed_at: z.string().nullable(),
      respondents: z.number().int(),
      overall: z.number().nullable(),
      level: levelNameSchema.nullable(),
      pillars: z.record(z.string(), z.number().nullable()).describe('pillar id -> score, 1..5'),
    }),
  ),
});
export type TrendView = z.infer<typeof trendViewSchema>;

export const respondViewSchema = z.object({
  round: z.object({ id: z.string(), title: z.string() }),
  expires_at: z.string(),
  questionnaire: questionnaireSchema,
});

export const responseReceiptSchema = z.object({ id: z.string(), round_id: z.string(), group: respondentGroupSchema, answers: z.number().int(), submitted_at: z.string() });
export type ResponseReceipt = z.infer<typeof responseReceiptSchema>;
