import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencySketch, SKETCH_RELATIVE_ERROR } from './latency-sketch.js';

/** The order statistic DDSketch's guarantee refers to (Masson et al. 2019, section 2): x_(floor(q (n - 1))). */
const exact = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
const QS = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe('LatencySketch (DDSketch)', () => {
  it('answers every quantile within the stated relative error of the exact order statistic', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 3_600_000, noNaN: true }), { minLength: 1, maxLength: 400 }), (xs) => {
        const s = new LatencySketch();
        for (const x of xs) s.add(x);
        for (const q of QS) expect(Math.abs(s.quantile(q)! - exact(xs, q))).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR * exact(xs, q) * (1 + 1e-12));
      }),
    );
  });

  it('merges exactly: two halves merged answer as the whole, and survive a round trip through storage', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), { minLength: 2, maxLength: 300 }), fc.nat(), (xs, cut) => {
        const k = cut % xs.length;
        const whole = new LatencySketch();
        const a = new LatencySketch();
        const b = new LatencySketch();
        xs.forEach((x, i) => (whole.add(x), (i < k ? a : b).add(x)));
        const merged = LatencySketch.fromData(JSON.parse(JSON.stringify(a.toData())));
        merged.merge(LatencySketch.fromData(JSON.parse(JSON.stringify(b.toData()))));
        expect(merged.count).toBe(xs.length);
        for (const q of QS) expect(merged.quantile(q)).toBe(whole.quantile(q));
        // In memory too (sketch into sketch, as ingest merges batches): the same buckets as the whole.
        const direct = new LatencySketch();
        direct.merge(a);
        direct.merge(b);
        expect([direct.count, direct.toData()]).toEqual([whole.count, whole.toData()]);
      }),
    );
  });

  it('is empty until fed, counts zero latencies, ignores negatives and refuses to merge another accuracy', () => {
    const s = new LatencySketch();
    expect(s.quantile(0.5)).toBeNull();
    s.add(0);
    s.add(-1);
    s.add(Number.NaN);
    expect([s.count, s.quantile(0.5)]).toEqual([1, 0]);
    expect(() => s.merge(new LatencySketch(0.02))).toThrow(/accuracy/);
  });

  it('keeps the bucket count small: microsecond-to-hour latencies fit in 1,101 buckets (ln(3.6e9) / ln(1.01 / 0.99))', () => {
    const s = new LatencySketch();
    for (let x = 0.001; x < 3_600_000; x *= 1.001) s.add(x);
    expect(Object.keys(s.toData().buckets).length).toBeLessThanOrEqual(1101);
  });
});
