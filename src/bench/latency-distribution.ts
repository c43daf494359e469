// The mock server's latency distributions, each described by its median and 99th
// percentile in milliseconds, with the exact quantile function: the "truth" the accuracy
// tests compare the bench's reported percentiles with.
import { normalQuantile } from './normal-quantile.js';
import { standardNormal, type Random } from './random.js';

export const LATENCY_DISTRIBUTIONS = ['constant', 'lognormal', 'normal', 'exponential', 'uniform'] as const;
export type LatencyDistributionKind = (typeof LATENCY_DISTRIBUTIONS)[number];

export interface LatencyDistribution {
  kind: LatencyDistributionKind;
  /** A draw in milliseconds (never negative). */
  sample(random: Random): number;
  /** The exact p-quantile in milliseconds, p in (0, 1). */
  quantile(p: number): number;
}

const Z99 = normalQuantile(0.99);

/**
 * `p50` is the median; `p99` the 99th percentile (ignored by constant and exponential, whose
 * shape fixes it). Lognormal: ln X ~ N(ln p50, sigma) with sigma = ln(p99/p50) / z_0.99.
 * Normal: sd = (p99 - p50) / z_0.99, draws below 0 are clamped to 0 (so keep p50 >> sd).
 * Exponential: rate = ln 2 / p50 (median of Exp(rate) is ln 2 / rate).
 * Uniform: on [p50 - h, p50 + h] with h = (p99 - p50) / 0.98, clamped to start at 0.
 */
export function latencyDistribution(kind: LatencyDistributionKind, p50: number, p99: number = p50 * 2): LatencyDistribution {
  if (!(p50 >= 0)) throw new RangeError(`latency p50 must be >= 0 ms, got ${p50}`);
  if (kind !== 'constant' && kind !== 'exponential' && !(p99 >= p50)) throw new RangeError(`latency p99 (${p99}) must be >= p50 (${p50})`);
  switch (kind) {
    case 'constant':
      return { kind, sample: () => p50, quantile: () => p50 };
    case 'lognormal': {
      const mu = Math.log(p50);
      const sigma = p50 > 0 ? Math.log(p99 / p50) / Z99 : 0;
      return { kind, sample: (r) => Math.exp(mu + sigma * standardNormal(r)), quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)) };
    }
    case 'normal': {
      const sd = (p99 - p50) / Z99;
      return { kind, sample: (r) => Math.max(0, p50 + sd * standardNormal(r)), quantile: (p) => Math.max(0, p50 + sd * normalQuantile(p)) };
    }
    case 'exponential': {
      const rate = Math.LN2 / p50;
      return { kind, sample: (r) => -Math.log(1 - r()) / rate, quantile: (p) => -Math.log(1 - p) / rate };
    }
    case 'uniform': {
      const h = (p99 - p50) / 0.98;
      const lo = Math.max(0, p50 - h);
      const hi = p50 + h;
      return { kind, sample: (r) => lo + (hi - lo) * r(), quantile: (p) => lo + (hi - lo) * p };
    }
  }
}
