// Holm and Benjamini-Hochberg against statsmodels multipletests and GrowthBook's published case.
import { describe, expect, it } from 'vitest';
import { expectCloseAll, REFERENCE } from '../../test/reference/impact/reference.js';
import { adjustPValues, benjaminiHochberg, holm } from './multiple-testing.js';

describe('multiple testing', () => {
  for (const r of REFERENCE.multiple_testing)
    it(`matches statsmodels for [${r.p.join(', ')}]`, () => {
      expectCloseAll(holm(r.p), r.holm, 'holm');
      expectCloseAll(benjaminiHochberg(r.p), r.bh, 'bh');
    });

  it("reproduces GrowthBook's Holm example", () => {
    const adjusted = holm([0.01, 0.04, 0.03, 0.005, 0.55, 0.6]);
    // gbstats lists them sorted by raw p-value: [0.03, 0.05, 0.12, 0.12, 1, 1].
    const sorted = [3, 0, 2, 1, 4, 5].map((i) => Math.round((adjusted[i] as number) * 1e9) / 1e9);
    expect(sorted).toEqual([0.03, 0.05, 0.12, 0.12, 1, 1]);
  });

  it('leaves p-values alone without a correction', () => {
    expect(adjustPValues([0.2, 0.01], 'none')).toEqual([0.2, 0.01]);
  });
});
