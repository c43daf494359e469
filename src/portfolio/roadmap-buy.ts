// Capacity the plan buys (traction.yaml `capacity_options`), as units per option and quarter,
// and what that adds and costs. A contractor or partner unit counted in quarter q works (and
// is paid) in q only; a hire counted in quarter q starts then and works, and is paid, in
// every quarter from q to the end of the roadmap. Nothing is available before the option's
// lead time. The one place these rules live: the solver, greedy, the search, the brute
// force of the tests and the explanations all read them from here.
import type { BuyOption, RoadmapInstance, RoadmapItem } from './roadmap-instance.js';

/** Option id -> units per quarter (contractor/partner: working in q; hire: starting in q). */
export type Purchases = ReadonlyMap<string, readonly number[]>;

export const NO_PURCHASES: Purchases = new Map();

/** Units of `option` at work in quarter q. */
export function unitsAt(option: BuyOption, units: readonly number[], q: number): number {
  if (option.kind !== 'hire') return units[q] ?? 0;
  let sum = 0;
  for (let t = 0; t <= q; t++) sum += units[t] ?? 0;
  return sum;
}

/** Skill -> person-weeks per quarter the purchases add. */
export function boughtCapacity(instance: RoadmapInstance, purchases: Purchases): Map<string, number[]> {
  const out = new Map((instance.skills ?? []).map((s) => [s.id, instance.budget.map(() => 0)]));
  for (const option of instance.options ?? []) {
    const units = purchases.get(option.id);
    const row = out.get(option.skill);
    if (!units || !row) continue;
    row.forEach((_, q) => (row[q] = row[q]! + option.personWeeks * unitsAt(option, units, q)));
  }
  return out;
}

/** What the purchases cost in each quarter (it spends that quarter's budget). */
export function purchaseSpend(instance: RoadmapInstance, purchases: Purchases): number[] {
  const spend = instance.budget.map(() => 0);
  for (const option of instance.options ?? []) {
    const units = purchases.get(option.id);
    if (units) spend.forEach((_, q) => (spend[q] = spend[q]! + option.price * unitsAt(option, units, q)));
  }
  return spend;
}

/** The purchases' cost discounted to the roadmap start like value: sum of spend_q d^q. */
export function purchaseCost(instance: RoadmapInstance, purchases: Purchases): number {
  return purchaseSpend(instance, purchases).reduce((sum, x, q) => sum + x * instance.quarterDiscount ** q, 0);
}

/** The discounted cost of one unit of `option` bought in quarter q (a hire: every quarter from q on). */
export function unitCost(instance: RoadmapInstance, option: BuyOption, q: number): number {
  const last = option.kind === 'hire' ? instance.budget.length - 1 : q;
  let sum = 0;
  for (let t = q; t <= last; t++) sum += option.price * instance.quarterDiscount ** t;
  return sum;
}

/** Lead times, unit limits and unknown options: what makes a purchase impossible. */
export function purchaseViolations(instance: RoadmapInstance, purchases: Purchases): string[] {
  const out: string[] = [];
  for (const [id, units] of purchases) {
    const option = (instance.options ?? []).find((o) => o.id === id);
    if (!option) {
      out.push(`unknown capacity option ${id}`);
      continue;
    }
    units.forEach((u, q) => {
      if (!Number.isInteger(u) || u < 0) out.push(`${id}: ${u} units in quarter ${q}`);
      else if (u > 0 && (q < option.leadTime || q >= instance.budget.length)) out.push(`${id} bought in quarter ${q}, before its lead time of ${option.leadTime}`);
    });
    const most = option.kind === 'hire' ? units.reduce((a, b) => a + b, 0) : Math.max(0, ...units);
    if (most > option.maxUnits) out.push(`${id}: ${most} units, at most ${option.maxUnits}`);
  }
  return out;
}

/** Person-weeks of `skill` that `item` needs in each quarter it is active. */
export function skillPerQuarter(item: RoadmapItem, skill: string): number {
  return (item.skillDemand?.[skill] ?? 0) / item.duration;
}

/** Whether any planned item can need a skill: without demand the skill rows are left out. */
export function skillsInDemand(instance: RoadmapInstance): string[] {
  return (instance.skills ?? []).filter((s) => instance.items.some((i) => skillPerQuarter(i, s.id) > 0)).map((s) => s.id);
}

export function capacityOfSkill(instance: RoadmapInstance, skill: string): number {
  return instance.skills?.find((s) => s.id === skill)?.capacity ?? 0;
}

/** A mutable copy of purchases with one entry per option (all zeros). */
export function emptyPurchases(instance: RoadmapInstance): Map<string, number[]> {
  return new Map((instance.options ?? []).map((o) => [o.id, instance.budget.map(() => 0)]));
}

/** Purchases without the options bought nothing of (for output and comparison). */
export function nonEmpty(purchases: Purchases): Map<string, number[]> {
  return new Map([...purchases].filter(([, u]) => u.some((x) => x > 0)).map(([id, u]) => [id, [...u]]));
}
