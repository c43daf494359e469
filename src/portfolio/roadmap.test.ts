import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, makeUseCase } from '../../test/support/portfolio-fixtures.js';
import { loadHighs } from './load-highs.js';
import { PortfolioError } from './portfolio-error.js';
import { planRoadmap } from './roadmap.js';
import { allowedStarts, buildRoadmapInstance, valueAt, type ItemStatus, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { planValue, planViolations } from './roadmap-plan.js';
import { greedyPlan } from './roadmap-greedy.js';
import { searchPlan } from './roadmap-search.js';
import { seededRandom } from './random.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Exhaustive search over every start (or none) per item; items only depend on earlier ones. */
function bruteForce(inst: RoadmapInstance): number | null {
  const n = inst.budget.length;
  const budget = inst.budget.map(() => 0);
  const teams = new Map(inst.teams.map((t) => [t.id, inst.budget.map(() => 0)]));
  const starts = new Map<string, number>();
  let best: number | null = null;
  const fitsAndApply = (item: RoadmapItem, s: number, sign: 1 | -1): boolean => {
    let ok = true;
    for (let q = s; q < Math.min(n, s + item.duration); q++) {
      budget[q]! += (sign * item.build) / item.duration;
      teams.get(item.team)![q]! += (sign * item.effort) / item.duration;
      if (budget[q]! > inst.budget[q]! + 1e-9 || teams.get(item.team)![q]! > inst.teams.find((t) => t.id === item.team)!.capacity + 1e-9) ok = false;
    }
    return ok;
  };
  const visit = (k: number, value: number): void => {
    if (k === inst.items.length) {
      if (best === null || value > best) best = value;
      return;
    }
    const item = inst.items[k]!;
    const mandatory = item.status === 'must_do' || item.status === 'in_progress';
    if (!mandatory) visit(k + 1, value);
    for (const s of allowedStarts(inst, item)) {
      const depsOk = item.dependsOn.every((d) => {
        const dep = inst.items.find((i) => i.id === d)!;
        return dep.status === 'done' || (starts.has(d) && starts.get(d)! + dep.duration <= s);
      });
      if (!depsOk) continue;
      if (fitsAndApply(item, s, 1)) {
        starts.set(item.id, s);
        visit(k + 1, value + valueAt(inst, item, s));
        starts.delete(item.id);
      }
      fitsAndApply(item, s, -1);
    }
  };
  visit(0, 0);
  return best;
}

const instanceArb = fc
  .record({ quarters: fc.integer({ min: 1, max: 3 }), teams: fc.integer({ min: 1, max: 2 }) })
  .chain(({ quarters, teams }) =>
    fc.record({
      budget: fc.array(fc.integer({ min: 10, max: 120 }), { minLength: quarters, maxLength: quarters }),
      capacity: fc.array(fc.integer({ min: 5, max: 40 }), { minLength: teams, maxLength: teams }),
      items: fc.array(
        fc.record({
          team: fc.integer({ min: 0, max: teams - 1 }),
          value: fc.integer({ min: -20, max: 100 }),
          build: fc.integer({ min: 0, max: 80 }),
          effort: fc.integer({ min: 0, max: 40 }),
          duration: fc.integer({ min: 1, max: 3 }),
          deps: fc.array(fc.nat(11), { maxLength: 2 }),
          status: fc.oneof(
            { arbitrary: fc.constant<ItemStatus>('candidate'), weight: 20 },
            { arbitrary: fc.constantFrom<ItemStatus>('must_do', 'in_progress', 'excluded', 'done'), weight: 3 },
          ),
        }),
        { minLength: 1, maxLength: quarters === 3 ? 9 : 12 },
      ),
    }),
  )
  .map(({ budget, capacity, items }): RoadmapInstance => ({
    quarterLabels: budget.map((_, q) => `Q${q}`),
    budget: budget.map((b) => b * 1000),
    teams: capacity.map((c, k) => ({ id: `t${k}`, capacity: c })),
    quarterDiscount: 0.97,
    items: items.map((it, i) => ({
      id: `u${i}`,
      team: `t${it.team}`,
      value: it.value * 1000,
      build: it.build * 1000,
      effort: it.effort,
      duration: it.duration,
      dependsOn: [...new Set(it.deps.filter((d) => d < i).map((d) => `u${d}`))],
      status: it.status,
      ...(it.status === 'excluded' ? { excludedBecause: 'test' } : {}),
    })),
  }));

describe('planRoadmap (property)', () => {
  it('equals the brute-force optimum, never loses to greedy and never violates a constraint', () => {
    fc.assert(
      fc.property(instanceArb, (inst) => {
        const optimum = bruteForce(inst);
        let result;
        try {
          result = planRoadmap(inst, highs, { relativeGap: 1e-9 });
        } catch (e) {
          if (!(e instanceof PortfolioError)) throw e;
          expect(optimum).toBeNull(); // the error claims infeasibility: brute force agrees
          return;
        }
        expect(optimum).not.toBeNull();
        expect(result.status).toBe('optimal');
        expect(planViolations(inst, result.plan)).toEqual([]);
        expect(Math.abs(result.value - optimum!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(optimum!)));
        if (result.greedy.valid) {
          expect(planViolations(inst, result.greedy.plan)).toEqual([]);
          expect(result.value).toBeGreaterThanOrEqual(planValue(inst, result.greedy.plan) - 1e-6);
        }
      }),
      { numRuns: 300, seed: 20270101 },
    );
  });
});

describe('searchPlan (the local search the solver starts from)', () => {
  it('never breaks a constraint; it may only leave out a mandatory use case, which planRoadmap then ignores', () => {
    fc.assert(
      fc.property(instanceArb, fc.nat(1000), (inst, seed) => {
        const plan = searchPlan(inst, greedyPlan(inst).plan, seededRandom(seed), { iterations: 500 });
        expect(planViolations(inst, plan).filter((v) => !v.endsWith('is not planned'))).toEqual([]);
      }),
      { numRuns: 200, seed: 20270102 },
    );
  });

  it('finds what greedy misses, the same way for the same seed', () => {
    // One quarter, budget 100: greedy takes A (best value per euro), then neither B nor C fits; B + C is worth more.
    const item = (id: string, value: number, build: number): RoadmapItem => ({ id, team: 't', value, build, effort: 0, duration: 1, dependsOn: [], status: 'candidate' });
    const inst: RoadmapInstance = { quarterLabels: ['Q1'], budget: [100], teams: [{ id: 't', capacity: 10 }], quarterDiscount: 1, items: [item('a', 56, 51), item('b', 50, 50), item('c', 50, 50)] };
    const greedy = greedyPlan(inst).plan;
    expect([...greedy.keys()]).toEqual(['a']);
    const plan = searchPlan(inst, greedy, seededRandom(3), { iterations: 200 });
    expect(planValue(inst, plan)).toBe(100);
    expect(searchPlan(inst, greedy, seededRandom(3), { iterations: 200 })).toEqual(plan);
  });

  it('stops when its time is used up, and runs as without a clock while no time is used', () => {
    const item = (k: number): RoadmapItem => ({ id: `u${k}`, team: 't', value: 100 + ((k * 37) % 50), build: 30 + ((k * 13) % 40), effort: 4 + (k % 5), duration: 1 + (k % 3), dependsOn: [], status: 'candidate' });
    const inst: RoadmapInstance = { quarterLabels: ['Q1', 'Q2', 'Q3', 'Q4'], budget: [120, 120, 120, 120], teams: [{ id: 't', capacity: 12 }], quarterDiscount: 0.98, items: Array.from({ length: 20 }, (_, k) => item(k)) };
    const greedy = greedyPlan(inst).plan;
    let asked = 0;
    const stopped = searchPlan(inst, greedy, seededRandom(4), { iterations: 100_000, elapsed: () => (++asked >= 3 ? 1 : 0.5) });
    expect(asked).toBe(3); // asked every 1,000 moves: stopped after about 3,000 of 100,000
    expect(planViolations(inst, stopped)).toEqual([]);
    expect(planValue(inst, stopped)).toBeGreaterThanOrEqual(planValue(inst, greedy));
    const untimed = searchPlan(inst, greedy, seededRandom(4), { iterations: 5000 });
    expect(searchPlan(inst, greedy, seededRandom(4), { iterations: 5000, elapsed: () => 0 })).toEqual(untimed);
  });

  it('gives up after a tenth of its moves when nothing beats its start, and runs on while something did', () => {
    // Everything fits in the first quarter: greedy's plan is the optimum, no move can beat it.
    const item = (k: number): RoadmapItem => ({ id: `u${k}`, team: 't', value: 100 + k, build: 10, effort: 1, duration: 1, dependsOn: [], status: 'candidate' });
    const loose: RoadmapInstance = { quarterLabels: ['Q1', 'Q2'], budget: [1000, 1000], teams: [{ id: 't', capacity: 100 }], quarterDiscount: 0.98, items: Array.from({ length: 10 }, (_, k) => item(k)) };
    const stats = { moves: 0 };
    const greedy = greedyPlan(loose).plan;
    expect(searchPlan(loose, greedy, seededRandom(1), { iterations: 50_000, stats })).toEqual(greedy);
    expect(stats.moves).toBe(5999); // checked every 1,000 moves (at 999, 1,999, ...): the first check past 5,000 of 50,000
    searchPlan(loose, greedy, seededRandom(1), { iterations: 50_000, stats, giveUpShare: 1 });
    expect(stats.moves).toBe(50_000);
    // Where the search beats greedy (B + C over A), it uses every move.
    const tight: RoadmapInstance = { quarterLabels: ['Q1'], budget: [100], teams: [{ id: 't', capacity: 10 }], quarterDiscount: 1, items: [item(0), { ...item(1), value: 50, build: 50 }, { ...item(2), value: 50, build: 50 }].map((i, k) => (k === 0 ? { ...i, value: 56, build: 51 } : i)) };
    const plan = searchPlan(tight, greedyPlan(tight).plan, seededRandom(3), { iterations: 20_000, stats });
    expect(planValue(tight, plan)).toBe(100);
    expect(stats.moves).toBe(20_000);
  });
});

describe('planRoadmap on a workspace', () => {
  const config = makeConfig({ quarters: 2, budget_per_quarter: 50000, roadmap: { must_do: ['c'] } });
  const uc = (id: string, o: Record<string, unknown> = {}) => makeUseCase({ id, costs: { build: 40000, run_monthly: 0 }, effort_person_weeks: 10, ...o });
  const npv = new Map([
    ['a', 300000],
    ['b', 200000],
    ['c', 100000],
  ]);

  it('plans, explains exclusions with what it would take and names the binding budget', () => {
    const inst = buildRoadmapInstance([uc('a'), uc('b', { depends_on: ['a'] }), uc('c')], config, npv);
    const r = planRoadmap(inst, highs);
    expect([...r.plan.entries()].sort()).toEqual([
      ['a', 0],
      ['c', 1],
    ]);
    const b = r.exclusions.find((e) => e.useCaseId === 'b')!;
    expect(b.reason).toBe('no room: budget 2027-Q2 short by 30,000');
    expect(b.wouldTake).toContain('+30,000 budget in 2027-Q2');
    expect(r.binding.map((x) => x.key)).toContain('budget 2027-Q2');
  });

  it('reports a dependency cycle with the cycle itself', () => {
    expect(() => buildRoadmapInstance([uc('a', { depends_on: ['b'] }), uc('b', { depends_on: ['a'] }), uc('c')], config, npv)).toThrow('dependency cycle: a -> b -> a');
  });

  it('names the constraint that makes must-do infeasible', () => {
    const inst = buildRoadmapInstance([uc('a'), uc('c', { costs: { build: 120000, run_monthly: 0 } })], config, npv);
    expect(() => planRoadmap(inst, highs)).toThrow('must-do "c" needs 120,000 budget per quarter for 1 quarters; no quarter window has that much');
    const both = buildRoadmapInstance([uc('a'), uc('b'), uc('c')], makeConfig({ quarters: 1, budget_per_quarter: 50000, roadmap: { must_do: ['a', 'c'] } }), npv);
    try {
      planRoadmap(both, highs);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PortfolioError);
      expect((e as PortfolioError).message).toBe('the must-do and in-progress use cases (a, c) need 80,000 budget, the roadmap has 50,000');
      expect((e as PortfolioError).path).toEqual(['roadmap', 'must_do']);
    }
  });

  it('names the team whose capacity the work in progress overloads, and where', () => {
    const team = makeConfig({ quarters: 2, budget_per_quarter: 500000 });
    const inProgress = [uc('a', { stage: 'pilot', effort_person_weeks: 30 }), uc('b', { stage: 'poc', effort_person_weeks: 20 })];
    try {
      planRoadmap(buildRoadmapInstance(inProgress, team, npv), highs);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PortfolioError);
      expect((e as PortfolioError).message).toBe('the use cases in progress of team data (a, b) need 50 person-weeks in 2027-Q1, more than its capacity of 40');
      expect((e as PortfolioError).path).toEqual(['teams', 0, 'capacity_person_weeks_per_quarter']);
    }
  });

  it('takes a scenario: a budget per quarter, use cases forced in and out, and use cases held back with why', () => {
    const plain = makeConfig({ quarters: 2, budget_per_quarter: 50000 });
    // 80,000 then 0: a and b both fit the first quarter and nothing the second; c is forced in, a out.
    const inst = buildRoadmapInstance([uc('a'), uc('b'), uc('c')], plain, npv, { budgetPerQuarter: [80000, 0], mustDo: ['c'], mustNot: ['a'] });
    expect(inst.budget).toEqual([80000, 0]);
    const r = planRoadmap(inst, highs);
    expect([...r.plan.entries()].sort()).toEqual([
      ['b', 0],
      ['c', 0],
    ]);
    expect(r.exclusions.find((e) => e.useCaseId === 'a')!.reason).toBe('excluded: the scenario leaves it out (must_not)');
    // Held back beats forced in: a rejected gate is not overridden by a scenario.
    const held = buildRoadmapInstance([uc('a'), uc('b'), uc('c')], plain, npv, { mustDo: ['c'], heldBack: { c: { reason: 'its gate was rejected', remedy: 'resubmit it' } } });
    const h = planRoadmap(held, highs);
    expect(h.plan.has('c')).toBe(false);
    expect(h.exclusions.find((e) => e.useCaseId === 'c')).toMatchObject({ reason: 'excluded: its gate was rejected', wouldTake: 'resubmit it' });
    expect(() => buildRoadmapInstance([uc('a')], plain, npv, { mustNot: ['ghost'] })).toThrow('must_not names unknown use case "ghost"');
  });

  it('rejects must-do on an excluded use case and unknown names', () => {
    expect(() => buildRoadmapInstance([uc('a'), uc('c', { stage: 'retired' })], config, npv)).toThrow('"c" is in roadmap.must_do but its stage is retired');
    expect(() => buildRoadmapInstance([uc('a')], config, npv)).toThrow('roadmap.must_do names unknown use case "c"');
  });
});
