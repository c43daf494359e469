// Spend from telemetry beside the business case: spend to date, this month's spend against
// the business case's monthly run cost, and the alert when the month's spend, projected to
// the month's end, runs above it. The spend is what the model calls cost (tokens at the price
// in force when each call happened); the run cost may also hold hosting, licences and the like,
// so the same months also give the cost per request beside the planned cost per prediction.
import type { Quantity } from '../domain/common.js';
import type { UsageDay } from '../domain/usage.js';
import type { UseCase } from '../domain/use-case.js';
import { rangeMean } from '../portfolio/distributions.js';
import { dayIndex, elapsedDaysInMonth, monthBounds, monthOfDay, MS_PER_DAY, nextMonth, todayOf } from './calendar.js';

/** The expected value of a quantity: the number itself, or its range's mean (PERT or triangular). */
export function expectedValue(q: Quantity): number {
  return typeof q === 'number' ? q : rangeMean(q);
}

export interface RunBudget {
  run_monthly: number;
  per_prediction: number | null;
  predictions_per_month: number | null;
  /** run_monthly + per_prediction x predictions_per_month, each at its expected value. */
  monthly: number;
}

/**
 * The business case's monthly run cost at full adoption, as business-case.ts counts it:
 * the run cost plus the per-prediction cost times the predictions per month (expected values;
 * the product of expected values is the expected product for independent inputs).
 */
export function monthlyRunBudget(u: UseCase): RunBudget {
  const c = u.costs;
  const run = expectedValue(c.run_monthly);
  const perPrediction = c.per_prediction === undefined ? null : expectedValue(c.per_prediction);
  const volume = c.predictions_per_month === undefined ? null : expectedValue(c.predictions_per_month);
  return { run_monthly: run, per_prediction: perPrediction, predictions_per_month: volume, monthly: run + (perPrediction ?? 0) * (volume ?? 0) };
}

export interface CostWindow {
  requests: number;
  /** Requests whose model had a price: the cost per request is over these only. */
  priced_requests: number;
  unpriced_requests: number;
  cost: number;
  cost_per_request: number | null;
  cost_per_1k_requests: number | null;
}

/** Cost over the days in [from, through]; per request over the priced requests, none without any. */
export function costWindow(days: readonly UsageDay[], from: string, through: string): CostWindow {
  let requests = 0;
  let unpriced = 0;
  let cost = 0;
  for (const d of days) {
    if (d.day < from || d.day > through) continue;
    requests += d.requests;
    unpriced += d.unpricedRequests;
    cost += d.cost;
  }
  const priced = requests - unpriced;
  const perRequest = priced > 0 ? cost / priced : null;
  return { requests, priced_requests: priced, unpriced_requests: unpriced, cost, cost_per_request: perRequest, cost_per_1k_requests: perRequest === null ? null : perRequest * 1000 };
}

export interface MonthSpend {
  month: string;
  spend: number;
  requests: number;
  unpriced_requests: number;
}

export interface SpendSummary {
  through: string;
  to_date: number;
  unpriced_requests_to_date: number;
  month: string;
  month_to_date: number;
  budget: RunBudget;
  elapsed_days: number;
  days_in_month: number;
  /** Straight-line run rate: month_to_date x days_in_month / elapsed days (at least one day). */
  projected_month_end: number;
  /** over: already spent more than the monthly run cost; projected_over: on course to. */
  status: 'within' | 'projected_over' | 'over';
  alert: string | null;
  /** Every month from the first with usage through this one. */
  months: MonthSpend[];
  /** This month's cost per priced request, beside the business case's per-prediction cost. */
  cost_per_request: number | null;
}

export function spendSummary(days: readonly UsageDay[], u: UseCase, now: Date): SpendSummary {
  const today = todayOf(now);
  const past = days.filter((d) => dayIndex(d.day) <= dayIndex(today));
  const month = monthOfDay(today);
  const months = monthlySpend(past, month);
  const current = months.at(-1) ?? { month, spend: 0, requests: 0, unpriced_requests: 0 };
  const budget = monthlyRunBudget(u);
  const daysInMonth = monthBounds(month).days;
  const elapsed = elapsedDaysInMonth(now);
  // Within the first day the run rate of a few hours would swing wildly: count one day at least.
  const projected = (current.spend * daysInMonth) / Math.max(1, elapsed);
  const status = current.spend > budget.monthly ? 'over' : projected > budget.monthly ? 'projected_over' : 'within';
  const money = (x: number) => x.toFixed(2);
  const alert =
    status === 'over'
      ? `${month}: spend ${money(current.spend)} is already above the monthly run cost of ${money(budget.monthly)}`
      : status === 'projected_over'
        ? `${month}: spend ${money(current.spend)} so far runs to ${money(projected)} by the month's end, above the monthly run cost of ${money(budget.monthly)}`
        : null;
  return {
    through: today,
    to_date: months.reduce((a, m) => a + m.spend, 0),
    unpriced_requests_to_date: months.reduce((a, m) => a + m.unpriced_requests, 0),
    month,
    month_to_date: current.spend,
    budget,
    elapsed_days: elapsed,
    days_in_month: daysInMonth,
    projected_month_end: projected,
    status,
    alert,
    months,
    cost_per_request: costWindow(past, `${month}-01`, today).cost_per_request,
  };
}

/**
 * The instant `month`'s spend status changes by the clock alone, with no new spend: the
 * projection of spendSummary, spend x days in month / max(1, elapsed days), falls as the month
 * goes on, so spend within the budget but projected over it is projected within it once the
 * elapsed days reach spend x days / budget. Null when the clock alone cannot change the status
 * this month (already over, or never projected over). Cached answers end there (server/read-model.ts).
 */
export function spendStatusChangesAt(monthToDate: number, budgetMonthly: number, month: string): Date | null {
  if (!(budgetMonthly > 0) || monthToDate > budgetMonthly) return null;
  const { first, days } = monthBounds(month);
  const crossing = (monthToDate * days) / budgetMonthly;
  if (crossing <= 1 || crossing >= days) return null;
  // Rounded down: an answer recomputed a moment early is still exact, one kept a moment late is not.
  return new Date(Math.floor((first + crossing) * MS_PER_DAY));
}

/** Spend per calendar month from the first month with usage through `lastMonth`, gaps as zero. */
export function monthlySpend(days: readonly UsageDay[], lastMonth: string): MonthSpend[] {
  const byMonth = new Map<string, MonthSpend>();
  for (const d of days) {
    const m = monthOfDay(d.day);
    const s = byMonth.get(m) ?? { month: m, spend: 0, requests: 0, unpriced_requests: 0 };
    s.spend += d.cost;
    s.requests += d.requests;
    s.unpriced_requests += d.unpricedRequests;
    byMonth.set(m, s);
  }
  const first = [...byMonth.keys()].sort()[0];
  const out: MonthSpend[] = [];
  for (let m = first; m !== undefined && m <= lastMonth; m = nextMonth(m)) out.push(byMonth.get(m) ?? { month: m, spend: 0, requests: 0, unpriced_requests: 0 });
  return out;
}

