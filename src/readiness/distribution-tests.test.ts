// The distribution statistics against scipy: test/reference/ge/ge-distributions.py computes
// every expected number below with scipy (function names in that file) into the JSON fixture.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrappedKs, chiSquare, cramersPhi, distributionCdf, histogramCdf, klDivergence, kolmogorovSf, ksPValue, ksStatistic, seededRandom } from './distribution-tests.js';

interface Reference {
  ks: { distribution: string; params: Record<string, number>; values: number[]; statistic: number; p_value: number }[];
  cdf: { distribution: string; params: Record<string, number>; x: number[]; cdf: number[] }[];
  kstwo: { d: number; n: number; sf: number }[];
  kstwobign: { x: number; sf: number }[];
  chisquare: { observed: number[]; expected: number[]; statistic: number; p_value: number }[];
  entropy: { pk: number[]; qk: number[]; kl: number }[];
  cramers_phi: { table: number[][]; phi: number }[];
}
const ref = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../test/reference/ge/ge-distributions.json'), 'utf8')) as Reference;

/** Agreement to 1e-9 relative, or 1e-12 absolute for numbers near 0. */
const near = (got: number, want: number, rel = 1e-9) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(Math.max(rel * Math.abs(want), 1e-12));

/** 1e-5 relative; below 1e-7 (any threshold fails there) the far-tail formula holds the order of magnitude. */
const tailTolerance = (p: number) => (p < 1e-7 ? 0.25 : 1e-5);

describe('distribution statistics against scipy', () => {
  it.each(ref.cdf.map((c) => [c.distribution, c] as const))('the %s CDF equals scipy.stats.<dist>.cdf', (_n, c) => {
    const cdf = distributionCdf(c.distribution, { loc: 0, scale: 1, ...c.params });
    c.x.forEach((x, i) => near(cdf(x), c.cdf[i] as number, 1e-8));
  });

  it('gives the exact KS distribution (scipy.stats.kstwo.sf) for n up to 10000', () => {
    for (const k of ref.kstwo) near(ksPValue(k.d, k.n), k.sf, tailTolerance(k.sf));
  });

  it('gives the limiting distribution (scipy.stats.kstwobign.sf)', () => {
    for (const k of ref.kstwobign) near(kolmogorovSf(k.x), k.sf, 1e-9);
  });

  it.each(ref.ks.map((k, i) => [`${k.distribution} n=${k.values.length} #${i}`, k] as const))('scipy.stats.kstest: %s', (_n, k) => {
    const d = ksStatistic(k.values, distributionCdf(k.distribution, { loc: 0, scale: 1, ...k.params }));
    near(d, k.statistic, 1e-9);
    near(ksPValue(d, k.values.length), k.p_value, tailTolerance(k.p_value));
  });

  it('scipy.stats.chisquare: statistic and p-value', () => {
    for (const c of ref.chisquare) {
      const r = chiSquare(c.observed, c.expected);
      near(r.statistic, c.statistic);
      near(r.p, c.p_value, 1e-8);
    }
  });

  it('scipy.stats.entropy: the KL divergence after normalising', () => {
    for (const e of ref.entropy) near(klDivergence(e.pk, e.qk), e.kl);
    expect(klDivergence([1, 1], [1, 0])).toBe(Infinity);
  });

  it("Cramér's phi from scipy.stats.chi2_contingency (Yates' correction at one degree of freedom)", () => {
    for (const c of ref.cramers_phi) near(cramersPhi(c.table), c.phi);
  });

  it('interpolates a histogram CDF as numpy.interp does (0 below, the total above)', () => {
    const cdf = histogramCdf([0, 1, 3], [0.5, 0.5]);
    expect([cdf(-1), cdf(0), cdf(0.5), cdf(1), cdf(2), cdf(3), cdf(9)]).toEqual([0, 0, 0.25, 0.5, 0.75, 1, 1]);
  });

  it('bootstraps with a seed: the same seed gives the same result, and a wrong histogram fails', () => {
    const random = seededRandom(7);
    // 2,000 uniform values on [0, 1) tested against a flat histogram on [0, 1] and against one on [0.5, 1.5].
    const values = Array.from({ length: 2000 }, () => random());
    const opts = { p: 0.05, samples: 300, size: 20, seed: 1 };
    const flat = bootstrappedKs(values, [0, 0.5, 1], [0.5, 0.5], opts);
    expect(flat).toBe(bootstrappedKs(values, [0, 0.5, 1], [0.5, 0.5], opts));
    expect(flat).toBeGreaterThan(0.8); // about 95% of 20-value resamples have p >= 0.05
    expect(bootstrappedKs(values, [0.5, 1, 1.5], [0.5, 0.5], opts)).toBeLessThan(0.05);
  });

  it('refuses parameters a distribution cannot have, by name', () => {
    expect(() => distributionCdf('norm', { mean: 0, std_dev: 0, loc: 0, scale: 1 })).toThrow('norm: std_dev must be greater than 0');
    expect(() => distributionCdf('gamma', { loc: 0, scale: 1 })).toThrow('gamma needs the parameter alpha');
    expect(() => distributionCdf('cauchy', {})).toThrow('unknown distribution cauchy');
  });
});

describe('the critical KS distance', () => {
  it('is where the exact p-value crosses p (scipy.stats.kstwo.isf(0.05, 20) = 0.29408)', async () => {
    const { criticalD } = await import('./distribution-tests.js');
    const d = criticalD(20, 0.05);
    expect(d).toBeCloseTo(0.294076, 5);
    expect(ksPValue(d, 20)).toBeGreaterThanOrEqual(0.05);
    expect(ksPValue(d + 1e-9, 20)).toBeLessThan(0.05);
  });
});
