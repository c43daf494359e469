// Welch's test, proportions, guardrails and the distributions against scipy/statsmodels
// (test/reference/impact/generate.py), and GrowthBook's published gbstats case.
import { describe, expect, it } from 'vitest';
import { expectClose, expectCloseAll, REFERENCE } from '../../test/reference/impact/reference.js';
import { moments, sumsOf } from './arm-statistics.js';
import { chiSquareCdf, normalQuantile, tCdf, tQuantile } from './distributions.js';
import { guardrailTest } from './guardrail.js';
import { pGreater, pLess } from './inference.js';
import { proportionTest } from './proportion.js';
import { compareMeans, welch } from './welch.js';

describe('distributions', () => {
  const d = REFERENCE.distributions;
  it('match scipy.stats', () => {
    for (const [x, df, p] of d.t_cdf) expectClose(tCdf(x, df), p, `t.cdf(${x}, ${df})`);
    for (const [p, df, x] of d.t_ppf) expectClose(tQuantile(p, df), x, `t.ppf(${p}, ${df})`);
    for (const [p, x] of d.norm_ppf) expectClose(normalQuantile(p), x, `norm.ppf(${p})`);
    for (const [x, k, p] of d.chi2_cdf) expectClose(chiSquareCdf(x, k), p, `chi2.cdf(${x}, ${k})`);
  });
});

describe('welch', () => {
  for (const r of REFERENCE.welch)
    it(`matches scipy/statsmodels: ${r.name}`, () => {
      const out = welch(moments(sumsOf(r.control)), moments(sumsOf(r.treatment)), r.alpha);
      if (!out.ok) throw new Error(out.degenerate);
      const { absolute, relative, absoluteEstimate, relativeEstimate } = out.value;
      expectClose(absoluteEstimate.df, r.df, 'df');
      expectClose(absolute.estimate, r.absolute, 'absolute lift');
      expectClose(absolute.estimate / absolute.se, r.statistic, 't statistic');
      expectCloseAll(absolute.ci, r.ci, 'absolute ci');
      expectClose(absolute.pValue, r.p_value, 'p-value');
      expectClose(pLess(absoluteEstimate), r.p_less, 'one-sided p (less)');
      expectClose(pGreater(absoluteEstimate), r.p_greater, 'one-sided p (greater)');
      expectClose(relative?.estimate, r.relative, 'relative lift');
      expectClose(relative?.se, r.relative_se, 'relative se');
      expectCloseAll(relative?.ci, r.relative_ci, 'relative ci');
      expectClose(relative?.pValue, r.relative_p_value, 'relative p');
      const up = guardrailTest(absoluteEstimate, relativeEstimate, 'up', r.margin, r.alpha);
      const down = guardrailTest(absoluteEstimate, relativeEstimate, 'down', r.margin, r.alpha);
      expectClose(up.pNonInferiority, r.p_non_inferiority_up, 'non-inferiority p (higher is better)');
      expectClose(down.pNonInferiority, r.p_non_inferiority_down, 'non-inferiority p (lower is better)');
      expectClose(up.pHarm, r.p_less, 'harm p (higher is better)');
      expectClose(down.pHarm, r.p_greater, 'harm p (lower is better)');
      expect(up.regressed).toBe(r.p_non_inferiority_up >= r.alpha);
    });

  it("reproduces GrowthBook's published sample-mean case (gbstats test_tests.py)", () => {
    // Control mean 0.41, sd 3.9, n 3407; treatment mean 0.70, sd 6.2, n 3461.
    const out = compareMeans({ mean: 0.41, varianceOfMean: 3.9 ** 2 / 3407, n: 3407 }, { mean: 0.7, varianceOfMean: 6.2 ** 2 / 3461, n: 3461 }, 0.05);
    if (!out.ok) throw new Error(out.degenerate);
    const rel = out.value.relative;
    const round5 = (x: number | undefined) => Math.round((x ?? NaN) * 1e5) / 1e5;
    expect(round5(rel?.estimate)).toBe(0.70732);
    expect(round5(rel?.se)).toBe(0.37879);
    expect(rel?.ci.map(round5)).toEqual([-0.03526, 1.44989]);
    expect(round5(rel?.pValue)).toBe(0.06191);
  });

  it('reports degenerate data instead of NaN', () => {
    const same = moments(sumsOf([3, 3, 3]));
    const out = welch(same, moments(sumsOf([3, 3, 3, 3])), 0.05);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.degenerate).toMatch(/zero variance/);
    const zeroControl = welch(moments(sumsOf([0, 0, 0])), moments(sumsOf([1, 2, 3])), 0.05);
    if (!zeroControl.ok) throw new Error('one constant arm is still testable');
    expect(zeroControl.value.relative).toBeNull();
    expect(zeroControl.value.relativeMissing).toMatch(/control mean is 0/);
    expect(Number.isFinite(zeroControl.value.absolute.pValue)).toBe(true);
  });
});

describe('proportions', () => {
  for (const r of REFERENCE.proportions)
    it(`match statsmodels (wald): ${r.treatment[0]}/${r.treatment[1]} vs ${r.control[0]}/${r.control[1]}`, () => {
      const sums = ([x, n]: [number, number]) => ({ n, sum: x, sumSquares: x });
      const out = proportionTest(sums(r.control), sums(r.treatment), r.alpha);
      if (!out.ok) throw new Error(out.degenerate);
      expectClose(out.value.absolute.estimate, r.absolute, 'difference');
      expectCloseAll(out.value.absolute.ci, r.ci, 'ci');
      expectClose(out.value.absolute.pValue, r.p_value, 'p-value');
      expectClose(out.value.relative?.estimate, r.relative, 'relative');
      expectCloseAll(out.value.relative?.ci, r.relative_ci, 'relative ci');
      expectClose(out.value.relative?.pValue, r.relative_p_value, 'relative p');
    });
});
