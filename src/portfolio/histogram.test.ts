import { expect, it } from 'vitest';
import { histogram } from './histogram.js';

// Expected values from numpy 1.x: numpy.histogram(sample, bins=n) -> (counts, edges).
it('bins like numpy.histogram: half-open bins, the last one closed', () => {
  // numpy.histogram([1,2,2,3,4,10], bins=3) -> ([4, 1, 1], [1, 4, 7, 10])
  expect(histogram([1, 2, 2, 3, 4, 10], 3)).toEqual([
    { from: 1, to: 4, count: 4 },
    { from: 4, to: 7, count: 1 },
    { from: 7, to: 10, count: 1 },
  ]);
  // numpy.histogram([-5, 0, 5], bins=2) -> ([1, 2], [-5, 0, 5]): 0 falls in the upper bin.
  expect(histogram([-5, 0, 5], 2).map((b) => b.count)).toEqual([1, 2]);
});

it('gives a constant sample a unit-wide range, as numpy does', () => {
  // numpy.histogram([3,3,3], bins=2) -> ([0, 3], [2.5, 3, 3.5])
  expect(histogram([3, 3, 3], 2)).toEqual([
    { from: 2.5, to: 3, count: 0 },
    { from: 3, to: 3.5, count: 3 },
  ]);
  expect(histogram([], 5)).toEqual([]);
});

it('counts every draw exactly once', () => {
  const sample = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e5).sort();
  const h = histogram(sample, 17);
  expect(h.reduce((s, b) => s + b.count, 0)).toBe(1000);
  expect(h[0]!.from).toBe(sample[0]);
  expect(h.at(-1)!.to).toBe(sample[999]);
});
