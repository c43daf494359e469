// The minimum group size, with hand-worked examples and the invariant that no answer shows
// (or lets a reader subtract out) a group of 1 to minGroupSize - 1 users.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressSmallGroups } from './small-groups.js';

const sizes = (groups: Record<string, number>, k = 5) => {
  const entries = Object.entries(groups);
  const r = suppressSmallGroups(entries, (g) => g[1], (h) => h.reduce((a, g) => a + g[1], 0), k);
  return { shown: Object.fromEntries(r.shown), hiddenGroups: r.hiddenGroups, hiddenUsers: r.hiddenUsers };
};

describe('suppressSmallGroups', () => {
  it('shows groups of exactly 5, hides groups of 4', () => {
    expect(sizes({ a: 5, b: 12, c: 4, d: 1 })).toEqual({ shown: { a: 5, b: 12 }, hiddenGroups: 2, hiddenUsers: 5 });
  });

  it('hides the smallest shown group too when the hidden ones alone could be subtracted out', () => {
    // c (3) alone would be "other: 3" = total 23 - 8 - 12; so a (8) joins it: other = 11.
    expect(sizes({ a: 8, b: 12, c: 3 })).toEqual({ shown: { b: 12 }, hiddenGroups: 2, hiddenUsers: 11 });
  });

  it('hides everything when all users together are fewer than the minimum', () => {
    expect(sizes({ a: 2, b: 1 })).toEqual({ shown: {}, hiddenGroups: 2, hiddenUsers: null });
    expect(sizes({ a: 3 }, 3)).toEqual({ shown: { a: 3 }, hiddenGroups: 0, hiddenUsers: 0 });
  });

  it('never shows a group, or an "other", of 1 to k - 1 users', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { maxLength: 12 }), fc.integer({ min: 1, max: 10 }), (counts, k) => {
        const r = suppressSmallGroups(counts.map((n, i) => ({ i, n })), (g) => g.n, (h) => h.reduce((a, g) => a + g.n, 0), k);
        const ok = (n: number) => n === 0 || n >= k;
        return r.shown.every((g) => ok(g.n)) && (r.hiddenUsers === null || ok(r.hiddenUsers)) && r.shown.length + r.hiddenGroups === counts.length;
      }),
    );
  });
});
