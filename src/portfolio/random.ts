// The seeded random source every simulation takes as an argument, so a run is
// reproducible from its seed and tests can replay it.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

export interface Random {
  /** Uniform on [0, 1), 53 bits. */
  uniform(): number;
}

/** xoroshiro128+ (Blackman & Vigna 2018) via pure-rand, seeded with a 32-bit integer. */
export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0);
  return { uniform: () => uniformFloat64(rng) };
}
