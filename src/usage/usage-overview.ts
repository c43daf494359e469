// What `traction usage`, GET /api/usage and GET /api/use-cases/{id}/usage answer: per use case
// its adoption (active users per week against the audience), cost per month against the
// business case's run cost, production latency against the SLO its benchmark measured, and the
// value realised from usage; per portfolio one row per deployed use case. The CLI and the server
// both call these functions, with the store read and the clock passed in.
import type { UseCase } from '../domain/use-case.js';
import type { UsageDay } from '../domain/usage.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { addDays, departmentsUsing, monthlyBudget, monthlySpend, usageFlags, usageValue, weeklyActiveUsers } from './stand-in.js';
import { productionLatency, type BenchmarkSlo, type ProductionLatency } from './usage-latency.js';

/** Breakdowns (departments) with fewer distinct users than this are never shown (PRODUCT.md). */
export const MIN_GROUP_SIZE = 5;

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
  /** active_users_30d / audience; null without an audience. */
  adoption_rate: number | null;
  weekly: { week: string; active_users: number; adoption_rate: number | null }[];
  monthly: { month: string; cost: number; requests: number; unpriced_requests: number; budget: number; over_budget: boolean }[];
  spend_to_date: number;
  cost_this_month: number;
  budget_per_month: number;
  latency: ProductionLatency;
  departments: { department: string; users: number; requests: number }[];
  value: { months: { month: string; value: number }[]; to_date: number } | null;
  flags: UsageFlag[];
}

export interface UsageInputs {
  config: WorkspaceConfig;
  /** The days of one use case, oldest first or not: they are sorted here. */
  days: readonly UsageDay[];
  benchmark: BenchmarkSlo | null;
  /** Today, YYYY-MM-DD (UTC). */
  today: string;
}

function distinctUsers(days: readonly UsageDay[], from: string, to: string): number {
  const users = new Set<string>();
  for (const d of days) if (d.day >= from && d.day <= to) d.users.forEach((u) => users.add(u));
  return users.size;
}

export function useCaseUsage(u: UseCase, x: UsageInputs): UseCaseUsage {
  const days = [...x.days].filter((d) => d.useCaseId === u.id).sort((a, b) => a.day.localeCompare(b.day));
  const audience = u.telemetry?.audience ?? null;
  const rate = (n: number) => (audience ? n / audience : null);
  const budget = monthlyBudget(u);
  const monthly = monthlySpend(days).map((m) => ({ ...m, budget, over_budget: m.cost > budget }));
  const thisMonth = x.today.slice(0, 7);
  const active30 = distinctUsers(days, addDays(x.today, -29), x.today);
  const flags: UsageFlag[] = [...usageFlags(days, x.today)];
  if (monthly.some((m) => m.month === thisMonth && m.over_budget)) flags.push('over_budget');
  if (days.some((d) => d.unpricedRequests > 0)) flags.push('unpriced_models');
  return {
    use_case: u.id,
    title: u.title,
    stage: u.stage,
    currency: x.config.currency,
    period: days.length > 0 ? { from: days[0]!.day, to: days[days.length - 1]!.day } : null,
    audience,
    requests: days.reduce((s, d) => s + d.requests, 0),
    errors: days.reduce((s, d) => s + Object.values(d.errors).reduce((a, b) => a + b, 0), 0),
    active_users_7d: distinctUsers(days, addDays(x.today, -6), x.today),
    active_users_30d: active30,
    adoption_rate: rate(active30),
    weekly: weeklyActiveUsers(days).map((w) => ({ ...w, adoption_rate: rate(w.active_users) })),
    monthly,
    spend_to_date: days.reduce((s, d) => s + d.cost, 0),
    cost_this_month: monthly.find((m) => m.month === thisMonth)?.cost ?? 0,
    budget_per_month: budget,
    latency: productionLatency(days, x.benchmark, x.today),
    departments: departmentsUsing(days, MIN_GROUP_SIZE).filter((d) => d.users >= MIN_GROUP_SIZE),
    value: usageValue(u, days),
    flags,
  };
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

export function portfolioRow(r: UseCaseUsage, days: readonly UsageDay[], today: string): PortfolioUsageRow {
  const from = addDays(today, -29);
  return {
    use_case: r.use_case,
    title: r.title,
    stage: r.stage,
    requests_30d: days.filter((d) => d.useCaseId === r.use_case && d.day >= from && d.day <= today).reduce((s, d) => s + d.requests, 0),
    active_users_30d: r.active_users_30d,
    audience: r.audience,
    adoption_rate: r.adoption_rate,
    cost_this_month: r.cost_this_month,
    cost_last_month: r.monthly.find((m) => m.month === previousMonth(today))?.cost ?? 0,
    budget_per_month: r.budget_per_month,
    value_to_date: r.value?.to_date ?? null,
    flags: r.flags,
  };
}

/** YYYY-MM of the month before `day`'s. */
export function previousMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}
