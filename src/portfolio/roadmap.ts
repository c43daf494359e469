// Plans the roadmap: the exact MIP optimum, the greedy baseline for comparison, the gap,
// what binds and why each left-out use case is left out. The solver comes in as an argument.
import type { Highs } from 'highs';
import { greedyPlan } from './roadmap-greedy.js';
import { explainPlan, type ConstraintUse, type Exclusion } from './roadmap-explain.js';
import { assertFixedItemsPossible, infeasibilityError } from './roadmap-infeasibility.js';
import type { RoadmapInstance } from './roadmap-instance.js';
import { solveMip, type MipOptions } from './roadmap-mip.js';
import { planUsage, planValue, planViolations, type Usage } from './roadmap-plan.js';

export interface RoadmapResult {
  status: 'optimal' | 'time_limit';
  plan: Map<string, number>;
  value: number;
  bound: number;
  gap: number;
  solverSeconds: number;
  greedy: { plan: Map<string, number>; value: number; valid: boolean };
  usage: Usage;
  binding: ConstraintUse[];
  exclusions: Exclusion[];
}

export function planRoadmap(instance: RoadmapInstance, highs: Highs, options: MipOptions & { mustDoIndex?: (id: string) => number } = {}): RoadmapResult {
  assertFixedItemsPossible(instance, options.mustDoIndex ?? (() => 0));
  const greedy = greedyPlan(instance);
  // Starting from the greedy plan means a time-limited solve is never worse than greedy.
  const mip = solveMip(instance, highs, { ...options, ...(greedy.unplacedMustDo.length === 0 ? { start: greedy.plan } : {}) });
  if (mip.status === 'infeasible') throw infeasibilityError(instance);
  // The solver works to a feasibility tolerance; a plan that breaks a constraint is a bug, not a result.
  const violations = planViolations(instance, mip.plan);
  if (violations.length > 0) throw new Error(`internal error: the solver's plan violates ${violations.join('; ')}`);
  const { exclusions, binding } = explainPlan(instance, mip.plan);
  return {
    status: mip.status,
    plan: mip.plan,
    value: planValue(instance, mip.plan),
    bound: mip.bound,
    gap: mip.gap,
    solverSeconds: mip.seconds,
    greedy: { plan: greedy.plan, value: planValue(instance, greedy.plan), valid: greedy.unplacedMustDo.length === 0 },
    usage: planUsage(instance, mip.plan),
    binding,
    exclusions,
  };
}
