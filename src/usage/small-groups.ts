// The minimum group size: no breakdown of people (a department, a cohort) ever shows a group
// of fewer than `minGroupSize` distinct users. The rule is the threshold rule of statistical
// disclosure control with secondary suppression (Hundepool et al., "Statistical Disclosure
// Control", Wiley 2012, sections 4.2 and 4.3): groups below the threshold are hidden
// (primary), and while the hidden groups together are still a small group that a reader
// could work out by subtracting the shown groups from a total, the smallest shown group is
// hidden too (secondary). The hidden groups are reported together as "other", never by name.

export const DEFAULT_MIN_GROUP_SIZE = 5;

export interface Suppressed<T> {
  shown: T[];
  /** How many groups were hidden. */
  hiddenGroups: number;
  /** Distinct users of the hidden groups together: 0, or at least minGroupSize, or null (too few to show). */
  hiddenUsers: number | null;
}

/**
 * `users(g)` is the distinct users of a group; `usersOf(hidden)` those of several together
 * (a union, since one person may appear in two groups). Zero-user groups are never hidden by
 * the threshold: an empty group reveals no one.
 */
export function suppressSmallGroups<T>(groups: readonly T[], users: (g: T) => number, usersOf: (hidden: readonly T[]) => number, minGroupSize: number): Suppressed<T> {
  const small = (n: number) => n > 0 && n < minGroupSize;
  const hidden = groups.filter((g) => small(users(g)));
  let shown = groups.filter((g) => !small(users(g)));
  let together = usersOf(hidden);
  while (small(together)) {
    const candidates = shown.filter((g) => users(g) > 0);
    if (candidates.length === 0) break;
    const smallest = candidates.reduce((a, b) => (users(b) < users(a) ? b : a));
    shown = shown.filter((g) => g !== smallest);
    hidden.push(smallest);
    together = usersOf(hidden);
  }
  return { shown, hiddenGroups: hidden.length, hiddenUsers: small(together) ? null : together };
}
