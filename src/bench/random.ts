// Seeded randomness for the bench: Poisson arrivals, synthetic prompts and the mock's
// latencies all draw from here, so a run with the same --seed replays the same sequence.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(rng);
}

/** Exponential inter-arrival time for a Poisson process of `rate` events per unit (inverse CDF). */
export function exponential(random: Random, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

/** Standard normal by Box-Muller (Box & Muller 1958); `1 - u` keeps the log argument in (0, 1]. */
export function standardNormal(random: Random): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
