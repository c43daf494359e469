// The greedy baseline the optimiser is compared with: what a careful planner does by hand.
// Fixed items first (in progress, then must-do), then the rest by value per unit of scarce
// resource, each at the earliest quarter where it fits after its dependencies. Where only a
// skill falls short, it buys the cheapest capacity per person-week that closes the gap,
// when the budget allows and the use case is worth more than what it buys.
import { activeQuarters, allowedStarts, valueAt, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { addUse, capacityOf, earliestStart, planUsage, skillShortfalls, within, type Usage } from './roadmap-plan.js';
import { emptyPurchases, unitCost, unitsAt, type Purchases } from './roadmap-buy.js';

export interface GreedyResult {
  plan: Map<string, number>;
  purchases: Purchases;
  /** Must-do (and in-progress) items greedy could not place (the plan is then not a valid roadmap). */
  unplacedMustDo: string[];
}

export function greedyPlan(instance: RoadmapInstance): GreedyResult {
  const plan = new Map<string, number>();
  const purchases = emptyPurchases(instance);
  const usage = planUsage(instance, plan, purchases);
  const unplaced: string[] = [];
  const place = (item: RoadmapItem): boolean => {
    const earliest = earliestStart(instance, item, plan);
    if (earliest === null) return false;
    const mandatory = item.status !== 'candidate';
    for (const t of allowedStarts(instance, item)) {
      if (t < earliest || !fitsBudgetAndTeam(usage, instance, item, t)) continue;
      const qs = activeQuarters(instance, item, t);
      const buy = skillShortfalls(usage, item, qs).length === 0 ? [] : cheapestBuy(instance, usage, purchases, item, qs);
      if (buy === null || !affordable(instance, usage, item, t, buy)) continue;
      if (!mandatory && buy.reduce((s, b) => s + unitCost(instance, b.option, b.quarter), 0) >= valueAt(instance, item, t)) continue;
      for (const b of buy) commitUnit(instance, usage, purchases, b);
      plan.set(item.id, t);
      addUse(usage, instance, item, t, 1);
      return true;
    }
    return false;
  };
  for (const item of instance.items.filter((i) => i.status === 'in_progress')) if (!place(item)) unplaced.push(item.id);
  unplaced.push(...placeInPasses(instance.items.filter((i) => i.status === 'must_do'), place));
  const meanBudget = instance.budget.reduce((a, b) => a + b, 0) / Math.max(1, instance.budget.length);
  const density = (i: RoadmapItem) => i.value / (i.build / Math.max(meanBudget, 1) + i.effort / Math.max(capacityOf(instance, i.team), 1) + 1e-9);
  const candidates = instance.items.filter((i) => i.status === 'candidate' && i.value > 0).sort((a, b) => density(b) - density(a) || a.id.localeCompare(b.id));
  placeInPasses(candidates, place);
  return { plan, purchases, unplacedMustDo: unplaced };
}

function fitsBudgetAndTeam(u: Usage, instance: RoadmapInstance, item: RoadmapItem, start: number): boolean {
  const team = u.teams.get(item.team);
  return activeQuarters(instance, item, start).every(
    (q) => within(u.budget[q]! + item.build / item.duration, instance.budget[q]!) && (team === undefined || within(team[q]! + item.effort / item.duration, capacityOf(instance, item.team))),
  );
}

interface Unit {
  option: NonNullable<RoadmapInstance['options']>[number];
  quarter: number;
}

/**
 * Units that close every skill shortfall of `item` in quarters `qs`, quarter by quarter,
 * each the cheapest per person-week still available then; null when the options run out.
 */
function cheapestBuy(instance: RoadmapInstance, usage: Usage, purchases: Purchases, item: RoadmapItem, qs: readonly number[]): Unit[] | null {
  const extra = new Map<string, number[]>(); // skill -> added person-weeks per quarter
  const taken = new Map<string, number[]>(); // option -> added units per quarter
  const out: Unit[] = [];
  for (const q of qs)
    for (const { skill } of skillShortfalls(usage, item, [q])) {
      const short = () => {
        const demand = usage.skills.get(skill)![q]! + (item.skillDemand?.[skill] ?? 0) / item.duration;
        return demand - usage.skillLimit.get(skill)![q]! - (extra.get(skill)?.[q] ?? 0);
      };
      while (!within(short() + usage.skillLimit.get(skill)![q]!, usage.skillLimit.get(skill)![q]!)) {
        const options = (instance.options ?? []).filter((o) => o.skill === skill && o.leadTime <= q && unitsLeft(o, purchases.get(o.id)!, taken.get(o.id), q));
        if (options.length === 0) return null;
        const option = options.reduce((a, b) => (unitCost(instance, b, q) / b.personWeeks < unitCost(instance, a, q) / a.personWeeks ? b : a));
        const units = taken.get(option.id) ?? instance.budget.map(() => 0);
        units[q] = units[q]! + 1;
        taken.set(option.id, units);
        const row = extra.get(skill) ?? instance.budget.map(() => 0);
        for (let t = q; t < (option.kind === 'hire' ? instance.budget.length : q + 1); t++) row[t] = row[t]! + option.personWeeks;
        extra.set(skill, row);
        out.push({ option, quarter: q });
      }
    }
  return out;
}

function unitsLeft(option: Unit['option'], bought: readonly number[], taken: readonly number[] | undefined, q: number): boolean {
  const all = bought.map((b, t) => b + (taken?.[t] ?? 0));
  if (option.kind === 'hire') return all.reduce((a, b) => a + b, 0) < option.maxUnits;
  return unitsAt(option, all, q) < option.maxUnits;
}

/** The item's build cost plus what the units cost fits every quarter's budget. */
function affordable(instance: RoadmapInstance, usage: Usage, item: RoadmapItem, start: number, buy: Unit[]): boolean {
  const spend = instance.budget.map(() => 0);
  for (const q of activeQuarters(instance, item, start)) spend[q] = spend[q]! + item.build / item.duration;
  for (const { option, quarter } of buy) for (let t = quarter; t < (option.kind === 'hire' ? spend.length : quarter + 1); t++) spend[t] = spend[t]! + option.price;
  return spend.every((s, q) => s === 0 || within(usage.budget[q]! + s, instance.budget[q]!));
}

function commitUnit(instance: RoadmapInstance, usage: Usage, purchases: Purchases, { option, quarter }: Unit): void {
  const units = purchases.get(option.id) as number[];
  units[quarter] = units[quarter]! + 1;
  const limit = usage.skillLimit.get(option.skill)!;
  for (let t = quarter; t < (option.kind === 'hire' ? instance.budget.length : quarter + 1); t++) {
    limit[t] = limit[t]! + option.personWeeks;
    usage.budget[t] = usage.budget[t]! + option.price;
  }
}

/** Tries items in order, again and again while anything new was placed (a dependency may land later). */
function placeInPasses(items: RoadmapItem[], place: (i: RoadmapItem) => boolean): string[] {
  let pending = [...items];
  for (;;) {
    const before = pending.length;
    pending = pending.filter((i) => !place(i));
    if (pending.length === before || pending.length === 0) return pending.map((i) => i.id);
  }
}
