import { describe, expect, it } from 'vitest';
import { sweepRates } from './sweep.js';

// A service that meets the SLO up to `capacity` requests per second.
const service = (capacity: number) => async (rate: number) => ({ met: rate <= capacity, interrupted: false, result: rate });

describe('sweepRates', () => {
  it('doubles until a miss, then bisects toward the capacity', async () => {
    const s = await sweepRates({ startRate: 10, maxRate: 1000, refinements: 4 }, service(57));
    expect(s.steps.map((x) => x.rate)).toEqual([10, 20, 40, 80, 60, 50, 55, 57.5]);
    expect(s.best).not.toBeNull();
    expect(s.steps[s.best as number]?.rate).toBe(55);
  });

  it('stops at the maximum when every rate meets the SLO', async () => {
    const s = await sweepRates({ startRate: 10, maxRate: 30, refinements: 3 }, service(1e9));
    expect(s.steps.map((x) => x.rate)).toEqual([10, 20, 30]);
    expect(s.steps[s.best as number]?.rate).toBe(30);
  });

  it('reports no best rate when even the start rate misses', async () => {
    const s = await sweepRates({ startRate: 10, maxRate: 100, refinements: 3 }, service(5));
    expect(s.steps.map((x) => x.rate)).toEqual([10]);
    expect(s.best).toBeNull();
  });

  it('stops at an interrupted step and does not count it as met', async () => {
    const s = await sweepRates({ startRate: 10, maxRate: 100, refinements: 3 }, async (rate) => ({ met: true, interrupted: rate === 20, result: rate }));
    expect(s.steps.map((x) => x.rate)).toEqual([10, 20]);
    expect(s.steps[s.best as number]?.rate).toBe(10);
  });
});
