// A use case that cannot be valued is set aside with its problem; the others are valued,
// ranked and planned exactly as without it, and what depends on it is not planned.
import { describe, expect, it } from 'vitest';
import { makeConfig, makeUseCase } from '../../test/support/portfolio-fixtures.js';
import { evaluatePortfolio } from './evaluate-portfolio.js';
import { loadHighs } from './load-highs.js';
import { PortfolioError } from './portfolio-error.js';
import { planRoadmap } from './roadmap.js';
import { buildRoadmapInstance } from './roadmap-instance.js';

const config = makeConfig({ simulation: { draws: 500, seed: 3 } });
const good = makeUseCase({ id: 'good' });
const other = makeUseCase({ id: 'other', value_streams: [{ id: 'vs', name: 'V', kind: 'revenue', formula: 'orders * 3', inputs: { orders: { low: 100, likely: 200, high: 400 } } }] });
// Not validated on purpose (as a stored row may not be): its formula names an input it lacks.
const broken = { ...makeUseCase({ id: 'broken' }), value_streams: [{ id: 'vs', name: 'V', kind: 'revenue' as const, formula: 'visits * rate', inputs: { visits: 10 } }] };
const waiting = makeUseCase({ id: 'waiting', depends_on: ['broken'] });

describe('evaluatePortfolio with a use case that cannot be valued', () => {
  it('values and ranks the others exactly as without it, and names the broken one with its field', () => {
    const withBroken = evaluatePortfolio([good, broken, other], config);
    const without = evaluatePortfolio([good, other], config);
    expect(withBroken.ranking).toEqual(without.ranking);
    expect([...withBroken.valuations.keys()]).toEqual(['good', 'other']);
    expect(withBroken.unvalued).toEqual([{ useCaseId: 'broken', problems: [{ path: ['value_streams', 0, 'formula'], message: expect.stringMatching(/^value stream "vs": .*rate/) as unknown as string }] }]);
    expect(without.unvalued).toEqual([]);
  });

  it('keeps the unvalued in the roadmap as excluded, so what depends on it waits instead of failing', async () => {
    const e = evaluatePortfolio([good, waiting], config);
    const expected = new Map([...e.valuations].map(([id, v]) => [id, v.simulation.expectedNpv]));
    // Without it, `waiting` depends on an unknown use case: the whole roadmap is refused.
    expect(() => buildRoadmapInstance([good, waiting], config, expected)).toThrow(PortfolioError);
    const instance = buildRoadmapInstance([good, waiting], config, expected, {}, new Map([['broken', 'value stream "vs": unknown input']]));
    expect(instance.items.find((i) => i.id === 'broken')).toMatchObject({ status: 'excluded', excludedBecause: 'it cannot be valued: value stream "vs": unknown input' });
    const result = planRoadmap(instance, await loadHighs(), { timeLimitSeconds: 5 });
    expect([...result.plan.keys()]).toEqual(['good']);
    expect(result.exclusions.find((x) => x.useCaseId === 'waiting')?.reason).toBe('needs broken, not in the plan');
  });

  it('names both counts when an overridden number of quarters outruns the budget list', () => {
    const listed = makeConfig({ quarters: 2, budget_per_quarter: [1000, 2000] });
    expect(buildRoadmapInstance([good], listed, new Map(), { quarters: 2 }).budget).toEqual([1000, 2000]);
    expect(buildRoadmapInstance([good], listed, new Map(), { quarters: 1 }).budget).toEqual([1000]);
    expect(() => buildRoadmapInstance([good], listed, new Map(), { quarters: 3 })).toThrow('2 amounts for 3 quarters');
  });
});
