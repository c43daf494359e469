// One use case's usage after go-live in one answer: what `traction usage`, the API and the
// dashboard show (shaped by usage-overview.ts, whose portfolio rows come from these answers
// too), computed in one place so the three never disagree. Composes the other files of this
// folder; adds no rule of its own.
import type { UsageDay } from '../domain/usage.js';
import type { UseCase } from '../domain/use-case.js';
import { activeUsers, retentionByCohort, type ActivePeriod, type Cohort } from './adoption.js';
import { dayIndex, dayString, todayOf } from './calendar.js';
import { departmentsUsing, type DepartmentBreakdown, type DepartmentDay } from './departments.js';
import { spendSummary, type SpendSummary } from './spend.js';
import { usageFlags, type FlagRules, type UsageFlag } from './usage-flags.js';
import { usageRealisedValue, type UsageRealisedValue } from './value-template.js';

export interface UsageReportOptions {
  /** Per-department rows, for the departments breakdown (none without them). */
  departmentDays?: readonly DepartmentDay[];
  minGroupSize?: number;
  flagRules?: FlagRules;
  /** Days back for the departments breakdown and the portfolio's active users (default 28, ending today). */
  windowDays?: number;
}

export interface UsageReport {
  useCaseId: string;
  as_of: string;
  audience: number | null;
  active: { day: ActivePeriod[]; week: ActivePeriod[]; month: ActivePeriod[] };
  retention: Cohort[];
  departments: DepartmentBreakdown | null;
  flags: UsageFlag[];
  spend: SpendSummary;
  value: UsageRealisedValue | null;
  /** Daily latency quantiles, for the chart against the benchmarked SLO. */
  latency: { day: string; p50: number; p90: number; p99: number }[];
}

/** `days` are the use case's own rows (others are left out); days after `now` never count. */
export function usageReport(days: readonly UsageDay[], useCase: UseCase, now: Date, opts: UsageReportOptions = {}): UsageReport {
  const today = todayOf(now);
  const own = days.filter((d) => d.useCaseId === useCase.id && d.day <= today);
  const audience = useCase.telemetry?.audience;
  const series = (period: 'day' | 'week' | 'month') => activeUsers(own, period, { through: today, audience });
  const from = dayString(dayIndex(today) - (opts.windowDays ?? 28) + 1);
  return {
    useCaseId: useCase.id,
    as_of: today,
    audience: audience ?? null,
    active: { day: series('day'), week: series('week'), month: series('month') },
    retention: retentionByCohort(own, { through: today, minGroupSize: opts.minGroupSize }),
    departments: opts.departmentDays ? departmentsUsing(opts.departmentDays, { from, through: today, minGroupSize: opts.minGroupSize }) : null,
    flags: usageFlags(own, now, opts.flagRules),
    spend: spendSummary(own, useCase, now),
    value: usageRealisedValue(own, useCase, now),
    latency: own.flatMap((d) => (d.latencyMs ? [{ day: d.day, ...d.latencyMs }] : [])).sort((a, b) => a.day.localeCompare(b.day)),
  };
}
