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
  monthly_value: rangeSchema
    .refine((r) => r.low >= 0, { message: 'money is never negative here: a saving is value too, enter it as a positive amount' })
    .optional()
    .describe('estimated value per month once fully adopted (low / likely / high); required without a template'),
  build_cost: costQuantitySchema.describe('one-off build cost'),
  run_monthly: costQuantitySchema.describe('monthly run cost'),
  effort_person_weeks: z.number().nonnegative(),
  probability_of_success: z.number().min(0).max(1).default(0.5).describe('chance of success as a fraction (0.6 for 60%); the form takes a percentage'),
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

/** What each intake field is called on the form, for problems a business person reads. */
export const INTAKE_LABELS: Record<string, string> = {
  id: 'Id',
  title: 'Title',
  problem: 'Problem',
  objective: 'Objective',
  owner: 'Owner',
  sponsor: 'Sponsor',
  department: 'Department',
  team: 'Team',
  value_kind: 'Kind of value',
  monthly_value: 'Value per month',
  'monthly_value.low': 'Value per month (low)',
  'monthly_value.likely': 'Value per month (likely)',
  'monthly_value.high': 'Value per month (high)',
  build_cost: 'Build cost',
  run_monthly: 'Running cost per month',
  effort_person_weeks: 'Effort in person-weeks',
  probability_of_success: 'Chance of success',
  eu_ai_act: 'EU AI Act risk',
  tags: 'Tags',
  template: 'Template',
};

const MONEY_FIELDS = new Set(['monthly_value', 'build_cost', 'run_monthly']);

/** One zod issue of the intake as a sentence: the field's label, then what is wrong, in plain words. */
function plainIssue(issue: z.core.$ZodIssue, body: unknown): { field: string; message: string } {
  const field = issue.path.map(String).join('.');
  const label = INTAKE_LABELS[field] ?? INTAKE_LABELS[String(issue.path[0])] ?? field;
  const found = issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), body);
  const percent = field === 'probability_of_success';
  const money = MONEY_FIELDS.has(String(issue.path[0]));
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return { field, message: `${label} is missing` };
      return { field, message: `${label} should be ${issue.expected === 'number' ? (percent ? 'a percentage' : money ? 'an amount of money' : 'a number') : issue.expected === 'string' ? 'text' : `${issue.expected}`}, not ${JSON.stringify(found).slice(0, 40)}` };
    case 'too_small':
      if (issue.origin === 'string') return { field, message: found === undefined || String(found).trim() === '' ? `${label} is missing` : `${label} is too short: at least ${String(issue.minimum)} characters` };
      if (percent) return { field, message: `${label} is a percentage from 0% to 100%` };
      if (money) return { field, message: `${label} cannot be negative: a saving is a value stream (value per month), not a negative cost` };
      return { field, message: Number(issue.minimum) === 0 ? `${label} cannot be negative` : `${label} cannot be below ${String(issue.minimum)}` };
    case 'too_big':
      if (percent && typeof found === 'number') return { field, message: `${label} is a percentage from 0% to 100%, not ${Math.round(found * 1000) / 10}%` };
      return { field, message: `${label} is too ${issue.origin === 'string' ? `long: at most ${String(issue.maximum)} characters` : `large: at most ${String(issue.maximum)}`}` };
    case 'invalid_value':
      return { field, message: `${label} should be one of: ${issue.values.map(String).join(', ')}` };

    case 'custom':
      if (field === 'monthly_value' && issue.message.includes('low <= likely <= high')) return { field, message: `${label}: the low estimate cannot be above the likely one, nor the likely above the high one` };
      if (field === 'monthly_value' && issue.message.includes('negative')) return { field, message: `${label} cannot be negative: money saved is value too, entered as a positive amount` };
      if (money && issue.message.includes('negative')) return { field, message: `${label} cannot be negative: a saving is a value stream (value per month), not a negative cost` };
      if (field === 'monthly_value' && found === undefined) return { field, message: `${label} is missing (low / likely / high), unless you start from a template` };
      return { field, message: `${label}: ${issue.message}` };
    default:
      return { field, message: `${label}: ${issue.message}` };
  }
}

/**
 * The intake, or every problem with it at once, each at its field in a sentence a business
 * person understands ("Chance of success is a percentage from 0% to 100%, not 150%"). The
 * server answers these; the form shows each beside its field.
 */
export function intakeProblems(body: unknown): { value?: Intake; problems: { field: string; message: string }[] } {
  const r = intakeSchema.safeParse(body);
  if (r.success) return { value: r.data, problems: [] };
  return { problems: r.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? unknownKeys(i.path, i.keys) : [plainIssue(i, body)])) };
}

/** One problem per unknown key, listing the known ones where they are the intake's own. */
function unknownKeys(path: readonly PropertyKey[], keys: readonly string[]): { field: string; message: string }[] {
  const known = path.length === 0 ? ` (known keys: ${Object.keys(intakeFieldsSchema.shape).join(', ')})` : '';
  return keys.map((key) => ({ field: [...path.map(String), key].join('.'), message: `unknown key "${key}"${known}` }));
}
