// Sufficient statistics of one arm of an experiment: everything the tests need, in a form
// that can be summed from per-unit rows or given directly (n, sum, sum of squares, and for
// CUPED the covariate's sums and the cross-product). Means and variances come from here.

/** Sufficient statistics of one metric in one arm. */
export interface MetricSums {
  n: number;
  sum: number;
  sumSquares: number;
  /** Pre-period covariate sums, for CUPED. */
  covariate?: { sum: number; sumSquares: number; sumProducts: number };
}

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance with n - 1 in the denominator (Bessel's correction). */
  variance: number;
}

export function emptySums(withCovariate: boolean): MetricSums {
  return { n: 0, sum: 0, sumSquares: 0, ...(withCovariate ? { covariate: { sum: 0, sumSquares: 0, sumProducts: 0 } } : {}) };
}

/** Adds one unit's value (and covariate) to running sums; mutates `s` for speed in simulations. */
export function addUnit(s: MetricSums, y: number, x?: number): void {
  s.n += 1;
  s.sum += y;
  s.sumSquares += y * y;
  if (s.covariate && x !== undefined) {
    s.covariate.sum += x;
    s.covariate.sumSquares += x * x;
    s.covariate.sumProducts += x * y;
  }
}

export function sumsOf(values: readonly number[], covariates?: readonly number[]): MetricSums {
  const s = emptySums(covariates !== undefined);
  values.forEach((y, i) => addUnit(s, y, covariates?.[i]));
  return s;
}

/**
 * Mean and sample variance from sums. The centred sum of squares is clamped at 0: with
 * constant data, Σy² - (Σy)²/n can come out as -1e-12 from rounding, and a negative
 * variance would turn into NaN downstream.
 */
export function moments(s: MetricSums): Moments {
  const mean = s.sum / s.n;
  const centred = Math.max(0, s.sumSquares - (s.sum * s.sum) / s.n);
  return { n: s.n, mean, variance: s.n > 1 ? centred / (s.n - 1) : 0 };
}

/** Centred second moments of (covariate x, metric y) within one arm: Sxx, Syy, Sxy. */
export function centredCovariateSums(s: MetricSums): { sxx: number; syy: number; sxy: number; meanX: number } {
  const c = s.covariate;
  if (!c) throw new Error('no covariate sums for this metric');
  return {
    sxx: Math.max(0, c.sumSquares - (c.sum * c.sum) / s.n),
    syy: Math.max(0, s.sumSquares - (s.sum * s.sum) / s.n),
    sxy: c.sumProducts - (c.sum * s.sum) / s.n,
    meanX: c.sum / s.n,
  };
}

/** Whether every value of the metric was 0 or 1 (then Σy = Σy²): a conversion-rate metric. */
export function isBinary(values: readonly number[]): boolean {
  return values.every((v) => v === 0 || v === 1);
}
