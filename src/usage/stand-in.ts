// stand-in until ingest and metrics land: the smallest versions of engineer A's store read
// (src/store/usage-repository.ts readUsageDays) and engineer B's usage metrics (src/usage/),
// with the signatures the views are written against. Delete this file when merging and point
// the imports of src/usage/usage-overview.ts at the real modules.
import type { Kysely } from 'kysely';
import { likelyValue } from '../domain/common.js';
import type { UseCase } from '../domain/use-case.js';
import type { UsageDay } from '../domain/usage.js';
import type { Database } from '../store/database.js';

/** stand-in until ingest lands: the usage tables do not exist on this branch, so no days. */
export async function readUsageDays(_db: Kysely<Database>, _query: { useCaseId?: string; from?: string; to?: string }): Promise<UsageDay[]> {
  return [];
}

/** The ISO week's Monday (UTC) of a YYYY-MM-DD day. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** stand-in until metrics lands: distinct active users per ISO week (weeks start on Monday). */
export function weeklyActiveUsers(days: readonly UsageDay[]): { week: string; active_users: number }[] {
  const weeks = new Map<string, Set<string>>();
  for (const d of days) {
    const set = weeks.get(weekOf(d.day)) ?? new Set<string>();
    d.users.forEach((u) => set.add(u));
    weeks.set(weekOf(d.day), set);
  }
  return [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, users]) => ({ week, active_users: users.size }));
}

/** stand-in until metrics lands: cost and requests per calendar month (UTC). */
export function monthlySpend(days: readonly UsageDay[]): { month: string; cost: number; requests: number; unpriced_requests: number }[] {
  const months = new Map<string, { cost: number; requests: number; unpriced_requests: number }>();
  for (const d of days) {
    const m = months.get(d.day.slice(0, 7)) ?? { cost: 0, requests: 0, unpriced_requests: 0 };
    m.cost += d.cost;
    m.requests += d.requests;
    m.unpriced_requests += d.unpricedRequests;
    months.set(d.day.slice(0, 7), m);
  }
  return [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, m]) => ({ month, ...m }));
}

/** stand-in until metrics lands: the business case's likely monthly run cost is the month's budget. */
export function monthlyBudget(u: UseCase): number {
  return likelyValue(u.costs.run_monthly);
}

/**
 * stand-in until metrics lands: departments with at least `minGroupSize` distinct users. A
 * UsageDay keeps requests per department, not users per department, so without engineer B's
 * function no department can be shown safely: none is.
 */
export function departmentsUsing(_days: readonly UsageDay[], _minGroupSize: number): { department: string; users: number; requests: number }[] {
  return [];
}

/**
 * stand-in until metrics lands: value realised from usage (the use case's value template over
 * its usage). No value template exists on this branch, so there is none.
 */
export function usageValue(_u: UseCase, _days: readonly UsageDay[]): { months: { month: string; value: number }[]; to_date: number } | null {
  return null;
}

/**
 * stand-in until metrics lands: a deployed use case with no request in the 14 days up to `today`
 * is unused; one whose weekly active users over the last 4 complete weeks average less than 75%
 * of the 4 weeks before is falling.
 */
export function usageFlags(days: readonly UsageDay[], today: string): ('no_use' | 'falling_use')[] {
  const since = addDays(today, -13);
  if (!days.some((d) => d.day >= since && d.day <= today && d.requests > 0)) return ['no_use'];
  const thisWeek = weekOf(today);
  const weeks = weeklyActiveUsers(days.filter((d) => weekOf(d.day) < thisWeek));
  const byWeek = new Map(weeks.map((w) => [w.week, w.active_users]));
  const mean = (from: number) => [0, 1, 2, 3].reduce((s, i) => s + (byWeek.get(addDays(thisWeek, -7 * (from + i))) ?? 0), 0) / 4;
  const recent = mean(1);
  const before = mean(5);
  return before > 0 && recent < 0.75 * before ? ['falling_use'] : [];
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
