// Difference in means with Welch's unequal-variance t-test: the absolute lift with its
// interval and p-value (Welch 1947; as scipy.stats.ttest_ind(equal_var=False)), and the
// relative lift with a delta-method interval on the same degrees of freedom (gbstats
// TwoSidedTTest). Degenerate inputs give a reason instead of NaN.
import type { Moments } from './arm-statistics.js';
import { infer, relativeLift, welchDf, type Estimate, type Inference } from './inference.js';

export interface Comparison {
  /** The estimators behind the inference, for sequential intervals and guardrail tests. */
  absoluteEstimate: Estimate;
  relativeEstimate: Estimate | null;
  absolute: Inference;
  relative: Inference | null;
  /** Why the relative lift is missing (control mean 0). */
  relativeMissing?: string;
}

export type ComparisonOutcome = { ok: true; value: Comparison } | { ok: false; degenerate: string };

/**
 * Compares treatment to control from per-arm means and variances of the means. Both arms
 * need n >= 2 (checked by the caller with the arm names); zero variance in both arms leaves
 * nothing to test and is reported as degenerate.
 */
export function compareMeans(
  control: { mean: number; varianceOfMean: number; n: number },
  treatment: { mean: number; varianceOfMean: number; n: number },
  alpha: number,
  df = welchDf(control.varianceOfMean, control.n, treatment.varianceOfMean, treatment.n),
): ComparisonOutcome {
  const variance = control.varianceOfMean + treatment.varianceOfMean;
  if (!(variance > 0)) return { ok: false, degenerate: 'zero variance in both arms: every unit has the same value, so there is nothing to test' };
  const absoluteEstimate: Estimate = { value: treatment.mean - control.mean, variance, df };
  const absolute = infer(absoluteEstimate, alpha);
  if (control.mean === 0)
    return { ok: true, value: { absoluteEstimate, absolute, relativeEstimate: null, relative: null, relativeMissing: 'control mean is 0, so a relative lift is undefined' } };
  const relativeEstimate = relativeLift(control.mean, control.varianceOfMean, treatment.mean, treatment.varianceOfMean, df);
  return { ok: true, value: { absoluteEstimate, absolute, relativeEstimate, relative: infer(relativeEstimate, alpha) } };
}

/** Welch's test from the two arms' moments (sample variances with n - 1). */
export function welch(control: Moments, treatment: Moments, alpha: number): ComparisonOutcome {
  return compareMeans(
    { mean: control.mean, varianceOfMean: control.variance / control.n, n: control.n },
    { mean: treatment.mean, varianceOfMean: treatment.variance / treatment.n, n: treatment.n },
    alpha,
  );
}
