// Turning an estimate with a standard error and degrees of freedom into a confidence
// interval and p-values. Shared by Welch, CUPED and proportions so every method reports
// the same shape. t intervals as in any textbook (e.g. Wasserman, All of Statistics, 10.1);
// the one-sided forms follow gbstats' OneSidedTreatmentGreater/LesserTTest.
import { tCdf, tQuantile, tSurvival } from './distributions.js';

export type Interval = [number, number];

/** An estimator's value, its variance and the degrees of freedom of its t reference (Infinity: normal). */
export interface Estimate {
  value: number;
  variance: number;
  df: number;
}

export interface Inference {
  estimate: number;
  se: number;
  ci: Interval;
  /** Two-sided p-value for H0: estimate = 0. */
  pValue: number;
}

/** Two-sided (1 - alpha) interval and p-value; requires a positive variance. */
export function infer(e: Estimate, alpha: number): Inference {
  const se = Math.sqrt(e.variance);
  const half = tQuantile(1 - alpha / 2, e.df) * se;
  const t = e.value / se;
  return { estimate: e.value, se, ci: [e.value - half, e.value + half], pValue: Math.min(1, 2 * tSurvival(Math.abs(t), e.df)) };
}

/** p-value of H0: estimate <= nullValue against H1: estimate > nullValue. */
export function pGreater(e: Estimate, nullValue = 0): number {
  return tSurvival((e.value - nullValue) / Math.sqrt(e.variance), e.df);
}

/** p-value of H0: estimate >= nullValue against H1: estimate < nullValue. */
export function pLess(e: Estimate, nullValue = 0): number {
  return tCdf((e.value - nullValue) / Math.sqrt(e.variance), e.df);
}

/**
 * Welch–Satterthwaite degrees of freedom for a difference of two means with per-arm
 * variances of the mean va = s_a²/n_a, vb = s_b²/n_b (Welch 1947; Satterthwaite 1946).
 */
export function welchDf(va: number, na: number, vb: number, nb: number): number {
  const denominator = (va * va) / (na - 1) + (vb * vb) / (nb - 1);
  return denominator === 0 ? Infinity : (va + vb) ** 2 / denominator;
}

/**
 * Relative lift (m_b - m_a) / m_a with its delta-method variance, treating the two arm
 * means as independent (gbstats TTest.variance; Kohavi, Tang & Xu 2020, Trustworthy Online
 * Controlled Experiments, ch. 18): Var ≈ V_b / m_a² + m_b² V_a / m_a⁴, where V are the
 * variances of the means.
 */
export function relativeLift(ma: number, va: number, mb: number, vb: number, df: number): Estimate {
  return {
    value: (mb - ma) / ma,
    variance: vb / (ma * ma) + (mb * mb * va) / ma ** 4,
    df,
  };
}
