// Flags on a use case's usage, for the portfolio view and alerts:
// - no_use: not one request in the last `noUseDays` days (default 14), today included;
// - falling_use: the distinct active users of the last `windowDays` complete days (default
//   28, ending yesterday, so today's partial day does not count) are more than `drop`
//   (default 20%) below those of the `windowDays` days before: (previous - last) / previous > drop.
//   Needs someone active in the earlier window; exactly `drop` is not yet falling.
import type { UsageDay } from '../domain/usage.js';
import { distinctUsers } from './adoption.js';
import { dayIndex, dayString, todayOf } from './calendar.js';

export interface UsageFlag {
  kind: 'no_use' | 'falling_use';
  detail: string;
  /** The figures behind the flag, for the usage alerts (src/usage/usage-alerts.ts). */
  figures: Record<string, number | string | null>;
}

export interface FlagRules {
  noUseDays?: number;
  windowDays?: number;
  drop?: number;
}

export const DEFAULT_FLAG_RULES = { noUseDays: 14, windowDays: 28, drop: 0.2 } as const;

export function usageFlags(days: readonly UsageDay[], now: Date, rules: FlagRules = {}): UsageFlag[] {
  const { noUseDays, windowDays, drop } = { ...DEFAULT_FLAG_RULES, ...rules };
  const today = dayIndex(todayOf(now));
  const flags: UsageFlag[] = [];
  const since = dayString(today - noUseDays + 1);
  const recent = days.filter((d) => d.day >= since && d.day <= dayString(today)).reduce((a, d) => a + d.requests, 0);
  if (recent === 0) {
    const used = days.filter((d) => d.requests > 0 && dayIndex(d.day) <= today).map((d) => d.day);
    const lastDay = used.length > 0 ? used.reduce((a, b) => (a > b ? a : b)) : null;
    flags.push({
      kind: 'no_use',
      detail: lastDay ? `no requests in the last ${noUseDays} days (since ${since})` : 'no requests recorded yet',
      figures: { days: noUseDays, since, last_request_day: lastDay },
    });
  }
  const lastEnd = today - 1;
  const last = distinctUsers(days, dayString(lastEnd - windowDays + 1), dayString(lastEnd));
  const previous = distinctUsers(days, dayString(lastEnd - 2 * windowDays + 1), dayString(lastEnd - windowDays));
  if (previous > 0 && previous - last > drop * previous)
    flags.push({
      kind: 'falling_use',
      detail: `${last} active users in the last ${windowDays} days, down ${Math.round(((previous - last) / previous) * 100)}% from ${previous} in the ${windowDays} days before`,
      figures: { window_days: windowDays, active_users: last, active_users_before: previous, drop_percent: Math.round(((previous - last) / previous) * 100) },
    });
  return flags;
}
