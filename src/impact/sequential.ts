// Always-valid confidence intervals for pilots that are looked at every week: the
// asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas (2023),
// "Time-uniform central limit theory and asymptotic confidence sequences", Ann. Statist.,
// Theorem 2.2 (the normal-mixture boundary of Howard, Ramdas, McAuliffe & Sekhon 2021,
// Ann. Statist. 49(2)), as GrowthBook applies it to A/B tests: with N units in total and an
// estimator of variance V, σ² = N·V and
//   half-width = σ · sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( sqrt(Nρ² + 1) / α ) ),
//   ρ = sqrt( (-2 ln α + ln(-2 ln α + 1)) / N* ),
// where N* is the total sample size at which the interval is tightest (the tuning
// parameter; GrowthBook's default is 5,000). The coverage holds at every look at once, so
// peeking does not inflate the false-positive rate.
import type { Estimate, Interval } from './inference.js';

export const DEFAULT_TUNING_N = 5000;

export function mixtureRho(alpha: number, tuningN: number): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuningN);
}

/** Half-width of the (1 - alpha) confidence sequence at total sample size `n`. */
export function sequentialHalfWidth(variance: number, n: number, alpha: number, tuningN = DEFAULT_TUNING_N): number {
  const rho2 = mixtureRho(alpha, tuningN) ** 2;
  const sigma = Math.sqrt(variance * n);
  return sigma * Math.sqrt(((2 * (n * rho2 + 1)) / (n * n * rho2)) * Math.log(Math.sqrt(n * rho2 + 1) / alpha));
}

export interface SequentialInference {
  ci: Interval;
  /** Smallest alpha whose confidence sequence excludes 0 at this look (an always-valid p-value). */
  pValue: number;
  tuningN: number;
}

export function sequentialInference(e: Estimate, n: number, alpha: number, tuningN = DEFAULT_TUNING_N): SequentialInference {
  const half = sequentialHalfWidth(e.variance, n, alpha, tuningN);
  return { ci: [e.value - half, e.value + half], pValue: sequentialPValue(e, n, tuningN), tuningN };
}

/**
 * The half-width shrinks as alpha grows, so the p-value is found by bisection on ln(alpha)
 * between 1e-12 and 1; 60 halvings pin it far below the 1e-6 we report.
 */
export function sequentialPValue(e: Estimate, n: number, tuningN = DEFAULT_TUNING_N): number {
  const excludes = (alpha: number) => Math.abs(e.value) > sequentialHalfWidth(e.variance, n, alpha, tuningN);
  if (!excludes(1 - 1e-12)) return 1;
  let lo = Math.log(1e-12);
  let hi = 0;
  if (excludes(Math.exp(lo))) return 1e-12;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (excludes(Math.exp(mid))) hi = mid;
    else lo = mid;
  }
  return Math.exp(hi);
}
