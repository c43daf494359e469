// CUPED against statsmodels OLS (θ and the lift) and scipy's Welch test on the adjusted values.
import { describe, expect, it } from 'vitest';
import { expectClose, expectCloseAll, REFERENCE } from '../../test/reference/impact/reference.js';
import { sumsOf } from './arm-statistics.js';
import { cuped } from './cuped.js';

describe('cuped', () => {
  for (const r of REFERENCE.cuped)
    it(`matches the ANCOVA regression and Welch on adjusted values: ${r.name}`, () => {
      const out = cuped(sumsOf(r.control_y, r.control_x), sumsOf(r.treatment_y, r.treatment_x), 0.05);
      if ('degenerate' in out || !out.comparison.ok) throw new Error('unexpectedly degenerate');
      const c = out.comparison.value;
      expectClose(out.theta, r.theta, 'theta (OLS coefficient of x)');
      expectClose(c.absolute.estimate, r.absolute, 'lift (OLS coefficient of arm)');
      expectClose(c.absoluteEstimate.df, r.df, 'df');
      expectCloseAll(c.absolute.ci, r.ci, 'ci');
      expectClose(c.absolute.pValue, r.p_value, 'p-value');
      expectClose(c.relative?.estimate, r.relative, 'relative');
      expectCloseAll(c.relative?.ci, r.relative_ci, 'relative ci');
      expectClose(c.relative?.pValue, r.relative_p_value, 'relative p');
      expectClose(out.varianceReduction, r.variance_reduction, 'variance reduction');
    });

  it('reduces variance roughly by the squared correlation', () => {
    const strong = REFERENCE.cuped[0]!;
    // Generated with correlation 0.8 between covariate and metric: expect about 1 - 0.36.
    expect(strong.variance_reduction).toBeGreaterThan(0.5);
    expect(strong.variance_reduction).toBeLessThan(0.75);
  });

  it('reports a constant covariate as degenerate', () => {
    const out = cuped(sumsOf([1, 2, 3], [5, 5, 5]), sumsOf([2, 3, 4], [5, 5, 5]), 0.05);
    expect(out).toEqual({ degenerate: expect.stringMatching(/covariate is constant/) });
  });
});
