// Confidence sequences: the half-width against an independent transcription of
// Waudby-Smith et al. (2023) Thm 2.2, and the always-valid p-value's consistency.
import { describe, expect, it } from 'vitest';
import { expectClose, REFERENCE } from '../../test/reference/impact/reference.js';
import { tQuantile } from './distributions.js';
import { sequentialHalfWidth, sequentialInference, sequentialPValue } from './sequential.js';

describe('sequential confidence sequences', () => {
  for (const r of REFERENCE.sequential)
    it(`half-width for variance ${r.variance}, n ${r.n}, alpha ${r.alpha}, N* ${r.tuning_n}`, () => {
      expectClose(sequentialHalfWidth(r.variance, r.n, r.alpha, r.tuning_n), r.half_width, 'half-width');
    });

  it('is wider than the fixed-horizon interval at every sample size', () => {
    for (const n of [100, 1000, 5000, 20000, 100000]) {
      const variance = 4 / n;
      expect(sequentialHalfWidth(variance, n, 0.05)).toBeGreaterThan(tQuantile(0.975, Infinity) * Math.sqrt(variance));
    }
  });

  it('has a p-value below alpha exactly when the interval excludes 0', () => {
    for (const value of [0.05, 0.1, 0.15, 0.2, 0.3]) {
      const e = { value, variance: 0.0025, df: Infinity };
      const s = sequentialInference(e, 2000, 0.05);
      const excludes = s.ci[0] > 0 || s.ci[1] < 0;
      expect(s.pValue < 0.05, `lift ${value}`).toBe(excludes);
    }
    expect(sequentialPValue({ value: 0, variance: 1, df: Infinity }, 100)).toBe(1);
  });
});
