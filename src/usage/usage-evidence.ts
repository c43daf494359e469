// A use case's usage as `usage_summary` evidence (the contract is usageSummaryPayloadSchema in
// src/domain/evidence.ts), for the usage gate criteria: the adoption rate of each of the last
// 26 complete ISO weeks, and requests, cost and latency over the last 28 complete days (the
// window ends yesterday, so a day still under way never counts).
import { usageSummaryPayloadSchema, type UsageSummaryPayload } from '../domain/evidence.js';
import type { UsageDay } from '../domain/usage.js';
import type { UseCase } from '../domain/use-case.js';
import { activeUsers } from './adoption.js';
import { dayIndex, dayString, todayOf, weekStart } from './calendar.js';
import { costWindow } from './spend.js';

export const SUMMARY_WINDOW_DAYS = 28;
export const SUMMARY_WEEKS = 26;

export function usageEvidence(days: readonly UsageDay[], useCase: UseCase, now: Date): UsageSummaryPayload {
  const today = dayIndex(todayOf(now));
  const own = days.filter((d) => d.useCaseId === useCase.id && dayIndex(d.day) < today);
  const from = dayString(today - SUMMARY_WINDOW_DAYS);
  const through = dayString(today - 1);
  const inWindow = own.filter((d) => d.day >= from && d.day <= through);
  const audience = useCase.telemetry?.audience;
  // The weeks wholly before today's week are complete.
  const thisWeek = weekStart(today);
  const weeks = activeUsers(own, 'week', { from: dayString(thisWeek - 7 * SUMMARY_WEEKS), through: dayString(thisWeek - 1), audience }).map((w) => ({
    week: w.period,
    start: w.start,
    active_users: w.active_users,
    adoption_rate: w.adoption_rate,
  }));
  const cost = costWindow(inWindow, from, through);
  const payload = {
    as_of: dayString(today),
    window: { from, through, days: SUMMARY_WINDOW_DAYS },
    audience: audience ?? null,
    weeks,
    requests: cost.requests,
    errors: inWindow.reduce((a, d) => a + Object.values(d.errors).reduce((x, y) => x + y, 0), 0),
    priced_requests: cost.priced_requests,
    unpriced_requests: cost.unpriced_requests,
    cost: cost.cost,
    cost_per_request: cost.cost_per_request,
    cost_per_1k_requests: cost.cost_per_1k_requests,
    latency_ms: worstDailyLatency(inWindow),
  };
  return usageSummaryPayloadSchema.parse(payload);
}

/**
 * The highest daily p50, p90 and p99 over the days that have a latency. If every day's pNN is
 * at most T, at least NN% of each day's requests took at most T, so at least NN% of all of
 * them did: the highest daily pNN bounds the window's pNN from above (daily sketches cannot be
 * merged once reduced to quantiles, and a gate should not pass on an estimate that could be low).
 */
function worstDailyLatency(days: readonly UsageDay[]): UsageSummaryPayload['latency_ms'] {
  const measured = days.flatMap((d) => (d.latencyMs ? [d.latencyMs] : []));
  if (measured.length === 0) return null;
  const max = (k: 'p50' | 'p90' | 'p99') => Math.max(...measured.map((l) => l[k]));
  return { days: measured.length, p50_max: max('p50'), p90_max: max('p90'), p99_max: max('p99') };
}
