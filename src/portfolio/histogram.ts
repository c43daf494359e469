// Equal-width histogram of a sorted sample (the NPV distribution the dashboard draws and the
// CLI prints). Bins are [edge_i, edge_i+1) except the last, which includes the maximum: the
// convention of numpy.histogram (numpy.org/doc/stable/reference/generated/numpy.histogram.html).

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export function histogram(sorted: ArrayLike<number>, bins: number): HistogramBin[] {
  const n = sorted.length;
  if (n === 0 || bins < 1) return [];
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  // A constant sample gets one unit-wide range, as numpy does (lo - 0.5, hi + 0.5).
  const [from, to] = hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
  const step = (to - from) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((sorted[i]! - from) / step))]! += 1;
  return counts.map((count, b) => ({ from: from + b * step, to: b === bins - 1 ? to : from + (b + 1) * step, count }));
}
