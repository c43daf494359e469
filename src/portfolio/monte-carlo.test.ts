import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeUseCase } from '../../test/support/portfolio-fixtures.js';
import { buildBusinessCase, likelyInputs } from './business-case.js';
import { quantile, quantilesBySelection, simulate } from './monte-carlo.js';
import { PortfolioError } from './portfolio-error.js';
import { seededRandom } from './random.js';
import { tornado } from './sensitivity.js';

// Reference medians of PERT(10, 12, 20) and triangular(10, 12, 20) from scipy (reference/distributions.json).
const REF = (JSON.parse(readFileSync(new URL('./reference/distributions.json', import.meta.url), 'utf8')) as { cases: { low: number; likely: number; high: number; pert_median: number; triangular_median: number }[] }).cases.find(
  (c) => c.low === 10 && c.likely === 12 && c.high === 20,
)!;

function linearCase(distribution: 'pert' | 'triangular', p = 1) {
  // NPV is linear in `hours`, so its median is NPV at the median of `hours`.
  return buildBusinessCase(
    makeUseCase({
      value_streams: [{ id: 'vs', name: 'v', kind: 'cost_saving', formula: 'hours * 100', inputs: { hours: { low: 10, likely: 12, high: 20, distribution } } }],
      costs: { build: 5000, run_monthly: 300 },
      probability_of_success: p,
      adoption_ramp_months: 3,
    }),
    { discountRate: 0.1, horizonMonths: 36 },
  );
}

function npvAtHours(model: ReturnType<typeof linearCase>, hours: number): number {
  const v = likelyInputs(model);
  v[0] = hours;
  return model.npvSuccess(v);
}

describe('simulate', () => {
  it('is reproducible with a seed and differs with another', () => {
    const m = linearCase('pert');
    expect(simulate(m, seededRandom(1), 2000).p50).toBe(simulate(m, seededRandom(1), 2000).p50);
    expect(simulate(m, seededRandom(2), 2000).p50).not.toBe(simulate(m, seededRandom(1), 2000).p50);
  });

  it('does not depend on the order in which inputs are written', () => {
    const streams = (inputs: Record<string, unknown>) =>
      buildBusinessCase(makeUseCase({ value_streams: [{ id: 'vs', name: 'v', kind: 'cost_saving', formula: 'a * b', inputs }] }), { discountRate: 0.1, horizonMonths: 36 });
    const a = { low: 1, likely: 2, high: 5 };
    const b = { low: 10, likely: 20, high: 90 };
    const forward = simulate(streams({ a, b }), seededRandom(3), 2000);
    const reversed = simulate(streams({ b, a }), seededRandom(3), 2000);
    expect(reversed.p50).toBe(forward.p50);
    expect(reversed.expectedNpv).toBe(forward.expectedNpv);
  });

  it.each([
    ['pert', REF.pert_median],
    ['triangular', REF.triangular_median],
  ] as const)('P50 converges to the analytic median (%s)', (dist, median) => {
    const m = linearCase(dist);
    const exact = npvAtHours(m, median);
    const slope = npvAtHours(m, median + 1) - exact;
    const sim = simulate(m, seededRandom(11), 40_000);
    // Standard error of a sample median ~ 1 / (2 f(m) sqrt(n)); with f(m) >= 0.1 per hour that is < 0.03 hours.
    expect(Math.abs(sim.p50 - exact)).toBeLessThan(0.06 * slope);
    expect(sim.p10).toBeLessThan(sim.p50);
    expect(sim.p90).toBeGreaterThan(sim.p50);
  });

  it('risk-adjusts the expected NPV with the probability of success', () => {
    const m = linearCase('pert', 0.7);
    const sim = simulate(m, seededRandom(5), 40_000);
    const meanHours = (10 + 4 * 12 + 20) / 6;
    const lost = m.npvFailure(likelyInputs(m));
    expect(sim.expectedNpv / (0.7 * npvAtHours(m, meanHours) + 0.3 * lost)).toBeCloseTo(1, 2);
    expect(sim.probabilityPositive).toBeCloseTo(0.7, 5); // NPV > 0 whenever it works, never when it fails
  });

  it('locates a division by zero reached by a draw', () => {
    const m = buildBusinessCase(
      makeUseCase({ value_streams: [{ id: 'vs', name: 'v', kind: 'other', formula: '1000 / round(x)', inputs: { x: { low: 0, likely: 1, high: 2 } } }] }),
      { discountRate: 0.1, horizonMonths: 12 },
    );
    try {
      simulate(m, seededRandom(1), 1000);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PortfolioError);
      expect((e as PortfolioError).path).toEqual(['value_streams', 0, 'formula']);
      expect((e as PortfolioError).message).toContain('division by zero');
    }
  });
});

describe('tornado', () => {
  it('sorts inputs by swing and evaluates NPV at each end', () => {
    const m = buildBusinessCase(
      makeUseCase({
        value_streams: [{ id: 'vs', name: 'v', kind: 'other', formula: 'a * b', inputs: { a: { low: 90, likely: 100, high: 110 }, b: { low: 10, likely: 50, high: 60 } } }],
        costs: { build: { low: 5000, likely: 10000, high: 15000 }, run_monthly: 100 },
      }),
      { discountRate: 0.1, horizonMonths: 24 },
    );
    const bars = tornado(m);
    expect(bars.map((b) => b.input)).toEqual(['vs.b', 'vs.a', 'costs.build']);
    const base = likelyInputs(m);
    const v = Float64Array.from(base);
    v[1] = 10;
    expect(bars[0]!.npvAtLow).toBeCloseTo(m.npvSuccess(v), 6);
    expect(bars[2]!.npvAtHigh).toBeLessThan(bars[2]!.npvAtLow);
  });
});

describe('quantilesBySelection', () => {
  it('gives the same type 7 quantiles as sorting, with ties and tiny samples, and keeps the values', () => {
    const sample = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 2000 });
    const qs = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }).map((q) => q.sort((a, b) => a - b));
    fc.assert(
      fc.property(sample, qs, (values, probs) => {
        const sorted = Float64Array.from(values).sort();
        const x = Float64Array.from(values);
        expect(quantilesBySelection(x, probs)).toEqual(probs.map((q) => quantile(sorted, q)));
        expect(x.sort()).toEqual(sorted);
      }),
      { numRuns: 300 },
    );
  });

  it('matches numpy.percentile on a fixed sample', () => {
    // numpy.percentile([7, 1, 9, 3, 3, 10, -2], [10, 50, 90]) -> [-0.2, 3.0, 9.4] (linear, numpy's default)
    const got = quantilesBySelection(Float64Array.from([7, 1, 9, 3, 3, 10, -2]), [0.1, 0.5, 0.9]);
    expect(got.map((v) => Number(v.toFixed(12)))).toEqual([-0.2, 3, 9.4]);
  });
});
