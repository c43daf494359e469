// Value templates worked by hand. Template: executions x 6 minutes / 60 x acceptance 0.7 (the
// likely value of 0.5/0.7/0.8) x 40 per hour = 2.8 per execution. Business case (fixtures):
// build 12000, monthly run cost 1110.
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../domain/workspace-config.js';
import { loadWorkspaceFromFiles } from '../workspace/load-workspace.js';
import { formatProblem } from '../workspace/problem.js';
import { validateUseCase } from '../workspace/validate-use-case.js';
import { testUseCase, usageDay } from './usage-fixtures.js';
import { usageRealisedValue } from './value-template.js';

const template = { formula: 'executions * minutes_saved / 60 * acceptance_rate * hourly_cost', inputs: { minutes_saved: 6, acceptance_rate: { low: 0.5, likely: 0.7, high: 0.8 }, hourly_cost: 40 } };
const days = [
  usageDay('2026-10-15', ['a', 'b'], 1000, { errors: { timeout: 100 }, cost: 30 }),
  usageDay('2026-11-02', ['a'], 500, { cost: 10 }),
  usageDay('2026-11-20', ['c'], 300, { errors: { rate_limit: 50 } }),
  usageDay('2026-12-01', ['a'], 200),
  usageDay('2026-12-20', ['a'], 7777),
];
// 2026-12-16 12:00 UTC: half of December has passed.
const now = new Date('2026-12-16T12:00:00Z');

describe('value templates', () => {
  it('values each month from its usage and gives realised value and ROI to date', () => {
    const v = usageRealisedValue(days, testUseCase({ usage_value: template }), now)!;
    expect(v.inputs).toEqual({ minutes_saved: 6, acceptance_rate: 0.7, hourly_cost: 40 });
    expect(v.months.map((m) => [m.month, m.complete, m.variables.executions, m.variables.active_users])).toEqual([
      ['2026-10', true, 900, 2],
      ['2026-11', true, 750, 2],
      ['2026-12', false, 200, 1],
    ]);
    // 900 x 2.8 = 2520, 750 x 2.8 = 2100, 200 x 2.8 = 560 (the 12-20 day is after now).
    expect(v.months.map((m) => m.value)).toEqual([expect.closeTo(2520, 9), expect.closeTo(2100, 9), expect.closeTo(560, 9)]);
    expect(v.realised_to_date).toBeCloseTo(5180, 9);
    // Two complete months and half of December: 12000 + 1110 x 2.5 = 14775.
    expect(v.months_live).toBe(2.5);
    expect(v.costs_to_date).toBe(14775);
    expect(v.roi_to_date).toBeCloseTo((5180 - 14775) / 14775, 12);
    expect(v.monthly_value_now).toBeCloseTo(2100, 9);
    expect(v.months[0]!.variables).toEqual({ requests: 1000, executions: 900, errors: 100, active_users: 2, input_tokens: 0, output_tokens: 0, cost: 30 });
  });

  it('has nothing without a template, and no months without usage', () => {
    expect(usageRealisedValue(days, testUseCase(), now)).toBeNull();
    expect(usageRealisedValue([], testUseCase({ usage_value: template }), now)).toMatchObject({ months: [], months_live: 0, realised_to_date: 0, costs_to_date: 12000, monthly_value_now: null });
  });

  it('a month the formula cannot value says why and counts nothing', () => {
    const v = usageRealisedValue([usageDay('2026-11-02', ['a'], 5, { errors: { e: 5 } }), usageDay('2026-12-02', ['a'], 4, { cost: 2 })], testUseCase({ usage_value: { formula: 'cost / executions * 100' } }), now)!;
    expect(v.months.map((m) => [m.value, m.problem])).toEqual([
      [null, 'division by zero in formula "cost / executions * 100"'],
      [50, null],
    ]);
    expect(v.realised_to_date).toBe(50);
  });

  it('validation locates an unknown variable and an input named like a usage variable', () => {
    const config = 'organisation: X\ncurrency: EUR\ndiscount_rate: 0.1\nhorizon_months: 36\nstart_quarter: 2027-Q1\nbudget_per_quarter: 100\nteams:\n  - id: data\n    name: Data\n    capacity_person_weeks_per_quarter: 50\n';
    const useCase = (usage: string) =>
      `id: a\ntitle: A\nproblem: p\nobjective: o\nowner: x\nsponsor: y\ndepartment: d\nteam: data\ncosts: {build: 1, run_monthly: 1}\nprobability_of_success: 0.5\neffort_person_weeks: 3\nrisk: {eu_ai_act: high}\nusage_value:\n${usage}`;
    const problems = (usage: string) => loadWorkspaceFromFiles('/ws', new Map([['traction.yaml', config], ['usecases/a.yaml', useCase(usage)]])).problems.map(formatProblem);
    expect(problems('  formula: executions * minutes\n  inputs: {minutes_saved: 3}\n')).toEqual([
      'usecases/a.yaml:14:12: usage_value.formula: unknown input "minutes" in formula "executions * minutes" (inputs: requests, executions, errors, active_users, input_tokens, output_tokens, cost, minutes_saved)',
    ]);
    expect(problems('  formula: executions * 2\n  inputs: {executions: 3}\n')).toEqual([
      'usecases/a.yaml:15:24: usage_value.inputs.executions: "executions" is a usage variable, measured each month: give the input another name, found 3 (number)',
    ]);
    expect(problems('  formula: active_users * seat_value\n  inputs: {seat_value: {low: 10, likely: 20, high: 40}}\n')).toEqual([]);
  });
});

describe('value templates through the one use-case validator (API writes, intake)', () => {
  it('refuses an unknown variable at usage_value.formula', () => {
    const config = workspaceConfigSchema.parse({ organisation: 'X', currency: 'EUR', discount_rate: 0.1, horizon_months: 36, start_quarter: '2027-Q1', budget_per_quarter: 100, teams: [{ id: 't', name: 'T', capacity_person_weeks_per_quarter: 5 }] });
    const r = validateUseCase({ ...testUseCase(), usage_value: { formula: 'sessions * 3' } }, { config, useCases: [], datasets: [], sources: [] });
    expect(r.value).toBeUndefined();
    expect(r.issues).toEqual([{ path: ['usage_value', 'formula'], message: expect.stringMatching(/^unknown input "sessions" in formula "sessions \* 3"/) }]);
  });
});
