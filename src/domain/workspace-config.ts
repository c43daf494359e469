// traction.yaml: the organisation, its money and time conventions, teams, budgets,
// stage/gate policy and scoring weights.
import { z } from 'zod';
import { idSchema } from './common.js';
import { DEFAULT_GATES, DEFAULT_SIDE_STAGES, DEFAULT_STAGES, gateSchema, SIGNOFF_ROLES } from './stages.js';
import { modelPriceSchema } from './usage.js';
import { notificationsConfigSchema } from './notifications.js';

export const teamSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  capacity_person_weeks_per_quarter: z.number().nonnegative(),
  skills: z.array(z.string().min(1)).default([]).describe('skills available in the team, e.g. ml, llm, data-engineering'),
  skill_capacity: z
    .record(idSchema, z.number().nonnegative())
    .optional()
    .describe('person-weeks per quarter the team has of each skill (ids from the skill vocabulary), e.g. { ml: 26, mlops: 6 }; the roadmap sums them over teams per skill'),
});
export type Team = z.infer<typeof teamSchema>;

/**
 * The skill vocabulary every workspace has; `skills:` in traction.yaml adds to it. Ids are
 * what teams' `skill_capacity`, use cases' `skill_demand` and `capacity_options` name.
 */
export const DEFAULT_SKILLS: readonly { id: string; name: string }[] = [
  { id: 'data-engineering', name: 'Data engineering' },
  { id: 'ml', name: 'Machine learning' },
  { id: 'mlops', name: 'MLOps' },
  { id: 'llm-engineering', name: 'LLM engineering' },
  { id: 'domain', name: 'Domain expertise' },
  { id: 'change-management', name: 'Change management' },
];

export const skillSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
});

/** Capacity the roadmap may buy: a contractor or partner by the quarter, a hire for good. */
export const capacityOptionSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['contractor', 'partner', 'hire']).describe('contractor or partner: paid for each quarter used; hire: from the quarter the person starts to the end of the roadmap'),
  skill: idSchema.describe('the skill it adds (an id from the skill vocabulary)'),
  person_weeks_per_quarter: z.number().positive().describe('person-weeks of the skill it adds per quarter, per unit'),
  price_per_quarter: z.number().nonnegative().describe('cost per quarter and unit in the workspace currency; spends the roadmap budget'),
  lead_time_quarters: z.number().int().min(0).max(40).default(0).describe('quarters from the start of the roadmap before it is available'),
  max_units: z.number().int().min(1).max(50).default(1).describe('how many (people, contracts) may be bought at most at once'),
  name: z.string().min(1).optional(),
});
export type CapacityOption = z.infer<typeof capacityOptionSchema>;

export function skillVocabulary(config: { skills?: { id: string; name: string }[] | undefined }): { id: string; name: string }[] {
  const extra = (config.skills ?? []).filter((s) => !DEFAULT_SKILLS.some((d) => d.id === s.id));
  return [...DEFAULT_SKILLS.map((d) => config.skills?.find((s) => s.id === d.id) ?? d), ...extra];
}

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

/**
 * Roles people hold in this workspace: the sign-off roles of gates, and the portfolio owner,
 * who triages proposals from the intake form (accept, ask for changes, reject, merge).
 */
export const workspaceRoleSchema = z.enum([...SIGNOFF_ROLES, 'portfolio_owner']);
export type WorkspaceRole = z.infer<typeof workspaceRoleSchema>;

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

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
    skills: z
      .array(skillSchema)
      .optional()
      .describe(`skills added to the vocabulary (${DEFAULT_SKILLS.map((d) => d.id).join(', ')}), or a default renamed`),
    capacity_options: z
      .array(capacityOptionSchema)
      .optional()
      .describe('capacity the roadmap may buy when a skill falls short: contractors, partners, hires (docs/portfolio.md)'),
    roles: z
      .partialRecord(workspaceRoleSchema, z.array(z.string().min(1)))
      .default({})
      .describe('who holds which sign-off role, and who triages proposals (portfolio_owner)'),
    locale: z
      .string()
      .refine(isLocale, 'a language tag such as en, en-GB or de-CH')
      .optional()
      .describe('how people here write numbers (de-CH: 5’000.50, de-DE: 5.000,50); the intake form reads amounts this way. Default en'),
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
    report: z
      .strictObject({
        client_name: z.string().min(1).max(200).optional().describe('the client the executive report is for, shown on its cover'),
        logo: z.string().min(1).max(500).optional().describe('a PNG, JPEG or SVG file (relative to the workspace) shown on the cover; 1 MB at most'),
      })
      .optional()
      .describe('the executive report (docs/report.md)'),
    notifications: notificationsConfigSchema.optional().describe('where notifications go: e-mail over SMTP, Slack, Teams, signed webhooks (docs/notifications.md)'),
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
    skillReferences(c, ctx);
  });
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;

/** Skill ids in teams and capacity options come from the vocabulary; ids are unique. */
function skillReferences(
  c: { skills?: { id: string; name: string }[] | undefined; teams: { skill_capacity?: Record<string, number> | undefined }[]; capacity_options?: CapacityOption[] | undefined },
  ctx: z.RefinementCtx,
): void {
  const known = skillVocabulary(c).map((s) => s.id);
  const unknown = (id: string) => `unknown skill "${id}" (known: ${known.join(', ')}; add it under skills:)`;
  const seenSkills = new Set<string>();
  (c.skills ?? []).forEach((s, i) => {
    if (seenSkills.has(s.id)) ctx.addIssue({ code: 'custom', path: ['skills', i, 'id'], message: `duplicate skill id "${s.id}"` });
    seenSkills.add(s.id);
  });
  c.teams.forEach((t, i) => {
    for (const id of Object.keys(t.skill_capacity ?? {}))
      if (!known.includes(id)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'skill_capacity', id], message: unknown(id) });
  });
  const seen = new Set<string>();
  (c.capacity_options ?? []).forEach((o, i) => {
    if (!known.includes(o.skill)) ctx.addIssue({ code: 'custom', path: ['capacity_options', i, 'skill'], message: unknown(o.skill) });
    if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['capacity_options', i, 'id'], message: `duplicate capacity option id "${o.id}"` });
    seen.add(o.id);
  });
}
