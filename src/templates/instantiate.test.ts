// Instantiation: the YAML written reads back as exactly the use case (the comments carry the
// basis and change nothing); an intake from a template keeps the template's streams and KPIs
// under the proposer's fields, and a renamed main KPI drops the stream's link, not the stream.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { intakeSchema } from '../domain/intake.js';
import { workspaceConfigSchema } from '../domain/workspace-config.js';
import { validateUseCase } from '../workspace/validate-use-case.js';
import { instantiateTemplate, intakeFromTemplate, templateIntake, templateYaml } from './instantiate.js';
import { findTemplate, loadTemplateLibrary } from './library.js';

const library = await loadTemplateLibrary();
const config = workspaceConfigSchema.parse({
  organisation: 'Test',
  currency: 'EUR',
  discount_rate: 0.1,
  horizon_months: 36,
  start_quarter: '2027-Q1',
  quarters: 4,
  budget_per_quarter: 1,
  teams: [{ id: 'ops', name: 'Ops', capacity_person_weeks_per_quarter: 1 }],
});

describe('templateYaml', () => {
  it.each(library.templates.map((t) => [t.id, t] as const))('%s reads back as the use case it was made from', (_id, t) => {
    const { useCase, missingDatasets } = instantiateTemplate(t, { owner: 'o', sponsor: 's', team: 'ops' }, new Set());
    const text = templateYaml(t, useCase, '# schema', missingDatasets);
    expect(parse(text)).toEqual(useCase);
    expect(text.match(/^\s*# (source|assumption): /gm)?.length).toBe(Object.keys(t.basis).length);
  });
});

describe('intakeFromTemplate', () => {
  const t = findTemplate(library, 'invoice-processing')!;
  const draft = templateIntake(t);
  const context = { config, useCases: [], datasets: [], sources: [] };

  it('puts the proposer\'s fields over the template\'s use case and validates', () => {
    const intake = intakeSchema.parse({ ...draft, title: 'AP automation', owner: 'ana', sponsor: 'ben', team: 'ops', build_cost: 90000 });
    const body = intakeFromTemplate(intake, t, 'ap-automation', 'idea', new Set());
    const { value, issues } = validateUseCase(body, context);
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ id: 'ap-automation', title: 'AP automation', owner: 'ana', stage: 'idea', costs: { build: 90000, run_monthly: t.use_case.costs.run_monthly }, datasets: [] });
    expect(value?.value_streams).toEqual(t.use_case.value_streams);
    expect(value?.kpis.map((k) => k.id)).toEqual(['touchless-rate', 'cost-per-invoice', 'posting-error-rate']);
  });

  it('drops the value stream\'s link to a main KPI the proposer renamed, keeping the stream', () => {
    const intake = intakeSchema.parse({ ...draft, owner: 'ana', sponsor: 'ben', team: 'ops', kpi: { ...draft.kpi!, id: 'straight_through', name: 'Straight through' } });
    const body = intakeFromTemplate(intake, t, 'x', 'idea', new Set());
    const { value, issues } = validateUseCase(body, context);
    expect(issues).toEqual([]);
    expect(value?.kpis[0]).toMatchObject({ id: 'straight_through', role: 'primary' });
    expect(value?.value_streams[0]).not.toHaveProperty('kpi');
    expect(value?.value_streams[0]?.formula).toBe(t.use_case.value_streams[0]?.formula);
  });
});
