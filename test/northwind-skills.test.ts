// The skills gap on the example workspace: Northwind's roadmap buys nothing when its teams
// have the skills, the cheapest option when they do not, and the plan is the one it would be
// without skill demand whenever nothing needs buying. Each case works on a copy of the
// workspace loaded from examples/northwind (the files are never changed).
import path from 'node:path';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCase } from '../src/domain/use-case.js';
import type { WorkspaceConfig } from '../src/domain/workspace-config.js';
import { evaluatePortfolio } from '../src/portfolio/evaluate-portfolio.js';
import { loadHighs } from '../src/portfolio/load-highs.js';
import { planRoadmap } from '../src/portfolio/roadmap.js';
import { buildRoadmapInstance } from '../src/portfolio/roadmap-instance.js';
import { unitCost } from '../src/portfolio/roadmap-buy.js';
import { loadWorkspace } from '../src/workspace/load-workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../examples/northwind');
let highs: Highs;
let config: WorkspaceConfig;
let useCases: UseCase[];
let expected: Map<string, number>;

beforeAll(async () => {
  highs = await loadHighs();
  const { workspace } = await loadWorkspace(ROOT);
  config = workspace!.config;
  useCases = workspace!.useCases;
  const evaluation = evaluatePortfolio(useCases, config, { draws: 2000 });
  expected = new Map([...evaluation.valuations].map(([id, v]) => [id, v.simulation.expectedNpv]));
}, 120_000);

const plan = (cfg: WorkspaceConfig, ucs: UseCase[] = useCases) => {
  const inst = buildRoadmapInstance(ucs, cfg, expected);
  return { inst, result: planRoadmap(inst, highs, { timeLimitSeconds: 20, mustDoIndex: () => 0 }) };
};

/** A copy of the config with one team's capacity of one skill set to `pw`. */
const withSkill = (teamId: string, skill: string, pw: number): WorkspaceConfig => ({
  ...structuredClone(config),
  teams: config.teams.map((t) => (t.id === teamId ? { ...structuredClone(t), skill_capacity: { ...t.skill_capacity, [skill]: pw } } : t)),
});

describe('Northwind skills gap', () => {
  it('declares skill capacity, demand and options to buy, and shows demand against capacity per skill and quarter', () => {
    const { inst, result } = plan(config);
    expect(inst.skills!.map((s) => s.id)).toEqual(expect.arrayContaining(['ml', 'mlops', 'change-management', 'optimisation']));
    expect(result.status).toBe('optimal');
    expect(result.skills.length).toBe(inst.skills!.length * 8);
    // The pilots in flight need 3 person-weeks of change management a quarter, the digital team has 2.
    expect(result.skills.find((s) => s.skill === 'change-management' && s.quarter === '2027-Q1')).toMatchObject({ demand: 3, capacity: 2, bought: 6, shortfall: 1 });
  });

  it('buys nothing when capacity suffices, and plans exactly as without skill demand', () => {
    const enough = withSkill('digital', 'change-management', 4);
    const { result } = plan(enough);
    expect(result.purchases.size).toBe(0);
    expect(result.bought).toEqual([]);
    expect(result.purchaseCost).toBe(0);
    expect(result.skills.every((s) => s.shortfall === 0)).toBe(true);
    const without = plan(config, useCases.map(({ skill_demand: _, ...u }) => u)).result;
    expect(result.value).toBeCloseTo(without.value, 6);
    expect([...result.plan].sort()).toEqual([...without.plan].sort());
  });

  it('buys the cheapest option when a skill falls short, says for which use cases and quarters', () => {
    const { inst, result } = plan(config);
    const cm = inst.options!.filter((o) => o.skill === 'change-management');
    const cheapest = cm.reduce((a, b) => (unitCost(inst, b, 0) < unitCost(inst, a, 0) ? b : a));
    expect(cheapest.id).toBe('change-partner');
    expect(result.bought.map((b) => [b.optionId, b.quarter, b.units])).toEqual([
      ['change-partner', '2027-Q1', 1],
      ['change-partner', '2027-Q2', 1],
    ]);
    expect(result.bought[0]!.neededBy.map((n) => n.useCaseId)).toEqual(['churn-prediction', 'customer-service-assistant']);
    expect(result.bought[0]!.why).toContain('2027-Q1 needs 3 person-weeks of change management, the teams have 2');
    // Its cost, discounted, comes off the value of the same plan.
    const free = plan(withSkill('digital', 'change-management', 4)).result;
    expect(result.value).toBeCloseTo(free.value - result.purchaseCost, 4);
    expect(result.purchaseCost).toBeCloseTo(15000 + 15000 * (1 + config.discount_rate) ** -0.25, 4);
  });

  it('with MLOps tightened, buys the freelance MLOps engineer (cheaper than the partner) for the work in flight', () => {
    // Change management made sufficient first: the 2027-Q1 budget has room for one purchase only.
    const tight = withSkill('data-ai', 'mlops', 1);
    tight.teams = tight.teams.map((t) => (t.id === 'digital' ? { ...t, skill_capacity: { ...t.skill_capacity, 'change-management': 4 } } : t));
    const { result } = plan(tight);
    expect(result.bought.map((b) => b.skill)).not.toContain('change-management');
    const mlops = result.bought.filter((b) => b.skill === 'mlops');
    expect(mlops.map((b) => b.optionId)).not.toContain('mlops-partner');
    expect(mlops.filter((b) => b.quarter === '2027-Q1' || b.quarter === '2027-Q2').map((b) => b.optionId)).toEqual(['mlops-contractor', 'mlops-contractor']);
    expect(mlops[0]!.neededBy.map((n) => n.useCaseId)).toEqual(['churn-prediction', 'returns-fraud-detection']);
    expect(result.value).toBeGreaterThanOrEqual(result.greedy.value - 1e-6);
  });
});
