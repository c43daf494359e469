// Seeded synthetic portfolios for the benchmark: use cases with uncertain value streams,
// and roadmap instances with three teams, dependencies and tight budgets.
import { useCaseSchema, type UseCase } from '../../src/domain/use-case.js';
import type { RoadmapInstance, RoadmapItem } from '../../src/portfolio/roadmap-instance.js';
import { seededRandom, type Random } from '../../src/portfolio/random.js';

const between = (rng: Random, lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
const int = (rng: Random, lo: number, hi: number) => Math.floor(between(rng, lo, hi + 1));
const range = (rng: Random, likely: number) => ({ low: likely * between(rng, 0.5, 0.9), likely, high: likely * between(rng, 1.1, 1.8) });

/** Use cases with two value streams (five inputs, three uncertain) and uncertain build and volume costs. */
export function syntheticUseCases(n: number, seed: number): UseCase[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) =>
    useCaseSchema.parse({
      id: `uc-${i}`,
      title: `Use case ${i}`,
      problem: 'p',
      objective: 'o',
      owner: 'o@example.com',
      sponsor: 's@example.com',
      department: 'Ops',
      team: `team-${i % 3}`,
      value_streams: [
        { id: 'hours', name: 'Hours saved', kind: 'cost_saving', formula: 'cases * minutes / 60 * rate', inputs: { cases: int(rng, 500, 5000), minutes: range(rng, between(rng, 2, 10)), rate: 45 } },
        { id: 'revenue', name: 'Revenue', kind: 'revenue', formula: 'orders * uplift * margin', inputs: { orders: range(rng, int(rng, 1000, 20000)), uplift: { ...range(rng, between(rng, 0.005, 0.03)), distribution: 'triangular' }, margin: 12 } },
      ],
      costs: { build: range(rng, int(rng, 30, 400) * 1000), run_monthly: int(rng, 200, 4000), per_prediction: 0.002, predictions_per_month: range(rng, int(rng, 10, 500) * 1000) },
      adoption_ramp_months: int(rng, 0, 9),
      probability_of_success: between(rng, 0.5, 0.95),
      effort_person_weeks: int(rng, 8, 80),
      duration_quarters: int(rng, 1, 3),
      risk: { eu_ai_act: 'minimal' },
    }),
  );
}

/** A roadmap instance of n use cases over `quarters` quarters with 3 teams; ~20% depend on an earlier one. */
export function syntheticRoadmap(n: number, quarters: number, seed: number): RoadmapInstance {
  const rng = seededRandom(seed);
  const items: RoadmapItem[] = Array.from({ length: n }, (_, i) => {
    const duration = int(rng, 1, 3);
    // Per quarter a use case occupies 1 to 3 people (12-36 person-weeks) and spends 20k-150k.
    const build = duration * int(rng, 20, 150) * 1000;
    return {
      id: `uc-${i}`,
      team: `team-${int(rng, 0, 2)}`,
      value: Math.round(build * between(rng, 0.3, 4)),
      build,
      effort: duration * int(rng, 12, 36),
      duration,
      dependsOn: i > 5 && rng.uniform() < 0.2 ? [`uc-${int(rng, 0, i - 1)}`] : [],
      status: 'candidate',
    };
  });
  // Budgets and capacities that fund roughly 60% of the demand over the plan.
  const totalBuild = items.reduce((s, i) => s + i.build, 0);
  const teams = [0, 1, 2].map((k) => ({ id: `team-${k}`, capacity: Math.round((0.6 * items.filter((i) => i.team === `team-${k}`).reduce((s, i) => s + i.effort, 0)) / quarters) }));
  return {
    quarterLabels: Array.from({ length: quarters }, (_, q) => `Q${q + 1}`),
    budget: Array.from({ length: quarters }, () => Math.round((0.6 * totalBuild) / quarters)),
    teams,
    quarterDiscount: 1.1 ** -0.25,
    items,
  };
}
