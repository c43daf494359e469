// The greedy baseline the optimiser is compared with: what a careful planner does by hand.
// Fixed items first (in progress, then must-do), then the rest by value per unit of scarce
// resource, each at the earliest quarter where it fits after its dependencies.
import { allowedStarts, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { addUse, capacityOf, earliestStart, fits, planUsage } from './roadmap-plan.js';

export interface GreedyResult {
  plan: Map<string, number>;
  /** Must-do items greedy could not place (the plan is then not a valid roadmap). */
  unplacedMustDo: string[];
}

export function greedyPlan(instance: RoadmapInstance): GreedyResult {
  const plan = new Map<string, number>();
  const usage = planUsage(instance, plan);
  const place = (item: RoadmapItem): boolean => {
    const earliest = earliestStart(instance, item, plan);
    if (earliest === null) return false;
    const start = allowedStarts(instance, item).find((t) => t >= earliest && fits(usage, instance, item, t));
    if (start === undefined) return false;
    plan.set(item.id, start);
    addUse(usage, instance, item, start, 1);
    return true;
  };
  for (const item of instance.items.filter((i) => i.status === 'in_progress')) {
    plan.set(item.id, 0);
    addUse(usage, instance, item, 0, 1);
  }
  const unplacedMustDo = placeInPasses(instance.items.filter((i) => i.status === 'must_do'), place);
  const meanBudget = instance.budget.reduce((a, b) => a + b, 0) / Math.max(1, instance.budget.length);
  const density = (i: RoadmapItem) => i.value / (i.build / Math.max(meanBudget, 1) + i.effort / Math.max(capacityOf(instance, i.team), 1) + 1e-9);
  const candidates = instance.items.filter((i) => i.status === 'candidate' && i.value > 0).sort((a, b) => density(b) - density(a) || a.id.localeCompare(b.id));
  placeInPasses(candidates, place);
  return { plan, unplacedMustDo };
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
