// Value templates: a use case's realised value computed from its usage (`usage_value:` in its
// YAML), in the value-stream formula language (src/domain/formula.ts), month by month, so that
// realised value and ROI to date fill in from telemetry alone. ROI to date follows the
// convention of src/impact/realised-value.ts: (value to date - costs to date) / costs to date,
// with costs = build + monthly run cost x months live; here at expected values (spend.ts) and
// with the month under way counted by the share of it that has passed.
import { likelyValue } from '../domain/common.js';
import { compileFormula, FormulaError } from '../domain/formula.js';
import type { UsageDay } from '../domain/usage.js';
import { USAGE_VALUE_VARIABLES, type UseCase } from '../domain/use-case.js';
import { dayIndex, elapsedDaysInMonth, monthBounds, monthOfDay, nextMonth, todayOf } from './calendar.js';
import { expectedValue, monthlyRunBudget } from './spend.js';

export type UsageVariable = (typeof USAGE_VALUE_VARIABLES)[number];

export interface UsageValueMonth {
  month: string;
  /** False for the month under way. */
  complete: boolean;
  variables: Record<UsageVariable, number>;
  /** Null when the formula gives no number for this month (`problem` says why). */
  value: number | null;
  problem: string | null;
}

export interface UsageRealisedValue {
  formula: string;
  /** The inputs at the values used (a range's likely value). */
  inputs: Record<string, number>;
  months: UsageValueMonth[];
  /** Complete months, plus the passed share of the month under way. */
  months_live: number;
  realised_to_date: number;
  costs_to_date: number;
  roi_to_date: number | null;
  /** Value of the last complete month (a month under way would understate it). */
  monthly_value_now: number | null;
}

/** A month's usage variables from the days of that month. */
export function usageVariables(days: readonly UsageDay[]): Record<UsageVariable, number> {
  const users = new Set<string>();
  const v: Record<UsageVariable, number> = { requests: 0, executions: 0, errors: 0, active_users: 0, input_tokens: 0, output_tokens: 0, cost: 0 };
  for (const d of days) {
    const errors = Object.values(d.errors).reduce((a, b) => a + b, 0);
    v.requests += d.requests;
    v.errors += errors;
    v.executions += d.requests - errors;
    v.input_tokens += d.inputTokens;
    v.output_tokens += d.outputTokens;
    v.cost += d.cost;
    for (const u of d.users) users.add(u);
  }
  v.active_users = users.size;
  return v;
}

/**
 * Realised value from usage for every month from the first with usage through `now`'s month;
 * null when the use case has no value template. Days after `now` are left out.
 */
export function usageRealisedValue(days: readonly UsageDay[], u: UseCase, now: Date): UsageRealisedValue | null {
  const template = u.usage_value;
  if (!template) return null;
  const names = [...USAGE_VALUE_VARIABLES, ...Object.keys(template.inputs)];
  const inputs = Object.fromEntries(Object.entries(template.inputs).map(([k, q]) => [k, likelyValue(q)]));
  const today = todayOf(now);
  const current = monthOfDay(today);
  const past = days.filter((d) => dayIndex(d.day) <= dayIndex(today));
  const first = past.reduce<string | undefined>((a, d) => (a === undefined || d.day < a ? d.day : a), undefined);
  let evaluate: (values: number[]) => number;
  try {
    const compiled = compileFormula(template.formula, names);
    evaluate = (values) => compiled.evaluate(values);
  } catch (e) {
    // A stored use case validated before this check existed: no value, the reason shown.
    if (!(e instanceof FormulaError)) throw e;
    evaluate = () => {
      throw e;
    };
  }
  const months: UsageValueMonth[] = [];
  for (let m = first === undefined ? undefined : monthOfDay(first); m !== undefined && m <= current; m = nextMonth(m)) {
    const month = m;
    const variables = usageVariables(past.filter((d) => monthOfDay(d.day) === month));
    months.push({ month, complete: month < current, variables, ...monthValue(evaluate, names, variables, inputs) });
  }
  const monthsLive = months.length === 0 ? 0 : months.length - 1 + elapsedDaysInMonth(now) / monthBounds(current).days;
  const realised = months.reduce((a, m) => a + (m.value ?? 0), 0);
  const costs = expectedValue(u.costs.build) + monthlyRunBudget(u).monthly * monthsLive;
  return {
    formula: template.formula,
    inputs,
    months,
    months_live: monthsLive,
    realised_to_date: realised,
    costs_to_date: costs,
    roi_to_date: costs > 0 ? (realised - costs) / costs : null,
    monthly_value_now: months.filter((m) => m.complete).at(-1)?.value ?? null,
  };
}

function monthValue(evaluate: (values: number[]) => number, names: string[], variables: Record<UsageVariable, number>, inputs: Record<string, number>): { value: number | null; problem: string | null } {
  const all: Record<string, number> = { ...variables, ...inputs };
  try {
    const value = evaluate(names.map((n) => all[n]!));
    return Number.isFinite(value) ? { value, problem: null } : { value: null, problem: `the formula gave ${value}` };
  } catch (e) {
    if (e instanceof FormulaError) return { value: null, problem: e.message };
    throw e;
  }
}
