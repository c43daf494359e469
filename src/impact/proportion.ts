// Two independent proportions (conversion-rate metrics): the Wald z-test and interval for
// the difference, with unpooled variances p(1-p)/n (as statsmodels
// test_proportions_2indep / confint_proportions_2indep with method="wald"), and the
// relative lift (risk ratio - 1) by the delta method on the normal reference.
import type { MetricSums } from './arm-statistics.js';
import { compareMeans, type ComparisonOutcome } from './welch.js';

export function proportionTest(control: MetricSums, treatment: MetricSums, alpha: number): ComparisonOutcome {
  const arm = (s: MetricSums) => {
    const p = s.sum / s.n;
    return { mean: p, varianceOfMean: (p * (1 - p)) / s.n, n: s.n };
  };
  return compareMeans(arm(control), arm(treatment), alpha, Infinity);
}
