// A template made into a use case of one workspace: the organisation's fields (id, owner,
// sponsor, team) added, suggested datasets kept only where the workspace has a dataset of
// that id (the others are returned, to be added or renamed), and the YAML written with each
// number's source or assumption as a comment beside it. Pure: the caller validates the
// result with workspace/validate-use-case.ts, as `traction validate` would.
import { Document, isMap, type YAMLMap } from 'yaml';
import type { Basis, UseCaseTemplate } from '../domain/use-case-template.js';
import type { Intake } from '../domain/intake.js';
import { quantitiesOf } from './template-issues.js';

/** What only the organisation can say; `id` and `title` default to the template's. */
export interface TemplateTarget {
  id?: string;
  title?: string;
  owner: string;
  sponsor: string;
  team: string;
  department?: string;
  stage?: string;
}

export type SuggestedDataset = UseCaseTemplate['datasets'][number];

/** The use case (not yet validated) and the suggested datasets the workspace lacks. */
export function instantiateTemplate(
  t: UseCaseTemplate,
  target: TemplateTarget,
  datasetIds?: ReadonlySet<string>,
): { useCase: Record<string, unknown>; missingDatasets: SuggestedDataset[] } {
  const has = (id: string) => datasetIds === undefined || datasetIds.has(id);
  const u = structuredClone(t.use_case);
  const useCase: Record<string, unknown> = {
    id: target.id ?? t.id,
    title: target.title ?? u.title,
    problem: u.problem,
    objective: u.objective,
    owner: target.owner,
    sponsor: target.sponsor,
    department: target.department ?? u.department,
    team: target.team,
    ...(target.stage ? { stage: target.stage } : {}),
    ...Object.fromEntries(Object.entries(u).filter(([k]) => !['title', 'problem', 'objective', 'department'].includes(k))),
    datasets: u.datasets.filter((d) => has(d.dataset)),
    tags: [...new Set([...u.tags, `template:${t.id}`])],
  };
  return { useCase, missingDatasets: t.datasets.filter((d) => !has(d.id)) };
}

export function describeBasis(b: Basis): string {
  return 'assumption' in b ? `assumption: ${b.assumption}` : `source: ${b.source} (${b.year})${b.url ? `, ${b.url}` : ''}: ${b.note}`;
}

/**
 * The use case as a YAML file: the schema line, where it came from, each quantity's basis
 * as a comment above it, and the suggested datasets the workspace lacks, with their checks.
 */
export function templateYaml(t: UseCaseTemplate, useCase: Record<string, unknown>, schemaLine: string, missing: readonly SuggestedDataset[]): string {
  const doc = new Document(useCase);
  const streams = (useCase.value_streams as { id: string }[] | undefined) ?? [];
  for (const q of quantitiesOf(t)) {
    const [head, ...rest] = q.path.slice(1);
    const path = head === 'value_streams' ? ['value_streams', streams.findIndex((s) => s.id === t.use_case.value_streams[rest[0] as number]!.id), ...rest.slice(1)] : [head!, ...rest];
    const parent = doc.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) continue;
    const pair = (parent as YAMLMap).items.find((p) => (p.key as { value?: unknown }).value === path[path.length - 1]);
    if (!pair) continue;
    (pair.key as { commentBefore?: string }).commentBefore = ` ${describeBasis(t.basis[q.key]!)}`;
    if (isMap(pair.value)) pair.value.flow = true;
  }
  const risk = doc.getIn(['risk'], true);
  if (isMap(risk)) risk.commentBefore = ` EU AI Act: ${t.risk_basis}`;
  const lines = [
    schemaLine,
    `# Made from the template "${t.id}" (${t.name}); \`traction templates ${t.id}\` shows it whole.`,
    `# Replace owner, sponsor and every number with your own: each states the source or assumption it rests on.`,
    `# Gate policy the template recommends: "${t.gate_policy}" (\`traction templates ${t.id}\` prints its gates for traction.yaml).`,
    ...missing.flatMap((d) => [`# Suggested dataset "${d.id}" (${d.description}) is not in this workspace: add it under datasets/ and list it here.`]),
  ];
  return `${lines.join('\n')}\n${doc.toString({ lineWidth: 0 })}`;
}

/**
 * The intake form's fields as the template fills them; the monthly value comes from the
 * template's value streams (intakeToUseCase is bypassed when a template is named).
 */
export function templateIntake(t: UseCaseTemplate): Omit<Intake, 'owner' | 'sponsor' | 'team' | 'monthly_value' | 'id'> {
  const u = t.use_case;
  const primary = u.kpis.find((k) => k.role === 'primary');
  return {
    template: t.id,
    title: u.title,
    problem: u.problem,
    objective: u.objective,
    department: u.department,
    value_kind: u.value_streams[0]?.kind ?? 'cost_saving',
    build_cost: u.costs.build,
    run_monthly: u.costs.run_monthly,
    effort_person_weeks: u.effort_person_weeks,
    probability_of_success: u.probability_of_success,
    eu_ai_act: u.risk.eu_ai_act,
    ...(primary ? { kpi: { id: primary.id, name: primary.name, unit: primary.unit, direction: primary.direction, target: primary.target, ...(primary.baseline !== undefined ? { baseline: primary.baseline } : {}) } } : {}),
    tags: u.tags,
  };
}

/**
 * The use case an intake names a template for: the template's use case with what the
 * proposer filled in on top (texts, costs, effort, odds, risk class, primary KPI, tags).
 */
export function intakeFromTemplate(intake: Intake, t: UseCaseTemplate, id: string, stage: string, datasetIds: ReadonlySet<string>): Record<string, unknown> {
  const { useCase } = instantiateTemplate(t, { id, title: intake.title, owner: intake.owner, sponsor: intake.sponsor, team: intake.team, department: intake.department, stage }, datasetIds);
  const kpis = t.use_case.kpis.map((k) => k);
  if (intake.kpi) {
    const at = kpis.findIndex((k) => k.role === 'primary');
    const kpi = { ...intake.kpi, role: 'primary' as const };
    if (at >= 0) kpis[at] = kpi;
    else kpis.unshift(kpi);
  }
  const kpiIds = new Set(kpis.map((k) => k.id));
  // A value stream realised by a KPI the proposer renamed loses the link, not its value.
  const streams = t.use_case.value_streams.map((v) => (v.kpi === undefined || kpiIds.has(v.kpi) ? v : (({ kpi: _k, kpi_input: _i, value_per_unit: _p, ...rest }) => rest)(v)));
  return {
    ...useCase,
    problem: intake.problem,
    objective: intake.objective,
    value_streams: streams,
    costs: { ...t.use_case.costs, build: intake.build_cost, run_monthly: intake.run_monthly },
    effort_person_weeks: intake.effort_person_weeks,
    probability_of_success: intake.probability_of_success,
    risk: { ...t.use_case.risk, eu_ai_act: intake.eu_ai_act },
    kpis,
    tags: [...new Set([...intake.tags, `template:${t.id}`])],
  };
}
