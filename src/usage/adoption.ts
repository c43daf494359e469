// Adoption from daily usage: active users per day, ISO week and calendar month (distinct
// users over the union of the days' pseudonymous ids, so a person active on three days of a
// week counts once), the adoption rate against the use case's intended audience, and
// retention by cohort (the ISO week of a person's first use; the share of the cohort active
// in each later week, as in Amplitude's and Mixpanel's "N-week retention").
import type { UsageDay } from '../domain/usage.js';
import { dayIndex, dayString, monthBounds, monthOfDay, weekLabel, weekStart } from './calendar.js';
import { DEFAULT_MIN_GROUP_SIZE, suppressSmallGroups } from './small-groups.js';

export type Period = 'day' | 'week' | 'month';

export interface ActivePeriod {
  /** 2026-11-30, 2026-W49 or 2026-11. */
  period: string;
  start: string;
  end: string;
  active_users: number;
  requests: number;
  /** active_users / audience, at most 1; null without an audience. */
  adoption_rate: number | null;
  /** False for the period `through` falls in when it ends later (a week or month under way). */
  complete: boolean;
}

/**
 * Adoption rate = active users / audience, capped at 1: more active people than the declared
 * audience means the audience is understated, not that more than everyone uses it.
 */
export function adoptionRate(activeUsers: number, audience: number | undefined): number | null {
  if (audience === undefined || audience <= 0) return null;
  return Math.min(1, activeUsers / audience);
}

function periodOf(period: Period, index: number): { key: string; start: number; end: number } {
  if (period === 'day') return { key: dayString(index), start: index, end: index };
  if (period === 'week') {
    const s = weekStart(index);
    return { key: weekLabel(s), start: s, end: s + 6 };
  }
  const month = monthOfDay(dayString(index));
  const { first, days } = monthBounds(month);
  return { key: month, start: first, end: first + days - 1 };
}

/**
 * Every period from the one holding `from` (default: the first day with usage) through the
 * one holding `through`, gaps included as zero, so the series draws as a curve. Days after
 * `through` are left out.
 */
export function activeUsers(days: readonly UsageDay[], period: Period, opts: { through: string; from?: string; audience?: number }): ActivePeriod[] {
  const last = dayIndex(opts.through);
  const inRange = days.filter((d) => dayIndex(d.day) <= last && (opts.from === undefined || d.day >= opts.from));
  const firstDay = opts.from ?? inRange.reduce<string | undefined>((a, d) => (a === undefined || d.day < a ? d.day : a), undefined);
  if (firstDay === undefined) return [];
  const buckets = new Map<string, { users: Set<string>; requests: number }>();
  for (const d of inRange) {
    const key = periodOf(period, dayIndex(d.day)).key;
    const b = buckets.get(key) ?? { users: new Set<string>(), requests: 0 };
    for (const u of d.users) b.users.add(u);
    b.requests += d.requests;
    buckets.set(key, b);
  }
  const out: ActivePeriod[] = [];
  for (let p = periodOf(period, dayIndex(firstDay)); p.start <= last; p = periodOf(period, p.end + 1)) {
    const b = buckets.get(p.key);
    const active = b?.users.size ?? 0;
    out.push({ period: p.key, start: dayString(p.start), end: dayString(p.end), active_users: active, requests: b?.requests ?? 0, adoption_rate: adoptionRate(active, opts.audience), complete: p.end <= last });
  }
  return out;
}

/** Distinct users over the days in [from, through] (inclusive, YYYY-MM-DD). */
export function distinctUsers(days: readonly UsageDay[], from: string, through: string): number {
  const users = new Set<string>();
  for (const d of days) if (d.day >= from && d.day <= through) for (const u of d.users) users.add(u);
  return users.size;
}

export interface RetentionCell {
  week: string;
  /** Weeks since the cohort's first week (0 = the cohort's own week). */
  offset: number;
  /** Null where the cell is hidden by the minimum group size. */
  active: number | null;
  share: number | null;
}

export interface Cohort {
  cohort: string;
  start: string;
  /** Null when the cohort itself is smaller than the minimum group size. */
  users: number | null;
  weeks: RetentionCell[];
}

/**
 * One cohort per ISO week in which someone used the use case for the first time (in the days
 * given), and for each week from then through `through`, how many of the cohort were active.
 * A cohort of fewer than `minGroupSize` people shows no figures. Each week's cells are also
 * suppressed as a breakdown of that week's active users (small-groups.ts): each active person
 * belongs to exactly one cohort, so the cells add up to the week's active users, and a hidden
 * cell must not be recoverable by subtraction.
 */
export function retentionByCohort(days: readonly UsageDay[], opts: { through: string; minGroupSize?: number }): Cohort[] {
  const k = opts.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const last = weekStart(dayIndex(opts.through));
  const weeksOf = new Map<string, Set<number>>();
  for (const d of days) {
    const i = dayIndex(d.day);
    if (i > dayIndex(opts.through)) continue;
    for (const u of d.users) weeksOf.set(u, (weeksOf.get(u) ?? new Set<number>()).add(weekStart(i)));
  }
  // cohort week -> week -> active count
  const table = new Map<number, Map<number, number>>();
  const size = new Map<number, number>();
  for (const weeks of weeksOf.values()) {
    const first = Math.min(...weeks);
    size.set(first, (size.get(first) ?? 0) + 1);
    const row = table.get(first) ?? new Map<number, number>();
    for (const w of weeks) row.set(w, (row.get(w) ?? 0) + 1);
    table.set(first, row);
  }
  const cohorts = [...size.keys()].sort((a, b) => a - b);
  const visible = retentionVisibility(cohorts, table, size, last, k);
  return cohorts.map((c) => {
    const n = size.get(c)!;
    const shown = n >= k;
    const weeks: RetentionCell[] = [];
    for (let w = c, offset = 0; w <= last; w += 7, offset++) {
      const active = table.get(c)!.get(w) ?? 0;
      const open = shown && visible.has(`${c}:${w}`);
      weeks.push({ week: weekLabel(w), offset, active: open ? active : null, share: open ? active / n : null });
    }
    return { cohort: weekLabel(c), start: dayString(c), users: shown ? n : null, weeks };
  });
}

/** The cells (`cohort:week`) that may be shown: per week, small-groups.ts over the cohorts. */
function retentionVisibility(cohorts: number[], table: Map<number, Map<number, number>>, size: Map<number, number>, last: number, k: number): Set<string> {
  const visible = new Set<string>();
  const firstWeek = cohorts[0] ?? last + 7;
  for (let w = firstWeek; w <= last; w += 7) {
    // A cohort too small to show counts as hidden in every week: its users are in "other".
    const cells = cohorts.filter((c) => c <= w).map((c) => ({ c, n: table.get(c)!.get(w) ?? 0, tiny: size.get(c)! < k }));
    const total = cells.reduce((a, x) => a + x.n, 0);
    if (total > 0 && total < k) continue; // the week's few users: no cell of theirs is shown
    const forced = cells.filter((x) => x.tiny);
    const r = suppressSmallGroups(
      cells.filter((x) => !x.tiny),
      (x) => x.n,
      (h) => h.reduce((a, x) => a + x.n, 0) + forced.reduce((a, x) => a + x.n, 0),
      k,
    );
    for (const x of r.shown) visible.add(`${x.c}:${w}`);
  }
  return visible;
}
