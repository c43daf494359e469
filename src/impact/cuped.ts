// CUPED: variance reduction with a pre-period covariate (Deng, Xu, Kohavi & Walker 2013,
// "Improving the Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment
// Data", WSDM). Each unit's metric becomes Y - θ(X - x̄) with x̄ the pooled covariate mean;
// the adjusted arms are compared with Welch's test. θ is the within-arm pooled regression
// slope Σ Sxy / Σ Sxx, which makes the absolute lift equal the treatment coefficient of the
// ANCOVA regression y ~ arm + x (Lin 2013); Deng et al.'s pooled cov(X,Y)/var(X) differs
// only by the arms' covariate imbalance, which randomisation makes small.
import { centredCovariateSums, type MetricSums } from './arm-statistics.js';
import { compareMeans, type ComparisonOutcome } from './welch.js';

export interface CupedOutcome {
  theta: number;
  /** 1 - adjusted variance / unadjusted variance of the absolute lift. */
  varianceReduction: number;
  comparison: ComparisonOutcome;
}

/** Adjusted mean and variance of the mean of one arm, for a given θ and pooled covariate mean. */
function adjustedArm(s: MetricSums, theta: number, pooledMeanX: number) {
  const c = centredCovariateSums(s);
  const mean = s.sum / s.n - theta * (c.meanX - pooledMeanX);
  // Var(Y - θX) = (Syy - 2θ Sxy + θ² Sxx) / (n - 1), clamped against rounding below 0.
  const variance = Math.max(0, c.syy - 2 * theta * c.sxy + theta * theta * c.sxx) / (s.n - 1);
  return { mean, varianceOfMean: variance / s.n, n: s.n, unadjustedVarianceOfMean: c.syy / (s.n - 1) / s.n };
}

export function cuped(control: MetricSums, treatment: MetricSums, alpha: number): CupedOutcome | { degenerate: string } {
  const a = centredCovariateSums(control);
  const b = centredCovariateSums(treatment);
  if (!(a.sxx + b.sxx > 0)) return { degenerate: 'the covariate is constant within both arms, so it cannot explain any variance' };
  const theta = (a.sxy + b.sxy) / (a.sxx + b.sxx);
  const pooledMeanX = ((control.covariate?.sum ?? 0) + (treatment.covariate?.sum ?? 0)) / (control.n + treatment.n);
  const ca = adjustedArm(control, theta, pooledMeanX);
  const cb = adjustedArm(treatment, theta, pooledMeanX);
  const unadjusted = ca.unadjustedVarianceOfMean + cb.unadjustedVarianceOfMean;
  const adjusted = ca.varianceOfMean + cb.varianceOfMean;
  return {
    theta,
    varianceReduction: unadjusted > 0 ? 1 - adjusted / unadjusted : 0,
    comparison: compareMeans(ca, cb, alpha),
  };
}
