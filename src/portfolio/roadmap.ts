// Plans the roadmap: the exact MIP optimum, the greedy baseline for comparison, the gap,
// what binds and why each left-out use case is left out. The solver comes in as an argument.
// A seeded local search first improves on greedy, and the solver starts from the better of
// the two: the bound has to be proven by the solver, but a strong plan to start from lets it
// prune more, and a time-limited solve returns a far better plan than greedy.
import type { Highs } from 'highs';
import { greedyPlan } from './roadmap-greedy.js';
import { explainPlan, type ConstraintUse, type Exclusion } from './roadmap-explain.js';
import { assertFixedItemsPossible, infeasibilityError } from './roadmap-infeasibility.js';
import type { RoadmapInstance } from './roadmap-instance.js';
import { solveMip, type MipOptions } from './roadmap-mip.js';
import { planUsage, planValue, planViolations, type Plan, type Usage } from './roadmap-plan.js';
import { searchPlan } from './roadmap-search.js';
import { nonEmpty, purchaseCost, type Purchases } from './roadmap-buy.js';
import { skillGap, type Purchase, type SkillQuarter } from './roadmap-skills.js';
import { seededRandom } from './random.js';

export interface RoadmapOptions extends MipOptions {
  mustDoIndex?: (id: string) => number;
  /** Local-search moves before the solver runs; default 6,000 per plannable use case, at most 1.5 million. 0 turns it off. */
  searchIterations?: number;
  /** Seed of the local search (the plan is reproducible for a given seed). */
  seed?: number;
  /**
   * Milliseconds from any origin. When given, the search stops after 40% of `timeLimitSeconds`
   * (the solver gets the rest); without it the search runs all its moves and is reproducible.
   */
  clock?: () => number;
}

export interface RoadmapResult {
  status: 'optimal' | 'time_limit';
  plan: Map<string, number>;
  /** Capacity bought: option id -> units per quarter (roadmap-buy.ts). */
  purchases: Map<string, number[]>;
  /** Risk-adjusted value of the planned use cases less the discounted cost of what was bought. */
  value: number;
  /** The discounted cost of what was bought (already taken off `value`). */
  purchaseCost: number;
  bound: number;
  gap: number;
  solverSeconds: number;
  /** Greedy plus local search, when a clock was given (else 0). */
  searchSeconds: number;
  greedy: { plan: Map<string, number>; purchases: Map<string, number[]>; value: number; valid: boolean };
  /** The value of the plan the solver started from (the local search's, or greedy's). */
  startValue: number;
  usage: Usage;
  binding: ConstraintUse[];
  exclusions: Exclusion[];
  /** Demand against capacity per skill and quarter (empty when no use case declares skill demand). */
  skills: SkillQuarter[];
  /** What was bought, and which use cases needed it. */
  bought: Purchase[];
}

export function planRoadmap(instance: RoadmapInstance, highs: Highs, options: RoadmapOptions = {}): RoadmapResult {
  assertFixedItemsPossible(instance, options.mustDoIndex ?? (() => 0));
  const began = options.clock?.();
  const greedy = greedyPlan(instance);
  const greedyValid = greedy.unplacedMustDo.length === 0 && planViolations(instance, greedy.plan, greedy.purchases).length === 0;
  const start = startingPlan(instance, greedyValid ? greedy.plan : undefined, greedy.purchases, options);
  const searchSeconds = began === undefined ? 0 : (options.clock!() - began) / 1000;
  const timeLimitSeconds = Math.max(0.1, (options.timeLimitSeconds ?? 30) - searchSeconds);
  // Starting from a valid plan means a time-limited solve is never worse than it (nor than greedy).
  const mip = solveMip(instance, highs, { ...options, timeLimitSeconds, ...(start ? { start, startPurchases: greedy.purchases } : {}) });
  if (mip.status === 'infeasible') throw infeasibilityError(instance);
  // The solver works to a feasibility tolerance; a plan that breaks a constraint is a bug, not a result.
  const violations = planViolations(instance, mip.plan, mip.purchases);
  if (violations.length > 0) throw new Error(`internal error: the solver's plan violates ${violations.join('; ')}`);
  const { exclusions, binding } = explainPlan(instance, mip.plan, mip.purchases);
  const gap = skillGap(instance, mip.plan, mip.purchases);
  return {
    status: mip.status,
    plan: mip.plan,
    purchases: mip.purchases,
    value: planValue(instance, mip.plan, mip.purchases),
    purchaseCost: purchaseCost(instance, mip.purchases),
    bound: mip.bound,
    gap: mip.gap,
    solverSeconds: mip.seconds,
    searchSeconds,
    greedy: { plan: greedy.plan, purchases: nonEmpty(greedy.purchases), value: planValue(instance, greedy.plan, greedy.purchases), valid: greedyValid },
    startValue: start ? planValue(instance, start, greedy.purchases) : Number.NaN,
    usage: planUsage(instance, mip.plan, mip.purchases),
    binding,
    exclusions,
    skills: gap.skills,
    bought: gap.purchases,
  };
}

/** The share of the time limit the local search may take; the solver gets the rest (its root cuts need about 3 s on 60 use cases). */
const SEARCH_SHARE = 0.4;

/**
 * The better valid plan of greedy and the local search (which may also repair an invalid
 * greedy), both with greedy's purchases.
 */
function startingPlan(instance: RoadmapInstance, greedy: Plan | undefined, purchases: Purchases, options: RoadmapOptions): Plan | undefined {
  const plannable = instance.items.filter((i) => i.status !== 'done' && i.status !== 'excluded').length;
  const iterations = options.searchIterations ?? Math.min(1_500_000, 6000 * plannable);
  if (iterations <= 0) return greedy;
  const { clock } = options;
  const began = clock?.() ?? 0;
  const budgetMs = SEARCH_SHARE * 1000 * (options.timeLimitSeconds ?? 30);
  const searched = searchPlan(instance, greedy ?? new Map(), seededRandom(options.seed ?? 1), { iterations, purchases, ...(clock ? { elapsed: () => (clock() - began) / budgetMs } : {}) });
  // The search works on its own copy of the constraints; check its plan like the solver's.
  if (planViolations(instance, searched, purchases).length > 0) return greedy;
  return greedy && planValue(instance, greedy, purchases) >= planValue(instance, searched, purchases) ? greedy : searched;
}
