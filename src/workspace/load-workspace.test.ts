import { describe, expect, it } from 'vitest';
import { loadWorkspaceFromFiles } from './load-workspace.js';
import { formatProblem } from './problem.js';

const CONFIG = `organisation: X
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2027-Q1
budget_per_quarter: 100
teams:
  - id: data
    name: Data
    capacity_person_weeks_per_quarter: 50
`;

describe('loadWorkspaceFromFiles', () => {
  it('locates a wrong type, an unknown key and a YAML syntax error at once', () => {
    const files = new Map([
      ['traction.yaml', CONFIG],
      ['usecases/a.yaml', 'id: a\ntitle: A\nproblem: p\nobjective: o\nowner: x\nsponsor: y\ndepartment: d\nteam: data\ncosts: {build: "x", run_monthly: 1}\nprobability_of_success: 0.5\neffort_person_weeks: 3\nrisk: {eu_ai_act: high}\ntitel: t\n'],
      ['usecases/b.yaml', 'id: b\n  bad: [\n'],
    ]);
    const { workspace, problems } = loadWorkspaceFromFiles('/ws', files);
    expect(workspace).toBeUndefined();
    const text = problems.map(formatProblem);
    expect(text).toContain('usecases/a.yaml:9:16: costs.build: expected a number or a range {low, likely, high}, found "x" (text)');
    expect(text).toContain('usecases/a.yaml:13:1: titel: unknown key "titel" (did you mean "title"?)');
    expect(problems.some((p) => p.file === 'usecases/b.yaml' && p.line === 1 && p.message.startsWith('YAML syntax error'))).toBe(true);
  });

  it('does not report references to a definition whose own file is broken', () => {
    const useCase = (id: string, extra = '') =>
      `id: ${id}\ntitle: A\nproblem: p\nobjective: o\nowner: x\nsponsor: y\ndepartment: d\nteam: data\ncosts: {build: 1, run_monthly: 1}\nprobability_of_success: 0.5\neffort_person_weeks: 3\nrisk: {eu_ai_act: high}\n${extra}`;
    const files = new Map([
      ['traction.yaml', CONFIG],
      ['usecases/a.yaml', useCase('a', 'depends_on: [b, c]\n')],
      ['usecases/b.yaml', useCase('b', 'effort_person_weeks: lots\n').replace('effort_person_weeks: 3\n', '')],
    ]);
    const text = loadWorkspaceFromFiles('/ws', files).problems.map(formatProblem);
    expect(text).toEqual([
      'usecases/a.yaml:13:17: depends_on[1]: unknown use case "c" (known: a)',
      'usecases/b.yaml:12:22: effort_person_weeks: expected number, found "lots" (text)',
    ]);
  });

  it('reports an alias to an unknown anchor as a located problem, not a crash', () => {
    const files = new Map([['traction.yaml', `${CONFIG}currency_alias: *nowhere\n`]]);
    const { problems } = loadWorkspaceFromFiles('/ws', files);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'traction.yaml', line: 11, column: 17 });
    expect(problems[0]?.message).toMatch(/^YAML/);
  });

  it('refuses negative costs and a budget list that is neither one amount nor one per quarter, located', () => {
    const files = new Map([
      ['traction.yaml', CONFIG.replace('budget_per_quarter: 100', 'quarters: 4\nbudget_per_quarter: [100, 200, 300]')],
      ['usecases/a.yaml', 'id: a\ntitle: A\nproblem: p\nobjective: o\nowner: x\nsponsor: y\ndepartment: d\nteam: data\ncosts: {build: -500, run_monthly: {low: -5, likely: 1, high: 2}, per_prediction: 0.01}\nprobability_of_success: 0.5\neffort_person_weeks: 3\nrisk: {eu_ai_act: high}\n'],
    ]);
    expect(loadWorkspaceFromFiles('/ws', files).problems.map(formatProblem)).toEqual([
      'traction.yaml:7:21: budget_per_quarter: 3 amounts for 4 quarters: give one amount for every quarter, or exactly one per quarter (4)',
      'usecases/a.yaml:9:16: costs.build: a saving is a value stream, not a negative cost, found -500 (number)',
      'usecases/a.yaml:9:35: costs.run_monthly: a saving is a value stream, not a negative cost',
    ]);
    // One amount, as a number or a list of one, and one per quarter are all fine.
    for (const budget of ['100', '[100]', '[1, 2, 3, 4]']) {
      const ok = new Map([['traction.yaml', CONFIG.replace('budget_per_quarter: 100', `quarters: 4\nbudget_per_quarter: ${budget}`)]]);
      expect(loadWorkspaceFromFiles('/ws', ok).problems).toEqual([]);
    }
  });
});
