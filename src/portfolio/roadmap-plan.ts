// A plan (use case -> start quarter), its value, what it uses, and every constraint it
// violates. The one feasibility check the solver, the greedy baseline and the tests share.
import { activeQuarters, allowedStarts, valueAt, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';

export type Plan = ReadonlyMap<string, number>;

export interface Usage {
  budget: number[];
  teams: Map<string, number[]>;
}

/** Tolerance for resource sums: amounts are money and person-weeks, not exact in binary. */
export const EPS = 1e-6;

export function planValue(instance: RoadmapInstance, plan: Plan): number {
  let total = 0;
  for (const item of instance.items) {
    const s = plan.get(item.id);
    if (s !== undefined) total += valueAt(instance, item, s);
  }
  return total;
}

export function planUsage(instance: RoadmapInstance, plan: Plan): Usage {
  const budget = instance.budget.map(() => 0);
  const teams = new Map(instance.teams.map((t) => [t.id, instance.budget.map(() => 0)]));
  for (const item of instance.items) {
    const s = plan.get(item.id);
    if (s === undefined) continue;
    addUse({ budget, teams }, instance, item, s, 1);
  }
  return { budget, teams };
}

export function addUse(u: Usage, instance: RoadmapInstance, item: RoadmapItem, start: number, sign: 1 | -1): void {
  for (const q of activeQuarters(instance, item, start)) {
    u.budget[q] = u.budget[q]! + (sign * item.build) / item.duration;
    const team = u.teams.get(item.team);
    if (team) team[q] = team[q]! + (sign * item.effort) / item.duration;
  }
}

/** Whether `item` can start at `start` given what `u` already uses. */
export function fits(u: Usage, instance: RoadmapInstance, item: RoadmapItem, start: number): boolean {
  const team = u.teams.get(item.team);
  return activeQuarters(instance, item, start).every(
    (q) => u.budget[q]! + item.build / item.duration <= instance.budget[q]! * (1 + EPS) + EPS && (team === undefined || team[q]! + item.effort / item.duration <= capacityOf(instance, item.team) * (1 + EPS) + EPS),
  );
}

export function capacityOf(instance: RoadmapInstance, team: string): number {
  return instance.teams.find((t) => t.id === team)?.capacity ?? 0;
}

/** The earliest quarter `item` may start given its dependencies in `plan`; null if one is missing. */
export function earliestStart(instance: RoadmapInstance, item: RoadmapItem, plan: Plan): number | null {
  let earliest = 0;
  for (const d of item.dependsOn) {
    const dep = instance.items.find((i) => i.id === d);
    if (!dep || dep.status === 'done') continue;
    const s = plan.get(d);
    if (s === undefined) return null;
    earliest = Math.max(earliest, s + dep.duration);
  }
  return earliest;
}

export function planViolations(instance: RoadmapInstance, plan: Plan): string[] {
  const out: string[] = [];
  const byId = new Map(instance.items.map((i) => [i.id, i]));
  for (const [id, s] of plan) {
    const item = byId.get(id);
    if (!item) out.push(`unknown use case ${id}`);
    else if (!allowedStarts(instance, item).includes(s)) out.push(`${id} cannot start in quarter ${s}`);
    else if (item.dependsOn.length > 0) {
      const e = earliestStart(instance, item, plan);
      if (e === null || s < e) out.push(`${id} starts before its dependencies finish`);
    }
  }
  for (const item of instance.items)
    if ((item.status === 'must_do' || item.status === 'in_progress') && !plan.has(item.id)) out.push(`${item.id} (${item.status}) is not planned`);
  const u = planUsage(instance, plan);
  u.budget.forEach((used, q) => {
    if (used > instance.budget[q]! * (1 + EPS) + EPS) out.push(`budget ${instance.quarterLabels[q]}: ${used} > ${instance.budget[q]}`);
  });
  for (const [team, use] of u.teams)
    use.forEach((used, q) => {
      if (used > capacityOf(instance, team) * (1 + EPS) + EPS) out.push(`team ${team} ${instance.quarterLabels[q]}: ${used} > ${capacityOf(instance, team)}`);
    });
  return out;
}
