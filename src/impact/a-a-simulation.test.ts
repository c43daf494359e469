// 2,000 simulated A/A experiments (no true effect), seeded: the fixed-horizon Welch test
// rejects about alpha of them; confidence sequences stay under alpha even when every
// experiment is looked at 10 times, while peeking at the fixed test inflates the rate.
// Units are folded into sufficient statistics as they are drawn, so this takes well
// under a second.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { describe, expect, it } from 'vitest';
import { addUnit, emptySums, moments, type MetricSums } from './arm-statistics.js';
import { sequentialInference } from './sequential.js';
import { welch } from './welch.js';

const EXPERIMENTS = 2000;
const ALPHA = 0.05;

/** Standard normal draws by the Box-Muller transform (Box & Muller 1958). */
function normalSource(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - uniformFloat64(rng);
    const v = uniformFloat64(rng);
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

function draw(s: MetricSums, n: number, next: () => number) {
  for (let i = 0; i < n; i++) addUnit(s, 10 + 3 * next());
}

describe('A/A simulation', () => {
  it('fixed-horizon Welch: false-positive rate within [3.5%, 6.5%] at alpha 0.05', () => {
    const next = normalSource(42);
    let rejections = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      const a = emptySums(false);
      const b = emptySums(false);
      draw(a, 200, next);
      draw(b, 200, next);
      const out = welch(moments(a), moments(b), ALPHA);
      if (out.ok && out.value.absolute.pValue < ALPHA) rejections += 1;
    }
    const rate = rejections / EXPERIMENTS;
    expect(rate).toBeGreaterThanOrEqual(0.035);
    expect(rate).toBeLessThanOrEqual(0.065);
  });

  it('sequential intervals keep it under 5% with 10 peeks; peeking at the fixed test does not', () => {
    const next = normalSource(7);
    let sequentialRejections = 0;
    let peekingRejections = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      const a = emptySums(false);
      const b = emptySums(false);
      let sequentialHit = false;
      let fixedHit = false;
      for (let look = 1; look <= 10; look++) {
        draw(a, 100, next);
        draw(b, 100, next);
        const out = welch(moments(a), moments(b), ALPHA);
        if (!out.ok) continue;
        const ci = sequentialInference(out.value.absoluteEstimate, a.n + b.n, ALPHA).ci;
        if (ci[0] > 0 || ci[1] < 0) sequentialHit = true;
        if (out.value.absolute.pValue < ALPHA) fixedHit = true;
      }
      if (sequentialHit) sequentialRejections += 1;
      if (fixedHit) peekingRejections += 1;
    }
    expect(sequentialRejections / EXPERIMENTS).toBeLessThan(0.05);
    // Ten looks at a fixed test reject far more often than 5% (about 19% in theory).
    expect(peekingRejections / EXPERIMENTS).toBeGreaterThan(0.1);
  });
});
