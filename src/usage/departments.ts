// Departments using a use case, over a window of days, with the minimum group size applied:
// a department with fewer than `minGroupSize` distinct users (and, by secondary suppression,
// whatever else is needed so the hidden ones cannot be subtracted out) is not named; the
// hidden departments are reported together as "other" (see small-groups.ts).
import { DEFAULT_MIN_GROUP_SIZE, suppressSmallGroups } from './small-groups.js';

/**
 * One use case's usage in one department on one UTC day: the input of this breakdown (the
 * store's per-department rows, or UsageDay rows read per department). `users` are the
 * pseudonymous ids of that department's users active that day.
 */
export interface DepartmentDay {
  day: string;
  department: string;
  users: readonly string[];
  requests: number;
}

export interface DepartmentUse {
  department: string;
  active_users: number;
  requests: number;
}

export interface DepartmentBreakdown {
  from: string;
  through: string;
  minGroupSize: number;
  /** Departments with at least minGroupSize users, most users first. */
  departments: DepartmentUse[];
  /** The hidden departments together; `active_users` null when even together they are too few to show. */
  other: { departments: number; active_users: number | null; requests: number | null } | null;
}

export function departmentsUsing(rows: readonly DepartmentDay[], opts: { from: string; through: string; minGroupSize?: number }): DepartmentBreakdown {
  const k = opts.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const byDept = new Map<string, { users: Set<string>; requests: number }>();
  for (const r of rows) {
    if (r.day < opts.from || r.day > opts.through) continue;
    const g = byDept.get(r.department) ?? { users: new Set<string>(), requests: 0 };
    for (const u of r.users) g.users.add(u);
    g.requests += r.requests;
    byDept.set(r.department, g);
  }
  const groups = [...byDept.entries()].map(([department, g]) => ({ department, ...g }));
  const union = (h: readonly { users: Set<string> }[]) => new Set(h.flatMap((g) => [...g.users])).size;
  const r = suppressSmallGroups(groups, (g) => g.users.size, union, k);
  const shown = new Set(r.shown);
  const hidden = groups.filter((g) => !shown.has(g));
  const departments = r.shown
    .filter((g) => g.users.size > 0)
    .map((g) => ({ department: g.department, active_users: g.users.size, requests: g.requests }))
    .sort((a, b) => b.active_users - a.active_users || a.department.localeCompare(b.department));
  const other =
    hidden.length === 0
      ? null
      : // Too few to show together: their requests would betray activity of a tiny group too.
        { departments: hidden.length, active_users: r.hiddenUsers, requests: r.hiddenUsers === null ? null : hidden.reduce((a, g) => a + g.requests, 0) };
  return { from: opts.from, through: opts.through, minGroupSize: k, departments, other };
}
