// What a template's schema cannot say: every quantity rests on a source or a stated
// assumption (and every basis names a quantity that exists), every KPI has a baseline hint,
// datasets the use case needs are suggested with their columns, the gate policy exists, and
// a high-risk use case gets the high-risk policy. The full use case is checked when the
// template is instantiated (instantiate.ts), with the workspace's own validation.
import type { Quantity } from '../domain/common.js';
import type { UseCaseTemplate } from '../domain/use-case-template.js';
import type { FieldIssue } from '../workspace/validate-file.js';

/** The gate policy a use case of EU AI Act class `high` is given (Annex III systems need the risk sign-off early). */
export const HIGH_RISK_POLICY = 'high-risk';

/** Every quantity of the template's use case by basis key, with where it sits. */
export function quantitiesOf(t: UseCaseTemplate): { key: string; path: (string | number)[]; value: Quantity }[] {
  const u = t.use_case;
  const out: { key: string; path: (string | number)[]; value: Quantity }[] = [];
  u.value_streams.forEach((v, i) => {
    for (const [name, value] of Object.entries(v.inputs)) out.push({ key: `value_streams.${v.id}.inputs.${name}`, path: ['use_case', 'value_streams', i, 'inputs', name], value });
  });
  for (const [name, value] of Object.entries(u.usage_value?.inputs ?? {})) out.push({ key: `usage_value.inputs.${name}`, path: ['use_case', 'usage_value', 'inputs', name], value });
  for (const [name, value] of Object.entries(u.costs)) if (value !== undefined) out.push({ key: `costs.${name}`, path: ['use_case', 'costs', name], value });
  return out;
}

export function templateIssues(t: UseCaseTemplate, policyIds: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const report = (path: PropertyKey[], message: string) => issues.push({ path, message });
  const quantities = quantitiesOf(t);
  for (const q of quantities) if (!(q.key in t.basis)) report(q.path, `no source or assumption for this quantity: add basis."${q.key}"`);
  const keys = new Set(quantities.map((q) => q.key));
  for (const key of Object.keys(t.basis)) if (!keys.has(key)) report(['basis', key], `"${key}" is not a quantity of the use case (known: ${[...keys].join(', ')})`);

  const kpiIds = t.use_case.kpis.map((k) => k.id);
  t.use_case.kpis.forEach((k, i) => {
    if (!(k.id in t.kpi_baselines)) report(['use_case', 'kpis', i, 'id'], `no baseline hint for KPI "${k.id}": add kpi_baselines.${k.id}`);
  });
  for (const id of Object.keys(t.kpi_baselines)) if (!kpiIds.includes(id)) report(['kpi_baselines', id], `"${id}" is not a KPI of the use case (known: ${kpiIds.join(', ') || 'none'})`);
  if (!t.use_case.kpis.some((k) => k.role === 'primary')) report(['use_case', 'kpis'], 'a template needs a primary KPI');

  const suggested = new Map(t.datasets.map((d) => [d.id, d]));
  t.use_case.datasets.forEach((d, i) => {
    const s = suggested.get(d.dataset);
    if (!s) return report(['use_case', 'datasets', i, 'dataset'], `"${d.dataset}" is not among the suggested datasets (${[...suggested.keys()].join(', ') || 'none'})`);
    d.columns.forEach((c, j) => {
      if (!(c in s.columns)) report(['use_case', 'datasets', i, 'columns', j], `column "${c}" is not a column of the suggested dataset "${s.id}"`);
    });
  });
  t.datasets.forEach((d, i) => {
    if (!t.use_case.datasets.some((u) => u.dataset === d.id)) report(['datasets', i, 'id'], `the use case does not use the suggested dataset "${d.id}"`);
    d.checks.forEach((c, j) => {
      const named = c as { column?: unknown; columns?: unknown; a?: unknown; b?: unknown };
      const cols = [named.column, named.a, named.b, ...(Array.isArray(named.columns) ? named.columns : [])].filter((x): x is string => typeof x === 'string');
      for (const col of cols) if (!(col in d.columns)) report(['datasets', i, 'checks', j], `check on column "${col}", which the dataset does not list`);
    });
  });

  if (!policyIds.includes(t.gate_policy)) report(['gate_policy'], `unknown gate policy "${t.gate_policy}" (known: ${policyIds.join(', ')})`);
  if (t.use_case.risk.eu_ai_act === 'high' && t.gate_policy !== HIGH_RISK_POLICY)
    report(['gate_policy'], `a high-risk use case (EU AI Act) takes the "${HIGH_RISK_POLICY}" gate policy`);
  if (t.use_case.risk.eu_ai_act === 'prohibited') report(['use_case', 'risk', 'eu_ai_act'], 'a prohibited practice is no template');
  if ((t.use_case.feasibility?.skills_required ?? []).length === 0) report(['use_case', 'feasibility', 'skills_required'], 'name the skills the use case needs');
  return issues;
}
