// The skills gap of a plan: per skill and quarter, what the planned use cases need against
// what the teams have, what was bought, and the shortfall the teams alone would leave; and
// for every purchase, which use cases needed it in which quarter.
import { activeQuarters, type BuyOption, type RoadmapInstance } from './roadmap-instance.js';
import { boughtCapacity, skillPerQuarter, type Purchases } from './roadmap-buy.js';
import { EPS, planUsage, type Plan } from './roadmap-plan.js';

export interface SkillQuarter {
  skill: string;
  name: string;
  quarter: string;
  /** Person-weeks the planned use cases need. */
  demand: number;
  /** Person-weeks the teams have. */
  capacity: number;
  /** Person-weeks bought. */
  bought: number;
  /** Demand beyond the teams' own capacity (covered by what was bought). */
  shortfall: number;
}

export interface Purchase {
  optionId: string;
  name: string;
  kind: BuyOption['kind'];
  skill: string;
  /** The quarter it is bought for (a hire: the quarter the person starts). */
  quarter: string;
  units: number;
  personWeeksPerQuarter: number;
  /** Its cost over the roadmap, not discounted (a hire: every quarter from its start). */
  cost: number;
  /** Planned use cases that need the skill while it works, with person-weeks per quarter. */
  neededBy: { useCaseId: string; personWeeks: number }[];
  why: string;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

export function skillGap(instance: RoadmapInstance, plan: Plan, purchases: Purchases): { skills: SkillQuarter[]; purchases: Purchase[] } {
  const usage = planUsage(instance, plan, purchases);
  const bought = boughtCapacity(instance, purchases);
  const skills: SkillQuarter[] = [];
  for (const s of instance.skills ?? [])
    instance.quarterLabels.forEach((quarter, q) => {
      const demand = usage.skills.get(s.id)![q]!;
      const shortfall = demand - s.capacity > EPS * Math.max(1, s.capacity) ? demand - s.capacity : 0;
      skills.push({ skill: s.id, name: s.name, quarter, demand, capacity: s.capacity, bought: bought.get(s.id)![q]!, shortfall });
    });
  const out: Purchase[] = [];
  for (const option of instance.options ?? []) {
    const units = purchases.get(option.id);
    if (!units) continue;
    units.forEach((n, q) => {
      if (n <= 0) return;
      const quarters = option.kind === 'hire' ? instance.quarterLabels.map((_, t) => t).filter((t) => t >= q) : [q];
      const neededBy = instance.items
        .filter((i) => plan.has(i.id) && skillPerQuarter(i, option.skill) > 0 && activeQuarters(instance, i, plan.get(i.id)!).some((t) => quarters.includes(t)))
        .map((i) => ({ useCaseId: i.id, personWeeks: skillPerQuarter(i, option.skill) }))
        .sort((a, b) => b.personWeeks - a.personWeeks || a.useCaseId.localeCompare(b.useCaseId));
      const short = skills.filter((r) => r.skill === option.skill && r.shortfall > 0 && quarters.includes(instance.quarterLabels.indexOf(r.quarter)));
      const label = instance.quarterLabels[q]!;
      const gap = short.map((r) => `${r.quarter} needs ${fmt(r.demand)} person-weeks of ${r.name.toLowerCase()}, the teams have ${fmt(r.capacity)}`).join('; ');
      out.push({
        optionId: option.id,
        name: option.name,
        kind: option.kind,
        skill: option.skill,
        quarter: label,
        units: n,
        personWeeksPerQuarter: n * option.personWeeks,
        cost: n * option.price * quarters.length,
        neededBy,
        why: `${gap || `${option.skill} short in ${label}`}: for ${neededBy.map((u) => `${u.useCaseId} (${fmt(u.personWeeks)} person-weeks a quarter)`).join(', ')}`,
      });
    });
  }
  return { skills, purchases: out };
}
