// The skills gap: the optimiser with skill capacity and capacity to buy against brute force
// over every plan and every purchase, on generated small instances; greedy respects skill
// capacity and may buy; schema and workspace errors are located.
import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, makeUseCase } from '../../test/support/portfolio-fixtures.js';
import { workspaceConfigSchema } from '../domain/workspace-config.js';
import { loadHighs } from './load-highs.js';
import { PortfolioError } from './portfolio-error.js';
import { planRoadmap } from './roadmap.js';
import { assertFixedItemsPossible } from './roadmap-infeasibility.js';
import { allowedStarts, buildRoadmapInstance, type BuyOption, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { greedyPlan } from './roadmap-greedy.js';
import { planValue, planViolations } from './roadmap-plan.js';
import { validateUseCase } from '../workspace/validate-use-case.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Every way to buy from one option: units per quarter (a hire: units starting in that quarter). */
function purchaseChoices(o: BuyOption, n: number): number[][] {
  const out: number[][] = [];
  const rec = (q: number, acc: number[], used: number) => {
    if (q === n) return void out.push(acc);
    const most = q < o.leadTime ? 0 : o.kind === 'hire' ? o.maxUnits - used : o.maxUnits;
    for (let u = 0; u <= most; u++) rec(q + 1, [...acc, u], used + u);
  };
  rec(0, [], 0);
  return out;
}

/**
 * Written apart from the code under test: enumerates every purchase of every option and every
 * start (or none) of every item, checks budget, team, skill and dependency limits by direct
 * sums, and returns the best value (use cases discounted by start less purchases discounted by
 * quarter), or null when no plan holds the mandatory items.
 */
function bruteForce(inst: RoadmapInstance): number | null {
  const n = inst.budget.length;
  const d = inst.quarterDiscount;
  const options = inst.options ?? [];
  const skills = inst.skills ?? [];
  let best: number | null = null;
  const buyCombos: number[][][] = [[]];
  for (const o of options) {
    const next: number[][][] = [];
    for (const combo of buyCombos) for (const c of purchaseChoices(o, n)) next.push([...combo, c]);
    buyCombos.splice(0, buyCombos.length, ...next);
  }
  for (const combo of buyCombos) {
    const spend = Array.from({ length: n }, () => 0);
    const extra = new Map(skills.map((s) => [s.id, Array.from({ length: n }, () => 0)]));
    options.forEach((o, k) => {
      let working = 0;
      for (let q = 0; q < n; q++) {
        working = o.kind === 'hire' ? working + combo[k]![q]! : combo[k]![q]!;
        spend[q]! += working * o.price;
        extra.get(o.skill)![q]! += working * o.personWeeks;
      }
    });
    const cost = spend.reduce((s, x, q) => s + x * d ** q, 0);
    const starts = new Map<string, number>();
    const visit = (k: number, value: number): void => {
      if (k === inst.items.length) {
        if (!feasible(inst, starts, spend, extra)) return;
        if (best === null || value - cost > best) best = value - cost;
        return;
      }
      const item = inst.items[k]!;
      if (!(item.status === 'must_do' || item.status === 'in_progress')) visit(k + 1, value);
      for (const s of allowedStarts(inst, item)) {
        starts.set(item.id, s);
        visit(k + 1, value + item.value * d ** s);
        starts.delete(item.id);
      }
    };
    visit(0, 0);
  }
  return best;
}

function feasible(inst: RoadmapInstance, starts: Map<string, number>, spend: number[], extra: Map<string, number[]>): boolean {
  const n = inst.budget.length;
  const tol = (limit: number) => limit + 1e-7 * Math.max(1, Math.abs(limit));
  for (let q = 0; q < n; q++) {
    const active = inst.items.filter((i) => starts.has(i.id) && starts.get(i.id)! <= q && q < starts.get(i.id)! + i.duration);
    if (active.reduce((s, i) => s + i.build / i.duration, spend[q]!) > tol(inst.budget[q]!)) return false;
    for (const t of inst.teams) if (active.filter((i) => i.team === t.id).reduce((s, i) => s + i.effort / i.duration, 0) > tol(t.capacity)) return false;
    for (const k of inst.skills ?? []) if (active.reduce((s, i) => s + (i.skillDemand?.[k.id] ?? 0) / i.duration, 0) > tol(k.capacity + extra.get(k.id)![q]!)) return false;
  }
  for (const [id, s] of starts) {
    const item = inst.items.find((i) => i.id === id)!;
    for (const dep of item.dependsOn) if (!starts.has(dep) || starts.get(dep)! + inst.items.find((i) => i.id === dep)!.duration > s) return false;
  }
  return true;
}

const instanceArb = fc.integer({ min: 1, max: 3 }).chain((quarters) =>
  fc
    .record({
      budget: fc.array(fc.integer({ min: 20, max: 150 }), { minLength: quarters, maxLength: quarters }),
      capacity: fc.integer({ min: 10, max: 60 }),
      skillCapacity: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 2 }),
      items: fc.array(
        fc.record({
          value: fc.integer({ min: -10, max: 150 }),
          build: fc.integer({ min: 0, max: 50 }),
          effort: fc.integer({ min: 0, max: 30 }),
          duration: fc.integer({ min: 1, max: 2 }),
          demand: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 2 }),
          dep: fc.boolean(),
          mustDo: fc.integer({ min: 0, max: 9 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      options: fc.array(
        fc.record({
          kind: fc.constantFrom<BuyOption['kind']>('contractor', 'partner', 'hire'),
          skill: fc.integer({ min: 0, max: 1 }),
          personWeeks: fc.integer({ min: 3, max: 20 }),
          price: fc.integer({ min: 0, max: 25 }),
          leadTime: fc.integer({ min: 0, max: 2 }),
          maxUnits: fc.integer({ min: 1, max: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .map(({ budget, capacity, skillCapacity, items, options }): RoadmapInstance => ({
      quarterLabels: budget.map((_, q) => `Q${q}`),
      budget,
      teams: [{ id: 't', capacity }],
      quarterDiscount: 0.97,
      skills: ['ml', 'mlops'].map((id, k) => ({ id, name: id, capacity: skillCapacity[k]! })),
      options: options.map((o, k) => ({ id: `o${k}`, name: `o${k}`, ...o, skill: o.skill === 0 ? 'ml' : 'mlops' })),
      items: items.map(
        (it, k): RoadmapItem => ({
          id: `u${k}`,
          team: 't',
          value: it.value,
          build: it.build,
          effort: it.effort,
          duration: it.duration,
          dependsOn: it.dep && k > 0 ? [`u${k - 1}`] : [],
          status: it.mustDo === 0 ? 'must_do' : 'candidate',
          skillDemand: { ml: it.demand[0]!, mlops: it.demand[1]! },
        }),
      ),
    })),
);

describe('roadmap with skills and capacity to buy', () => {
  it('equals the brute-force optimum over every plan and purchase, never loses to greedy, never breaks a limit', () => {
    let bought = 0;
    fc.assert(
      fc.property(instanceArb, (inst) => {
        const expected = bruteForce(inst);
        if (expected === null) {
          expect(() => planRoadmap(inst, highs, { timeLimitSeconds: 10, searchIterations: 200 })).toThrow(PortfolioError);
          return;
        }
        const r = planRoadmap(inst, highs, { timeLimitSeconds: 10, searchIterations: 200 });
        expect(r.status).toBe('optimal');
        expect(r.value).toBeCloseTo(expected, 4);
        expect(planViolations(inst, r.plan, r.purchases)).toEqual([]);
        expect(planValue(inst, r.plan, r.purchases)).toBeCloseTo(r.value, 6);
        const greedy = greedyPlan(inst);
        if (greedy.unplacedMustDo.length === 0) {
          expect(planViolations(inst, greedy.plan, greedy.purchases)).toEqual([]);
          expect(r.value).toBeGreaterThanOrEqual(planValue(inst, greedy.plan, greedy.purchases) - 1e-6);
        }
        if (r.purchases.size > 0) bought += 1;
      }),
      { numRuns: 250, seed: 16 },
    );
    // The generator must exercise buying, or the comparison proves little about it (seed 16: 18 of 250 optima buy).
    expect(bought).toBeGreaterThanOrEqual(15);
  });

  it('buys the cheaper of two options that close the same gap, and nothing when the teams suffice', () => {
    const base: RoadmapInstance = {
      quarterLabels: ['Q1', 'Q2'],
      budget: [100, 100],
      teams: [{ id: 't', capacity: 100 }],
      quarterDiscount: 1,
      skills: [{ id: 'ml', name: 'ML', capacity: 10 }],
      options: [
        { id: 'dear', name: 'dear', kind: 'contractor', skill: 'ml', personWeeks: 10, price: 30, leadTime: 0, maxUnits: 1 },
        { id: 'cheap', name: 'cheap', kind: 'partner', skill: 'ml', personWeeks: 10, price: 20, leadTime: 0, maxUnits: 1 },
      ],
      items: [{ id: 'a', team: 't', value: 100, build: 10, effort: 5, duration: 1, dependsOn: [], status: 'candidate', skillDemand: { ml: 18 } }],
    };
    const r = planRoadmap(base, highs, { timeLimitSeconds: 5 });
    expect([...r.purchases]).toEqual([['cheap', [1, 0]]]);
    expect(r.value).toBeCloseTo(100 - 20, 9);
    expect(r.bought[0]).toMatchObject({ optionId: 'cheap', quarter: 'Q1', units: 1, cost: 20, neededBy: [{ useCaseId: 'a', personWeeks: 18 }] });
    expect(r.bought[0]!.why).toContain('Q1 needs 18 person-weeks of ml, the teams have 10');
    expect(r.skills.find((s) => s.quarter === 'Q1')).toMatchObject({ demand: 18, capacity: 10, bought: 10, shortfall: 8 });
    const enough = planRoadmap({ ...base, skills: [{ id: 'ml', name: 'ML', capacity: 18 }] }, highs, { timeLimitSeconds: 5 });
    expect(enough.purchases.size).toBe(0);
    expect(enough.value).toBe(100);
    // Worth less than it costs: left out, and the reason names the skill and what could be bought.
    const dear = planRoadmap({ ...base, items: [{ ...base.items[0]!, value: 15 }] }, highs, { timeLimitSeconds: 5 });
    expect(dear.plan.size).toBe(0);
    expect(dear.exclusions[0]!.reason).toContain('skill ml Q1 short by 8 person-weeks');
    expect(dear.exclusions[0]!.wouldTake).toContain('dear, cheap');
  });

  it('a hire works and costs from its start to the end; lead time keeps it out of early quarters', () => {
    const inst: RoadmapInstance = {
      quarterLabels: ['Q1', 'Q2', 'Q3'],
      budget: [100, 100, 100],
      teams: [{ id: 't', capacity: 100 }],
      quarterDiscount: 1,
      skills: [{ id: 'ml', name: 'ML', capacity: 0 }],
      options: [{ id: 'hire', name: 'ML hire', kind: 'hire', skill: 'ml', personWeeks: 12, price: 10, leadTime: 1, maxUnits: 1 }],
      items: [
        { id: 'a', team: 't', value: 50, build: 0, effort: 0, duration: 1, dependsOn: [], status: 'candidate', skillDemand: { ml: 12 } },
        { id: 'b', team: 't', value: 50, build: 0, effort: 0, duration: 1, dependsOn: [], status: 'candidate', skillDemand: { ml: 12 } },
      ],
    };
    const r = planRoadmap(inst, highs, { timeLimitSeconds: 5 });
    // Hired in Q2 (not Q1: lead time), paid in Q2 and Q3: both use cases, one per quarter.
    expect([...r.purchases]).toEqual([['hire', [0, 1, 0]]]);
    expect(r.value).toBe(100 - 20);
    expect([...r.plan.values()].sort()).toEqual([1, 2]);
    expect(r.bought[0]).toMatchObject({ quarter: 'Q2', cost: 20 });
    expect(planViolations(inst, r.plan, new Map([['hire', [1, 0, 0]]]))).toContain('hire bought in quarter 0, before its lead time of 1');
  });
});

describe('skills in the workspace', () => {
  const config = (extra: Record<string, unknown>) =>
    makeConfig({ teams: [{ id: 'data', name: 'Data', capacity_person_weeks_per_quarter: 40, skill_capacity: { ml: 10 } }], ...extra });

  it('plans exactly as before when no use case declares skill demand', () => {
    const cfg = config({ capacity_options: [{ id: 'c', kind: 'contractor', skill: 'ml', person_weeks_per_quarter: 10, price_per_quarter: 1 }] });
    const inst = buildRoadmapInstance([makeUseCase({ id: 'a' })], cfg, new Map([['a', 1000]]));
    expect(inst.skills).toBeUndefined();
    expect(inst.options).toBeUndefined();
  });

  it('sums skill capacity over teams and keeps only skills in play', () => {
    const cfg = makeConfig({
      teams: [
        { id: 'data', name: 'Data', capacity_person_weeks_per_quarter: 40, skill_capacity: { ml: 10, mlops: 3 } },
        { id: 'it', name: 'IT', capacity_person_weeks_per_quarter: 40, skill_capacity: { ml: 2 } },
      ],
      skills: [{ id: 'erp', name: 'ERP' }],
      capacity_options: [{ id: 'erp-partner', kind: 'partner', skill: 'erp', person_weeks_per_quarter: 6, price_per_quarter: 9000, lead_time_quarters: 1 }],
    });
    const inst = buildRoadmapInstance([makeUseCase({ id: 'a', skill_demand: { erp: 8 } })], cfg, new Map([['a', 1000]]));
    expect(inst.skills).toEqual([
      { id: 'ml', name: 'Machine learning', capacity: 12 },
      { id: 'mlops', name: 'MLOps', capacity: 3 },
      { id: 'erp', name: 'ERP', capacity: 0 },
    ]);
    expect(inst.options).toEqual([{ id: 'erp-partner', name: 'erp-partner', kind: 'partner', skill: 'erp', personWeeks: 6, price: 9000, leadTime: 1, maxUnits: 1 }]);
  });

  it('refuses unknown skills and duplicate option ids, naming the field', () => {
    const r = workspaceConfigSchema.safeParse({
      ...makeConfig(),
      teams: [{ id: 'data', name: 'Data', capacity_person_weeks_per_quarter: 40, skill_capacity: { mlx: 10 } }],
      capacity_options: [
        { id: 'c', kind: 'contractor', skill: 'quantum', person_weeks_per_quarter: 10, price_per_quarter: 1 },
        { id: 'c', kind: 'hire', skill: 'ml', person_weeks_per_quarter: 10, price_per_quarter: 1 },
      ],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toContain('teams.0.skill_capacity.mlx: unknown skill "mlx" (known: data-engineering, ml, mlops, llm-engineering, domain, change-management; add it under skills:)');
    expect(issues.some((i) => i.startsWith('capacity_options.0.skill: unknown skill "quantum"'))).toBe(true);
    expect(issues).toContain('capacity_options.1.id: duplicate capacity option id "c"');
    const negative = workspaceConfigSchema.safeParse({ ...makeConfig(), capacity_options: [{ id: 'c', kind: 'rent', skill: 'ml', person_weeks_per_quarter: -1, price_per_quarter: 1 }] });
    expect(negative.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['capacity_options.0.kind', 'capacity_options.0.person_weeks_per_quarter']));
    expect(() => buildRoadmapInstance([makeUseCase({ id: 'a', skill_demand: { astrology: 3 } })], config({}), new Map([['a', 1]]))).toThrow(/unknown skill "astrology"/);
  });

  it('validate names an unknown skill in a use case, with the known ones; nothing else is reported', () => {
    const cfg = config({ skills: [{ id: 'erp', name: 'ERP' }] });
    const context = { config: cfg, useCases: [], datasets: [], sources: [] };
    const { value, issues } = validateUseCase({ ...makeUseCase({ id: 'a' }), skill_demand: { erp: 3, 'm-l': 2 } }, context);
    expect(value).toBeUndefined();
    expect(issues).toEqual([{ path: ['skill_demand', 'm-l'], message: expect.stringMatching(/^unknown skill "m-l" \(did you mean "ml"\?\); add it under skills: in traction.yaml$/) }]);
    expect(validateUseCase({ ...makeUseCase({ id: 'a' }), skill_demand: { erp: 3, ml: 2 } }, context).issues).toEqual([]);
  });

  it('names the skill and quarter when work in progress needs more than the teams have and can buy', () => {
    const inst: RoadmapInstance = {
      quarterLabels: ['Q1', 'Q2'],
      budget: [1000, 1000],
      teams: [{ id: 't', capacity: 100 }],
      quarterDiscount: 1,
      skills: [{ id: 'mlops', name: 'MLOps', capacity: 2 }],
      options: [{ id: 'c', name: 'c', kind: 'contractor', skill: 'mlops', personWeeks: 3, price: 1, leadTime: 1, maxUnits: 1 }],
      items: [{ id: 'pilot', team: 't', value: 10, build: 0, effort: 0, duration: 2, dependsOn: [], status: 'in_progress', skillDemand: { mlops: 8 } }],
    };
    expect(() => planRoadmap(inst, highs, { timeLimitSeconds: 5 })).toThrow('the use cases in progress (pilot) need 4 person-weeks of mlops in Q1; the teams have 2 and capacity_options can add 0 then');
  });

  it('finds work in progress short of a skill before the solver runs, naming five use cases and how many more', () => {
    const pilots = Array.from({ length: 143 }, (_, k): RoadmapItem => ({ id: `pilot-${k}`, team: 't', value: 10, build: 0, effort: 0, duration: 1, dependsOn: [], status: 'in_progress', skillDemand: { mlops: 1 } }));
    const inst: RoadmapInstance = { quarterLabels: ['Q1', 'Q2'], budget: [1000, 1000], teams: [{ id: 't', capacity: 1000 }], quarterDiscount: 1, skills: [{ id: 'mlops', name: 'MLOps', capacity: 100 }], items: pilots };
    // The pre-solve check alone, no solver: 143 person-weeks in Q1 against 100.
    expect(() => assertFixedItemsPossible(inst, () => 0)).toThrow('the use cases in progress (pilot-0, pilot-1, pilot-2, pilot-3, pilot-4 and 138 more) need 143 person-weeks of mlops in Q1; the teams have 100 and capacity_options can add 0 then');
    expect(() => assertFixedItemsPossible({ ...inst, skills: [{ id: 'mlops', name: 'MLOps', capacity: 143 }] }, () => 0)).not.toThrow();
  });
});
