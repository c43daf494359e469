// Solved roadmaps, kept by everything a plan depends on: the roadmap instance itself (use cases
// with their values, costs, teams, stages and dependencies, budget, quarters, skills, what a
// scenario forces in or out, what a gate rejection holds back) and the solver's settings. A
// key is a hash of those inputs, so a plan can never be served for inputs that changed, and a
// process needs no invalidation: a changed store makes a different instance. The same inputs,
// asked again (a page read again, a scenario planned then compared then committed), cost
// nothing; a plan being made is shared by every request that asks for it meanwhile, never
// started twice. A failed plan is not kept. Bounded: the least recently used plan goes first.
import { createHash } from 'node:crypto';
import type { RoadmapResult } from '../portfolio/roadmap.js';
import type { RoadmapInstance } from '../portfolio/roadmap-instance.js';

/** What besides the instance decides the plan (or the error naming a must-do use case). */
export interface PlanKeyParts {
  timeLimitSeconds: number;
  /** Must-do ids in the order they are written (an error names one by its index). */
  mustDo: readonly string[];
}

export class RoadmapPlanCache {
  private readonly plans = new Map<string, Promise<RoadmapResult>>();
  /** Plans made (not served from the cache): for tests and diagnostics. */
  solved = 0;

  constructor(private readonly limit = 32) {}

  /** The plan for these inputs: kept, being made, or made now by `solve`. */
  plan(instance: RoadmapInstance, parts: PlanKeyParts, solve: () => RoadmapResult): Promise<RoadmapResult> {
    const key = planKey(instance, parts);
    const kept = this.plans.get(key);
    if (kept) {
      // Most recently used last: the first entry is the one to drop.
      this.plans.delete(key);
      this.plans.set(key, kept);
      return kept;
    }
    // Entered before the solve starts (in a microtask), so a request arriving meanwhile waits for it.
    const made = Promise.resolve().then(() => {
      this.solved += 1;
      return solve();
    });
    this.plans.set(key, made);
    made.catch(() => {
      if (this.plans.get(key) === made) this.plans.delete(key);
    });
    if (this.plans.size > this.limit) this.plans.delete(this.plans.keys().next().value!);
    return made;
  }
}

/** SHA-256 of the instance and the settings as canonical JSON (object keys sorted). */
export function planKey(instance: RoadmapInstance, parts: PlanKeyParts): string {
  return createHash('sha256').update(canonical({ instance, parts })).digest('hex');
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
