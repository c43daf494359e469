// Sample-ratio mismatch: Pearson's chi-square goodness-of-fit test of the units observed
// per arm against the planned split, which may be unequal (Fabijan et al. 2019, "Diagnosing
// Sample Ratio Mismatch in Online Controlled Experiments", KDD; as
// scipy.stats.chisquare(observed, f_exp)). A mismatch means the assignment or the logging
// is broken and the lift cannot be trusted, whatever its p-value.
import { chiSquareCdf } from './distributions.js';

export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  /** The threshold: 0.001 by default, as in GrowthBook and Fabijan et al. */
  threshold: number;
  ok: boolean;
  observed: Record<string, number>;
  expected: Record<string, number>;
}

/** `planned` are weights per arm (any positive scale: 50/50, 0.2/0.8, 1/1/2). */
export function sampleRatioMismatch(observed: Record<string, number>, planned: Record<string, number>, threshold = 0.001): SrmResult {
  const arms = Object.keys(observed);
  const total = arms.reduce((s, a) => s + (observed[a] ?? 0), 0);
  const weightSum = arms.reduce((s, a) => s + (planned[a] ?? 0), 0);
  const expected: Record<string, number> = {};
  let chiSquare = 0;
  for (const arm of arms) {
    const e = (total * (planned[arm] ?? 0)) / weightSum;
    expected[arm] = e;
    chiSquare += ((observed[arm] ?? 0) - e) ** 2 / e;
  }
  const df = arms.length - 1;
  const pValue = 1 - chiSquareCdf(chiSquare, df);
  return { chiSquare, df, pValue, threshold, ok: pValue >= threshold, observed, expected };
}
