// A plan (use case -> start quarter), its value, what it uses, and every constraint it
// violates. The one feasibility check the solver, the greedy baseline and the tests share.
// Purchases (roadmap-buy.ts) spend budget and add skill capacity; their discounted cost is
// subtracted from the plan's value.
import { activeQuarters, allowedStarts, valueAt, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { boughtCapacity, NO_PURCHASES, purchaseCost, purchaseSpend, purchaseViolations, skillPerQuarter, type Purchases } from './roadmap-buy.js';

export type Plan = ReadonlyMap<string, number>;

export interface Usage {
  /** Build cost of the planned use cases plus what the purchases cost, per quarter. */
  budget: number[];
  teams: Map<string, number[]>;
  /** Demand of the planned use cases per skill and quarter. */
  skills: Map<string, number[]>;
  /** What each skill has per quarter: the teams' capacity plus what is bought. */
  skillLimit: Map<string, number[]>;
}

/** Tolerance for resource sums: amounts are money and person-weeks, not exact in binary. */
export const EPS = 1e-6;

/** Risk-adjusted value of the planned use cases less the discounted cost of the purchases. */
export function planValue(instance: RoadmapInstance, plan: Plan, purchases: Purchases = NO_PURCHASES): number {
  let total = purchases.size > 0 ? -purchaseCost(instance, purchases) : 0;
  for (const item of instance.items) {
    const s = plan.get(item.id);
    if (s !== undefined) total += valueAt(instance, item, s);
  }
  return total;
}

export function planUsage(instance: RoadmapInstance, plan: Plan, purchases: Purchases = NO_PURCHASES): Usage {
  const budget = purchaseSpend(instance, purchases);
  const teams = new Map(instance.teams.map((t) => [t.id, instance.budget.map(() => 0)]));
  const skills = new Map((instance.skills ?? []).map((k) => [k.id, instance.budget.map(() => 0)]));
  const bought = boughtCapacity(instance, purchases);
  const skillLimit = new Map((instance.skills ?? []).map((k) => [k.id, bought.get(k.id)!.map((b) => k.capacity + b)]));
  const u = { budget, teams, skills, skillLimit };
  for (const item of instance.items) {
    const s = plan.get(item.id);
    if (s === undefined) continue;
    addUse(u, instance, item, s, 1);
  }
  return u;
}

export function addUse(u: Usage, instance: RoadmapInstance, item: RoadmapItem, start: number, sign: 1 | -1): void {
  for (const q of activeQuarters(instance, item, start)) {
    u.budget[q] = u.budget[q]! + (sign * item.build) / item.duration;
    const team = u.teams.get(item.team);
    if (team) team[q] = team[q]! + (sign * item.effort) / item.duration;
    if (item.skillDemand)
      for (const [skill, use] of u.skills) {
        const d = skillPerQuarter(item, skill);
        if (d > 0) use[q] = use[q]! + sign * d;
      }
  }
}

/** Whether `used` fits under `limit` within the tolerance every check uses. */
export const within = (used: number, limit: number): boolean => used <= limit * (1 + EPS) + EPS;

/** The skills `item` needs more of in some quarter of a start at `start` than `u` has left: skill, quarter, amount. */
export function skillShortfalls(u: Usage, item: RoadmapItem, activeQs: readonly number[]): { skill: string; quarter: number; amount: number }[] {
  const out: { skill: string; quarter: number; amount: number }[] = [];
  if (!item.skillDemand) return out;
  for (const [skill, use] of u.skills) {
    const d = skillPerQuarter(item, skill);
    if (d <= 0) continue;
    for (const q of activeQs) {
      const limit = u.skillLimit.get(skill)![q]!;
      if (!within(use[q]! + d, limit)) out.push({ skill, quarter: q, amount: use[q]! + d - limit });
    }
  }
  return out;
}

/** Whether `item` can start at `start` given what `u` already uses. */
export function fits(u: Usage, instance: RoadmapInstance, item: RoadmapItem, start: number): boolean {
  const team = u.teams.get(item.team);
  const qs = activeQuarters(instance, item, start);
  return (
    qs.every((q) => within(u.budget[q]! + item.build / item.duration, instance.budget[q]!) && (team === undefined || within(team[q]! + item.effort / item.duration, capacityOf(instance, item.team)))) &&
    skillShortfalls(u, item, qs).length === 0
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

export function planViolations(instance: RoadmapInstance, plan: Plan, purchases: Purchases = NO_PURCHASES): string[] {
  const out: string[] = purchaseViolations(instance, purchases);
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
  const u = planUsage(instance, plan, purchases);
  u.budget.forEach((used, q) => {
    if (used > instance.budget[q]! * (1 + EPS) + EPS) out.push(`budget ${instance.quarterLabels[q]}: ${used} > ${instance.budget[q]}`);
  });
  for (const [team, use] of u.teams)
    use.forEach((used, q) => {
      if (used > capacityOf(instance, team) * (1 + EPS) + EPS) out.push(`team ${team} ${instance.quarterLabels[q]}: ${used} > ${capacityOf(instance, team)}`);
    });
  for (const [skill, use] of u.skills)
    use.forEach((used, q) => {
      const limit = u.skillLimit.get(skill)![q]!;
      if (!within(used, limit)) out.push(`skill ${skill} ${instance.quarterLabels[q]}: ${used} > ${limit}`);
    });
  return out;
}
