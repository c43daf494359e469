// Sample-ratio mismatch against scipy.stats.chisquare, including unequal planned splits.
import { describe, expect, it } from 'vitest';
import { expectClose, REFERENCE } from '../../test/reference/impact/reference.js';
import { sampleRatioMismatch } from './srm.js';

describe('sample-ratio mismatch', () => {
  for (const r of REFERENCE.srm)
    it(`matches scipy for ${r.observed.join('/')} planned ${r.weights.join('/')}`, () => {
      const arms = r.observed.map((_, i) => `arm${i}`);
      const out = sampleRatioMismatch(
        Object.fromEntries(arms.map((a, i) => [a, r.observed[i] as number])),
        Object.fromEntries(arms.map((a, i) => [a, r.weights[i] as number])),
      );
      expectClose(out.chiSquare, r.chi_square, 'chi-square');
      expectClose(out.pValue, r.p_value, 'p-value');
      expect(out.ok).toBe(r.p_value >= 0.001);
    });

  it('flags a 48/52 split of 10,000 units planned as 50/50', () => {
    expect(sampleRatioMismatch({ a: 4800, b: 5200 }, { a: 1, b: 1 }).ok).toBe(false);
    expect(sampleRatioMismatch({ a: 2000, b: 8000 }, { a: 0.2, b: 0.8 }).ok).toBe(true);
  });
});
