// The probability distributions the experiment statistics need, from stdlib-js (ports of
// Cephes/Boost, maintained, accurate far beyond the 1e-6 we test to). Thin wrappers so the
// rest of src/impact names what it means and handles the infinite-df (normal) limit once.
import chiSquareCdfImpl from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Student's t CDF with `df` degrees of freedom (non-integer allowed; Infinity = normal). */
export function tCdf(x: number, df: number): number {
  return df === Infinity ? normalCdf(x) : tCdfImpl(x, df);
}

/** Student's t quantile with `df` degrees of freedom (Infinity = normal). */
export function tQuantile(p: number, df: number): number {
  return df === Infinity ? normalQuantile(p) : tQuantileImpl(p, df);
}

/** Upper tail of the t distribution, P(T > x), without the cancellation of 1 - cdf for large x. */
export function tSurvival(x: number, df: number): number {
  return tCdf(-x, df);
}

/** Chi-square CDF with `k` degrees of freedom. */
export function chiSquareCdf(x: number, k: number): number {
  return chiSquareCdfImpl(x, k);
}
