// What `traction usage`, GET /api/usage and GET /api/use-cases/{id}/usage answer: the shapes
// of the views, made from usage-report.ts's answer (adoption, spend, flags, departments and
// value are computed there and in the files it composes, nowhere else) plus production
// latency against the benchmarked SLO (usage-latency.ts). Per use case one answer; per
// portfolio one row per deployed use case. The CLI and the server both call these, with the
// store read and the clock passed in (usage-store-read.ts).
import type { UseCase } from '../domain/use-case.js';
import type { UsageDay } from '../domain/usage.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { distinctUsers, type Cohort } from './adoption.js';
import { dayIndex, dayString, monthOfDay, todayOf } from './calendar.js';
import type { DepartmentDay } from './departments.js';
import { costWindow } from './spend.js';
import { productionLatency, type BenchmarkSlo, type ProductionLatency } from './usage-latency.js';
import { usageReport, type UsageReport } from './usage-report.js';

/** Days back, today included, for the "30 days" figures and the departments breakdown. */
export const VIEW_WINDOW_DAYS = 30;

export type UsageFlag = 'no_use' | 'falling_use' | 'over_budget' | 'unpriced_models';

export interface UseCaseUsage {
  use_case: string;
  title: string;
  stage: string;
  currency: string;
  /** First and last day with usage; null when no span was ever attributed. */
  period: { from: string; to: string } | null;
  audience: number | null;
  requests: number;
  errors: number;
  /** Distinct users over the 7 and 30 days up to today. */
  active_users_7d: number;
  active_users_30d: number;
  /** The last complete ISO week's adoption rate (adoption.ts); null without an audience or a complete week. */
  adoption_rate: number | null;
  weekly: { week: string; active_users: number; adoption_rate: number | null }[];
  monthly: { month: string; cost: number; requests: number; unpriced_requests: number; budget: number; over_budget: boolean }[];
  spend_to_date: number;
  cost_this_month: number;
  budget_per_month: number;
  /** spend.ts's alert: this month above the monthly run cost, or on course to be by its end. */
  spend_alert: string | null;
  latency: ProductionLatency;
  departments: { department: string; users: number; requests: number }[];
  /** Retention by weekly cohort (adoption.ts), small cohorts and cells hidden. */
  retention: Cohort[];
  /** Value from the use case's value template; ROI to date = (to_date - costs_to_date) / costs_to_date. */
  value: { months: { month: string; value: number }[]; to_date: number; costs_to_date: number; roi_to_date: number | null } | null;
  flags: UsageFlag[];
}

export interface UsageInputs {
  config: WorkspaceConfig;
  /** The days of one use case (others are left out), in any order. */
  days: readonly UsageDay[];
  /** The use case's per-department rows (store/usage-repository.ts readDepartmentDays). */
  departmentDays: readonly DepartmentDay[];
  benchmark: BenchmarkSlo | null;
  now: Date;
}

const since = (today: string, days: number) => dayString(dayIndex(today) - days + 1);

/** The view of one use case, shaped from usageReport's answer. */
export function useCaseUsage(u: UseCase, x: UsageInputs): UseCaseUsage {
  return useCaseUsageWithReport(u, x).view;
}

/** useCaseUsage and the report it was shaped from (whose flags carry their words and figures, for the usage alerts). */
export function useCaseUsageWithReport(u: UseCase, x: UsageInputs): { view: UseCaseUsage; report: UsageReport } {
  const today = todayOf(x.now);
  const days = x.days.filter((d) => d.useCaseId === u.id && d.day <= today).sort((a, b) => a.day.localeCompare(b.day));
  const r = usageReport(days, u, x.now, { departmentDays: x.departmentDays, minGroupSize: x.config.telemetry.min_group_size, windowDays: VIEW_WINDOW_DAYS });
  const budget = r.spend.budget.monthly;
  const flags: UsageFlag[] = r.flags.map((f) => f.kind);
  if (r.spend.status !== 'within') flags.push('over_budget');
  if (r.spend.unpriced_requests_to_date > 0) flags.push('unpriced_models');
  const view: UseCaseUsage = {
    use_case: u.id,
    title: u.title,
    stage: u.stage,
    currency: x.config.currency,
    period: days.length > 0 ? { from: days[0]!.day, to: days[days.length - 1]!.day } : null,
    audience: r.audience,
    requests: days.reduce((s, d) => s + d.requests, 0),
    errors: days.reduce((s, d) => s + Object.values(d.errors).reduce((a, b) => a + b, 0), 0),
    active_users_7d: distinctUsers(days, since(today, 7), today),
    active_users_30d: distinctUsers(days, since(today, VIEW_WINDOW_DAYS), today),
    adoption_rate: lastCompleteWeekRate(r),
    weekly: r.active.week.map((w) => ({ week: w.start, active_users: w.active_users, adoption_rate: w.adoption_rate })),
    monthly: r.spend.months.map((m) => ({ month: m.month, cost: m.spend, requests: m.requests, unpriced_requests: m.unpriced_requests, budget, over_budget: m.spend > budget })),
    spend_to_date: r.spend.to_date,
    cost_this_month: r.spend.month_to_date,
    budget_per_month: budget,
    spend_alert: r.spend.alert,
    latency: productionLatency(days, x.benchmark, today),
    // departments.ts has applied the minimum group size; the hidden ones ("other") are not listed.
    departments: (r.departments?.departments ?? []).map((d) => ({ department: d.department, users: d.active_users, requests: d.requests })),
    retention: r.retention,
    value: r.value && {
      months: r.value.months.flatMap((m) => (m.value === null ? [] : [{ month: m.month, value: m.value }])),
      to_date: r.value.realised_to_date,
      costs_to_date: r.value.costs_to_date,
      roi_to_date: r.value.roi_to_date,
    },
    flags,
  };
  return { view, report: r };
}

function lastCompleteWeekRate(r: UsageReport): number | null {
  return r.active.week.filter((w) => w.complete).at(-1)?.adoption_rate ?? null;
}

/** The portfolio's deployed use cases: in a done stage (production, scaled), or with usage. */
export function deployedUseCases(useCases: readonly UseCase[], config: WorkspaceConfig, withUsage: ReadonlySet<string>): UseCase[] {
  const done = new Set(config.roadmap?.done_stages ?? ['production', 'scaled']);
  return useCases.filter((u) => done.has(u.stage) || withUsage.has(u.id)).sort((a, b) => a.id.localeCompare(b.id));
}

export interface PortfolioUsageRow {
  use_case: string;
  title: string;
  stage: string;
  requests_30d: number;
  active_users_30d: number;
  audience: number | null;
  adoption_rate: number | null;
  cost_this_month: number;
  /** The month before: the whole of it, when this one has just begun. */
  cost_last_month: number;
  budget_per_month: number;
  value_to_date: number | null;
  flags: UsageFlag[];
}

/** One use case's portfolio row, from its view (so the two never disagree). */
export function portfolioRow(r: UseCaseUsage, days: readonly UsageDay[], now: Date): PortfolioUsageRow {
  const today = todayOf(now);
  const own = days.filter((d) => d.useCaseId === r.use_case);
  const lastMonth = monthOfDay(dayString(dayIndex(`${today.slice(0, 7)}-01`) - 1));
  return {
    use_case: r.use_case,
    title: r.title,
    stage: r.stage,
    requests_30d: costWindow(own, since(today, VIEW_WINDOW_DAYS), today).requests,
    active_users_30d: r.active_users_30d,
    audience: r.audience,
    adoption_rate: r.adoption_rate,
    cost_this_month: r.cost_this_month,
    cost_last_month: r.monthly.find((m) => m.month === lastMonth)?.cost ?? 0,
    budget_per_month: r.budget_per_month,
    value_to_date: r.value?.to_date ?? null,
    flags: r.flags,
  };
}
