// The plan cache: one solve per set of inputs, shared while it runs, never served for other
// inputs (any field of the instance, the time limit, the order of must-do ids), failures not
// kept, the least recently used plan dropped first.
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs } from '../portfolio/load-highs.js';
import { planRoadmap, type RoadmapResult } from '../portfolio/roadmap.js';
import type { RoadmapInstance, RoadmapItem } from '../portfolio/roadmap-instance.js';
import { planKey, RoadmapPlanCache } from './roadmap-plan-cache.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const item = (id: string, value: number, build: number): RoadmapItem => ({ id, team: 't', value, build, effort: 1, duration: 1, dependsOn: [], status: 'candidate' });
const instance = (budget: number): RoadmapInstance => ({ quarterLabels: ['Q1', 'Q2'], budget: [budget, budget], teams: [{ id: 't', capacity: 10 }], quarterDiscount: 0.98, items: [item('a', 56, 51), item('b', 50, 50), item('c', 50, 50)] });
const parts = { timeLimitSeconds: 5, mustDo: [] };

describe('RoadmapPlanCache', () => {
  it('solves the same inputs once, also when asked again while solving, and solves changed inputs anew', async () => {
    const cache = new RoadmapPlanCache();
    let solves = 0;
    const solve = (inst: RoadmapInstance) => () => {
      solves += 1;
      return planRoadmap(inst, highs, { timeLimitSeconds: 5 });
    };
    const [first, meanwhile] = await Promise.all([cache.plan(instance(100), parts, solve(instance(100))), cache.plan(instance(100), parts, solve(instance(100)))]);
    expect(solves).toBe(1);
    expect(meanwhile).toBe(first);
    // A new but equal instance (as a new request builds it) is the same plan.
    expect(await cache.plan(instance(100), parts, solve(instance(100)))).toBe(first);
    expect(solves).toBe(1);
    // Budget 100 a quarter: b and c in Q1 (100), a in Q2; a second budget is another plan.
    expect(first.value).toBeCloseTo(100 + 56 * 0.98, 9);
    const richer = await cache.plan(instance(200), parts, solve(instance(200)));
    expect(solves).toBe(2);
    expect(richer.value).toBeCloseTo(156, 9);
    expect(cache.solved).toBe(2);
  });

  it('keys by every input: any field of the instance, the time limit, the must-do order; not by key order', () => {
    const base = planKey(instance(100), parts);
    expect(planKey(instance(100), parts)).toBe(base);
    const inst = instance(100);
    const reordered = { items: inst.items.map((i) => Object.fromEntries(Object.entries(i).reverse()) as unknown as RoadmapItem), teams: inst.teams, budget: inst.budget, quarterLabels: inst.quarterLabels, quarterDiscount: inst.quarterDiscount };
    expect(planKey(reordered, parts)).toBe(base);
    expect(planKey({ ...inst, items: inst.items.map((i, k) => (k === 1 ? { ...i, effort: 2 } : i)) }, parts)).not.toBe(base);
    expect(planKey({ ...inst, items: inst.items.map((i, k) => (k === 2 ? { ...i, status: 'excluded', excludedBecause: 'held back' } : i)) }, parts)).not.toBe(base);
    expect(planKey({ ...inst, quarterDiscount: 0.97 }, parts)).not.toBe(base);
    expect(planKey(inst, { ...parts, timeLimitSeconds: 6 })).not.toBe(base);
    expect(planKey(inst, { ...parts, mustDo: ['a', 'b'] })).not.toBe(planKey(inst, { ...parts, mustDo: ['b', 'a'] }));
  });

  it('does not keep a failed plan, and drops the least recently used beyond its limit', async () => {
    const cache = new RoadmapPlanCache(2);
    let solves = 0;
    const fail = () => {
      solves += 1;
      throw new Error('no plan');
    };
    await expect(cache.plan(instance(1), parts, fail)).rejects.toThrow('no plan');
    await expect(cache.plan(instance(1), parts, fail)).rejects.toThrow('no plan');
    expect(solves).toBe(2);
    const made = (value: number) => () => ({ value }) as RoadmapResult;
    await cache.plan(instance(10), parts, made(10));
    await cache.plan(instance(20), parts, made(20));
    await cache.plan(instance(10), parts, made(-1)); // used again: now the most recent
    await cache.plan(instance(30), parts, made(30)); // drops 20
    expect((await cache.plan(instance(10), parts, made(-1))).value).toBe(10);
    expect((await cache.plan(instance(20), parts, made(21))).value).toBe(21);
  });
});
