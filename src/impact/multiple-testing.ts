// Corrections when several KPIs (or several treatment arms) are tested at once, as
// statsmodels.stats.multitest.multipletests: Holm's step-down family-wise error control
// (Holm 1979, Scand. J. Statist. 6) and Benjamini-Hochberg's false discovery rate control
// (Benjamini & Hochberg 1995, JRSS B 57). Both return adjusted p-values in input order.

export type Correction = 'holm' | 'bh' | 'none';

export function adjustPValues(pValues: readonly number[], method: Correction): number[] {
  if (method === 'none') return [...pValues];
  return method === 'holm' ? holm(pValues) : benjaminiHochberg(pValues);
}

/** Holm: sort ascending, p_(i) * (m - i) for i = 0..m-1, running maximum, capped at 1. */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, p * (m - rank)));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Benjamini-Hochberg: sort descending, p_(i) * m / i, running minimum from the largest, capped at 1. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach(({ p, i }, k) => {
    const rank = m - k; // 1-based rank in ascending order
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = Math.min(1, running);
  });
  return adjusted;
}
