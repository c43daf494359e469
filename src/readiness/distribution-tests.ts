// The distribution statistics of the catalogue checks (pure): the one-sample Kolmogorov-Smirnov
// test against a parameterised distribution and against a histogram (bootstrapped), the
// chi-square goodness-of-fit test, the Kullback-Leibler divergence of a histogram or of
// category shares, and Cramér's phi of two columns. Each follows the scipy function Great
// Expectations calls, named beside it; test/reference/ge-distributions.py recomputes every
// number with scipy into test/reference/ge-distributions.json, which the tests compare with.
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

export type Cdf = (x: number) => number;

/** The CDFs of scipy.stats.{norm, uniform, expon, gamma, beta, chi2} with loc and scale. */
export function distributionCdf(name: string, p: Record<string, number>): Cdf {
  const loc = p.loc ?? 0;
  const scale = p.scale ?? 1;
  const need = (k: string) => {
    const v = p[k];
    if (v === undefined || !Number.isFinite(v)) throw new Error(`${name} needs the parameter ${k}`);
    return v;
  };
  const positive = (k: string, v: number) => {
    if (!(v > 0)) throw new Error(`${name}: ${k} must be greater than 0, got ${v}`);
    return v;
  };
  positive('scale', scale);
  const z = (x: number) => (x - loc) / scale;
  switch (name) {
    case 'norm': {
      const mean = need('mean');
      const sd = positive('std_dev', need('std_dev'));
      return (x) => normalCdf(x, mean, sd);
    }
    case 'uniform':
      return (x) => Math.min(1, Math.max(0, z(x)));
    case 'expon':
      return (x) => (z(x) <= 0 ? 0 : -Math.expm1(-z(x)));
    case 'gamma': {
      const a = positive('alpha', need('alpha'));
      return (x) => (z(x) <= 0 ? 0 : gammainc(z(x), a));
    }
    case 'chi2': {
      const df = positive('df', need('df'));
      return (x) => (z(x) <= 0 ? 0 : gammainc(z(x) / 2, df / 2));
    }
    case 'beta': {
      const a = positive('alpha', need('alpha'));
      const b = positive('beta', need('beta'));
      return (x) => (z(x) <= 0 ? 0 : z(x) >= 1 ? 1 : betainc(z(x), a, b));
    }
    default:
      throw new Error(`unknown distribution ${name}`);
  }
}

/**
 * The two-sided KS statistic D_n of sorted values against a CDF, fed one value at a time in
 * ascending order (so a column can be streamed): D = max_i max(i/n - F(x_i), F(x_i) - (i-1)/n),
 * as scipy.stats.kstest computes it.
 */
export class KsStatistic {
  private i = 0;
  d = 0;
  constructor(readonly n: number, private readonly cdf: Cdf) {}
  add(x: number): void {
    const f = this.cdf(x);
    this.i++;
    this.d = Math.max(this.d, this.i / this.n - f, f - (this.i - 1) / this.n);
  }
}

/** The KS statistic of a sample (any order). */
export function ksStatistic(values: number[], cdf: Cdf): number {
  const s = new KsStatistic(values.length, cdf);
  for (const v of [...values].sort((a, b) => a - b)) s.add(v);
  return s.d;
}

/**
 * P(D_n >= d), the two-sided p-value as scipy.stats.kstest(method='auto') gives it: the exact
 * distribution for n <= 10000 (scipy.stats.kstwo.sf), else the limiting one
 * (scipy.stats.kstwobign.sf(d * sqrt(n))). The exact one is Marsaglia, Tsang & Wang 2003,
 * "Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18); in the far tail, where that
 * loses digits (1 - K with K near 1) or its matrix grows past 500 rows, twice Smirnov's exact
 * one-sided tail (Birnbaum & Tingey 1951), whose error there is below 1e-5 relative.
 */
export function ksPValue(d: number, n: number): number {
  if (n <= 0) return NaN;
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  if (n > 10000) return kolmogorovSf(d * Math.sqrt(n));
  const tail = 2 * smirnovSf(n, d);
  if (tail < 1e-7 || 2 * Math.floor(n * d) + 1 > 500) return Math.min(1, tail);
  return Math.min(1, Math.max(0, 1 - mtwCdf(n, d)));
}

/** P(D+_n >= d), the exact one-sided tail: d sum_j C(n,j) (1-d-j/n)^(n-j-1) (d+j/n)^j (scipy.special.smirnov). */
export function smirnovSf(n: number, d: number): number {
  let logC = 0; // log C(n, j)
  let sum = 0;
  const last = Math.floor(n * (1 - d));
  for (let j = 0; j <= last; j++) {
    if (j > 0) logC += Math.log(n - j + 1) - Math.log(j);
    const a = 1 - d - j / n;
    if (a <= 0) break;
    sum += Math.exp(logC + (n - j - 1) * Math.log(a) + j * Math.log(d + j / n));
  }
  return Math.min(1, d * sum);
}

/** The limiting Kolmogorov distribution's survival function, 2 sum (-1)^(k-1) exp(-2 k^2 x^2). */
export function kolmogorovSf(x: number): number {
  if (x <= 0) return 1;
  if (x < 0.3) return 1; // the series' terms do not shrink; the true value is 1 - O(1e-8)
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Marsaglia-Tsang-Wang: P(D_n < d) by the m x m matrix H^n, kept in range by powers of 10. */
function mtwCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 < 0 ? 0 : 1;
  for (let i = 0; i < m; i++) {
    H[i * m] = (H[i * m] as number) - h ** (i + 1);
    H[(m - 1) * m + i] = (H[(m - 1) * m + i] as number) - h ** (m - i);
  }
  H[(m - 1) * m] = (H[(m - 1) * m] as number) + (2 * h - 1 > 0 ? (2 * h - 1) ** m : 0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) if (i - j + 1 > 0) for (let g = 1; g <= i - j + 1; g++) H[i * m + j] = (H[i * m + j] as number) / g;
  const [Q, eQ0] = matrixPower(H, 0, m, n);
  let eQ = eQ0;
  let s = Q[(k - 1) * m + k - 1] as number;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) {
      s *= 1e140;
      eQ -= 140;
    }
  }
  return s * 10 ** eQ;
}

function multiply(A: Float64Array, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let l = 0; l < m; l++) {
      const a = A[i * m + l] as number;
      if (a === 0) continue;
      for (let j = 0; j < m; j++) C[i * m + j] = (C[i * m + j] as number) + a * (B[l * m + j] as number);
    }
  return C;
}

function matrixPower(A: Float64Array, eA: number, m: number, n: number): [Float64Array, number] {
  if (n === 1) return [A.slice(), eA];
  const [V, eV] = matrixPower(A, eA, m, Math.floor(n / 2));
  let B = multiply(V, V, m);
  let eB = 2 * eV;
  if (n % 2 === 1) {
    B = multiply(A, B, m);
    eB += eA;
  }
  if ((B[Math.floor(m / 2) * m + Math.floor(m / 2)] as number) > 1e140) {
    for (let i = 0; i < m * m; i++) B[i] = (B[i] as number) * 1e-140;
    eB += 140;
  }
  return [B, eB];
}

/** A small seeded generator (mulberry32), so a bootstrapped result can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CDF of a histogram: linear inside each bin, 0 below and the total weight above (numpy.interp). */
export function histogramCdf(bins: number[], weights: number[]): Cdf {
  const cum = [0];
  for (const w of weights) cum.push((cum[cum.length - 1] as number) + w);
  return (x) => {
    if (x <= (bins[0] as number)) return 0;
    const last = bins.length - 1;
    if (x >= (bins[last] as number)) return cum[last] as number;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((bins[mid] as number) <= x) lo = mid;
      else hi = mid;
    }
    const [x0, x1, y0, y1] = [bins[lo] as number, bins[lo + 1] as number, cum[lo] as number, cum[lo + 1] as number];
    return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  };
}

/**
 * Great Expectations' bootstrapped KS test: `samples` resamples (with replacement, drawn by
 * the seeded generator) of `size` values each are KS-tested against the histogram's CDF; the
 * result is (1 + the number of resamples whose p-value is >= p) / (samples + 1).
 */
export function bootstrappedKs(values: number[], bins: number[], weights: number[], opts: { p: number; samples: number; size: number; seed: number }): number {
  if (values.length === 0) return NaN;
  const cdf = histogramCdf(bins, weights);
  const random = seededRandom(opts.seed);
  const sample = new Array<number>(opts.size);
  // The p-value falls as D grows, so "p-value >= p" is "D <= the critical D": found once by
  // bisection instead of one exact p-value per resample.
  const critical = criticalD(opts.size, opts.p);
  let hits = 0;
  for (let s = 0; s < opts.samples; s++) {
    for (let i = 0; i < opts.size; i++) sample[i] = values[Math.floor(random() * values.length)] as number;
    if (ksStatistic(sample, cdf) <= critical) hits++;
  }
  return (1 + hits) / (opts.samples + 1);
}

/** The largest D whose two-sided p-value for n values is still >= p (to 1e-12). */
export function criticalD(n: number, p: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 45; i++) {
    const mid = (lo + hi) / 2;
    if (ksPValue(mid, n) >= p) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The chi-square statistic and p-value of observed against expected counts (scipy.stats.chisquare). */
export function chiSquare(observed: number[], expected: number[], ddof = 0): { statistic: number; p: number } {
  let statistic = 0;
  for (const [i, o] of observed.entries()) {
    const e = expected[i] as number;
    statistic += e === 0 ? (o === 0 ? NaN : Infinity) : ((o - e) * (o - e)) / e;
  }
  const df = observed.length - 1 - ddof;
  return { statistic, p: chiSquareSf(statistic, df) };
}

/** P(X >= x) for X ~ chi2(df): the upper regularised incomplete gamma Q(df/2, x/2) (scipy.stats.chi2.sf). */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || df <= 0) return NaN;
  if (x === Infinity) return 0;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** sum pk log(pk / qk) after normalising both (scipy.stats.entropy(pk, qk)); Infinity where qk = 0 < pk. */
export function klDivergence(pk: number[], qk: number[]): number {
  const sp = pk.reduce((a, b) => a + b, 0);
  const sq = qk.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (const [i, p0] of pk.entries()) {
    const p = p0 / sp;
    const q = (qk[i] as number) / sq;
    if (p === 0) continue;
    if (q === 0) return Infinity;
    sum += p * Math.log(p / q);
  }
  return sum;
}

/**
 * Cramér's phi of a contingency table (rows x columns of counts): sqrt(chi2 / n / (min(r, c) - 1)),
 * with chi2 from scipy.stats.chi2_contingency (Yates' correction when there is one degree of
 * freedom), clipped to [0, 1], as Great Expectations computes it.
 */
export function cramersPhi(table: number[][]): number {
  const r = table.length;
  const c = table[0]?.length ?? 0;
  if (r < 2 || c < 2) return 0;
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: c }, (_, j) => table.reduce((a, row) => a + (row[j] as number), 0));
  const n = rowSums.reduce((a, b) => a + b, 0);
  const dof = (r - 1) * (c - 1);
  let chi2 = 0;
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const e = ((rowSums[i] as number) * (colSums[j] as number)) / n;
      let diff = Math.abs((table[i]?.[j] as number) - e);
      if (dof === 1) diff = Math.max(0, diff - Math.min(0.5, diff));
      chi2 += (diff * diff) / e;
    }
  return Math.min(1, Math.max(0, Math.sqrt(chi2 / n / (Math.min(r, c) - 1))));
}
