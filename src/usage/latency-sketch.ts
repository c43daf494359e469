// A mergeable quantile sketch with a relative-error guarantee: DDSketch (Masson, Rim, Lee,
// "DDSketch: A Fast and Fully-Mergeable Quantile Sketch with Relative-Error Guarantees",
// VLDB 2019), with the logarithmic index mapping and unbounded buckets. A value x > 0 falls
// in bucket i = ceil(log_gamma x), gamma = (1 + alpha) / (1 - alpha); the bucket's estimate
// 2 gamma^i / (gamma + 1) is within relative error alpha of every value in it. So the
// quantile at rank floor(q (n - 1)) is answered within alpha of the exact order statistic
// (the paper's Theorem 3), and merging two sketches is adding their bucket counts, exact.
// Latencies from 1 us to 1 hour at alpha = 1% need at most 1,101 buckets, so no collapsing.

/** Relative accuracy of every stored quantile: 1%. */
export const SKETCH_RELATIVE_ERROR = 0.01;

/** Values at or below this (ms) count as zero: no latency here is measured finer. */
const MIN_VALUE = 1e-3;

export interface SketchData {
  /** Relative accuracy the buckets were made for (sketches merge only at the same one). */
  alpha: number;
  zeros: number;
  /** Bucket index -> count. */
  buckets: Record<string, number>;
}

export class LatencySketch {
  private readonly logGamma: number;
  private readonly gamma: number;
  private zeros = 0;
  private readonly buckets = new Map<number, number>();
  count = 0;

  constructor(readonly alpha = SKETCH_RELATIVE_ERROR) {
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
  }

  add(value: number, times = 1): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.count += times;
    if (value <= MIN_VALUE) {
      this.zeros += times;
      return;
    }
    const i = Math.ceil(Math.log(value) / this.logGamma);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + times);
  }

  merge(other: LatencySketch | SketchData): void {
    if (other instanceof LatencySketch) {
      // Bucket by bucket, without the stored form (ingest merges every batch's sketches).
      if (other.alpha !== this.alpha) throw new Error(`cannot merge a sketch of accuracy ${other.alpha} into one of ${this.alpha}`);
      this.zeros += other.zeros;
      this.count += other.count;
      for (const [i, n] of other.buckets) this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
      return;
    }
    const data = other;
    if (data.alpha !== this.alpha) throw new Error(`cannot merge a sketch of accuracy ${data.alpha} into one of ${this.alpha}`);
    this.zeros += data.zeros;
    this.count += data.zeros;
    for (const [k, n] of Object.entries(data.buckets)) {
      const i = Number(k);
      this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
      this.count += n;
    }
  }

  /** The q-quantile (0..1): within alpha of the sorted values' element at floor(q (n - 1)); null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.floor(q * (this.count - 1));
    let seen = this.zeros;
    if (rank < seen) return 0;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i)!;
      if (rank < seen) return (2 * Math.pow(this.gamma, i)) / (this.gamma + 1);
    }
    return null; // unreachable: the counts add up to count
  }

  toData(): SketchData {
    return { alpha: this.alpha, zeros: this.zeros, buckets: Object.fromEntries(this.buckets) };
  }

  static fromData(data: SketchData): LatencySketch {
    const s = new LatencySketch(data.alpha);
    s.merge(data);
    return s;
  }
}

/** p50, p90, p99 of a sketch, or null when it holds nothing. */
export function sketchQuantiles(s: LatencySketch): { p50: number; p90: number; p99: number } | null {
  if (s.count === 0) return null;
  return { p50: s.quantile(0.5)!, p90: s.quantile(0.9)!, p99: s.quantile(0.99)! };
}
