// Intake: what a business person can say about a new idea, and how it becomes a use case
// at the first stage. Rough ranges are welcome; the technical owner refines the YAML later.
import { z } from 'zod';
import { costQuantitySchema, idSchema, rangeSchema } from './common.js';
import { kpiSchema, type UseCase } from './use-case.js';

/** The intake's fields, without the rule across them (for views such as a template's draft). */
export const intakeFieldsSchema = z.strictObject({
  id: idSchema.optional().describe('derived from the title when omitted'),
  title: z.string().trim().min(3, 'at least 3 characters').max(120),
  problem: z.string().trim().min(10, 'at least 10 characters: what goes wrong today, for whom'),
  objective: z.string().trim().min(5, 'at least 5 characters: what should be true afterwards'),
  owner: z.string().trim().min(1),
  sponsor: z.string().trim().min(1),
  department: z.string().trim().min(1),
  team: idSchema,
  value_kind: z.enum(['revenue', 'cost_saving', 'risk_reduction', 'other']).default('cost_saving'),
  monthly_value: rangeSchema.optional().describe('estimated value per month once fully adopted (low / likely / high); required without a template'),
  build_cost: costQuantitySchema.describe('one-off build cost'),
  run_monthly: costQuantitySchema.describe('monthly run cost'),
  effort_person_weeks: z.number().nonnegative(),
  probability_of_success: z.number().min(0).max(1).default(0.5),
  eu_ai_act: z.enum(['minimal', 'limited', 'high', 'prohibited']).default('minimal'),
  kpi: kpiSchema.omit({ role: true }).optional().describe('the primary KPI, if known'),
  tags: z.array(z.string().trim().min(1)).max(20).default([]),
  template: idSchema.optional().describe('a use-case template (GET /api/templates): its value streams, KPIs, datasets and skills come with it, and monthly_value is not needed'),
});

/** An intake needs a monthly value unless a template brings its value streams. */
export function requireValueOrTemplate(i: { template?: unknown; monthly_value?: unknown }, ctx: z.RefinementCtx): void {
  if (i.template === undefined && i.monthly_value === undefined)
    ctx.addIssue({ code: 'custom', message: 'missing required field (expected a low / likely / high range), or name a template', path: ['monthly_value'] });
}
export const intakeSchema = intakeFieldsSchema.superRefine(requireValueOrTemplate);
export type Intake = z.infer<typeof intakeSchema>;
export type IntakeInput = z.input<typeof intakeSchema>;

/** The use case an intake describes, at `stage`; its one value stream carries the estimate. */
export function intakeToUseCase(intake: Intake, id: string, stage: string): UseCase {
  return {
    id,
    title: intake.title,
    problem: intake.problem,
    objective: intake.objective,
    owner: intake.owner,
    sponsor: intake.sponsor,
    department: intake.department,
    team: intake.team,
    stage,
    value_streams: [
      {
        id: 'estimate',
        name: 'Estimated value (intake)',
        kind: intake.value_kind,
        formula: 'monthly_value',
        // Present: the schema requires it unless a template is named, and a template's
        // intake is made by templates/instantiate.ts instead.
        inputs: { monthly_value: intake.monthly_value! },
        ...(intake.kpi ? { kpi: intake.kpi.id } : {}),
      },
    ],
    costs: { build: intake.build_cost, run_monthly: intake.run_monthly },
    adoption_ramp_months: 0,
    probability_of_success: intake.probability_of_success,
    effort_person_weeks: intake.effort_person_weeks,
    duration_quarters: 1,
    depends_on: [],
    datasets: [],
    kpis: intake.kpi ? [{ ...intake.kpi, role: 'primary' }] : [],
    risk: { eu_ai_act: intake.eu_ai_act },
    strategic_alignment: 3,
    tags: intake.tags,
  };
}

/**
 * Where a field of the use case `intakeToUseCase` makes came from in the intake, so a
 * problem found on the use case is reported at the field the person filled in.
 */
export function intakeFieldOf(useCasePath: readonly PropertyKey[]): PropertyKey[] {
  const [head, i, ...rest] = useCasePath;
  const direct: Record<string, string> = { 'costs.build': 'build_cost', 'costs.run_monthly': 'run_monthly', 'risk.eu_ai_act': 'eu_ai_act' };
  const two = direct[`${String(head)}.${String(i)}`];
  if (two !== undefined) return [two, ...rest];
  if (head === 'kpis') return ['kpi', ...rest];
  if (head === 'value_streams' && rest[0] === 'inputs') return ['monthly_value', ...rest.slice(2)];
  if (head === 'value_streams' && rest[0] === 'kpi') return ['kpi', 'id'];
  if (head === 'value_streams' && rest[0] === 'kind') return ['value_kind'];
  return [...useCasePath];
}

/** A readable id from a title, unique among `taken` ("Churn alerts" -> "churn-alerts", "churn-alerts-2"). */
export function idFromTitle(title: string, taken: ReadonlySet<string>): string {
  const slug =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'use-case';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
}
