// Seeded randomness for the example-data generator. Two kinds of source, both pure-rand
// xoroshiro128+ underneath:
// - a *stream* per table, consumed row after row (the order of rows is fixed, so the
//   output is byte-identical for a seed);
// - a *keyed* source per entity (company i, product k), so every table that mentions
//   company i sees the same country, name and postcode without keeping rows in memory.
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few integers (order matters). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32(h ^ fmix32((p | 0) + 0x7f4a7c15));
  return h;
}

/** A stable number for a stream name, so streams are independent of their declaration order. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Random {
  private constructor(private readonly gen: RandomGenerator) {}

  /** The row stream of one table. */
  static stream(seed: number, name: string): Random {
    return Random.fromKey(seed, streamId(name), 0);
  }

  /** The attributes of one entity: same seed, kind and index give the same values. */
  static keyed(seed: number, kind: string, index: number): Random {
    return Random.fromKey(seed, streamId(kind), index);
  }

  private static fromKey(seed: number, stream: number, index: number): Random {
    // xoroshiro128plus(seed) starts from a weakly mixed state; hashing all four words
    // keeps neighbouring indices from producing correlated first draws.
    const state: number[] = [hash32(seed, stream, index, 1), hash32(seed, stream, index, 2), hash32(seed, stream, index, 3), hash32(seed, stream, index, 4)];
    if (!state.some((s) => s !== 0)) state[0] = 1; // the all-zero state is a fixed point
    return new Random(xoroshiro128plusFromState(state.map((s) => s | 0)));
  }

  /** Uniform in [0, 1) with 32 bits of resolution (plenty for synthetic data). */
  float(): number {
    return (this.gen.next() >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.float();
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Standard normal by Box-Muller (one of the pair is discarded to keep the stream simple). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Log-normal with the given median and log-scale spread. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** An index in [0, n) skewed to small values: share u^power (a few big customers, a long tail). */
  skewed(n: number, power: number): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.float(), power)));
  }
}

/** Picks from weighted choices with one draw; build once, call per row. */
export function weighted<T>(choices: readonly (readonly [T, number])[]): (r: Random) => T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of choices) cumulative.push((acc += w / total));
  const values = choices.map(([v]) => v);
  return (r) => {
    const u = r.float();
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return values[i] as T;
    return values[values.length - 1] as T;
  };
}
