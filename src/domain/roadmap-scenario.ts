// A roadmap scenario: the roadmap under stated budgets and forced choices (PRODUCT.md glossary).
// One schema for the API body and the CLI alike; committing a scenario is a funding decision.
import { z } from 'zod';
import { idSchema } from './common.js';

const amount = z.number().min(0, 'an amount of at least 0').max(1e12, 'an amount of at most 1e12');

export const scenarioNameSchema = z
  .string()
  .trim()
  .min(1, 'a name of 1-80 characters')
  .max(80, 'a name of 1-80 characters')
  .regex(/^(?:[\p{L}\p{N}][\p{L}\p{N} ._'()&+-]*)?$/u, 'a name of letters, digits, spaces and . _ - \' ( ) & +, starting with a letter or digit');

export const scenarioInputSchema = z
  .strictObject({
    name: scenarioNameSchema,
    description: z.string().trim().max(500).optional(),
    budget_per_quarter: z
      .union([amount, z.array(amount).min(1).max(40)])
      .optional()
      .describe('one amount for every quarter, or one per quarter; absent: traction.yaml budget_per_quarter'),
    quarters: z.number().int().min(1).max(40).optional().describe('quarters planned; absent: traction.yaml quarters'),
    must_do: z.array(idSchema).max(500).default([]).describe('use cases forced in (besides traction.yaml roadmap.must_do)'),
    must_not: z.array(idSchema).max(500).default([]).describe('use cases forced out (besides traction.yaml roadmap.must_not)'),
  })
  .superRefine((s, ctx) => {
    s.must_not.forEach((id, i) => {
      if (s.must_do.includes(id)) ctx.addIssue({ code: 'custom', path: ['must_not', i], message: `"${id}" is forced both in and out` });
    });
    for (const key of ['must_do', 'must_not'] as const)
      s[key].forEach((id, i) => {
        if (s[key].indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [key, i], message: `"${id}" is listed twice` });
      });
    if (Array.isArray(s.budget_per_quarter) && s.budget_per_quarter.length > 1 && s.quarters !== undefined && s.budget_per_quarter.length < s.quarters)
      ctx.addIssue({ code: 'custom', path: ['budget_per_quarter'], message: `${s.budget_per_quarter.length} amounts for ${s.quarters} quarters: give one amount, or one per quarter` });
  });

export type ScenarioInput = z.infer<typeof scenarioInputSchema>;

export interface RoadmapScenario extends ScenarioInput {
  id: string; // scn_...
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** One use case's place in a committed plan. */
export interface FundedUseCase {
  useCaseId: string;
  title: string;
  /** The quarters it is funded in, in order (labels like 2027-Q1). */
  quarters: string[];
  build: number;
  value: number;
}

/** A committed scenario: who committed which plan when. Append-only. */
export interface FundingDecision {
  id: string; // fund_...
  scenarioId: string;
  scenarioName: string;
  at: string;
  actor: string;
  currency: string;
  value: number;
  quarters: string[];
  funded: FundedUseCase[];
  /** Use cases left out, with why (a rejected gate among the reasons). */
  leftOut: { useCaseId: string; reason: string }[];
  scenario: ScenarioInput;
}
