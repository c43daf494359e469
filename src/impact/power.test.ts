// Planning against statsmodels NormalIndPower: sample size, detectable effect and power.
import { describe, expect, it } from 'vitest';
import { expectClose, REFERENCE } from '../../test/reference/impact/reference.js';
import { controlSampleSize, minimumDetectableEffect, planExperiment, powerAt, type PowerSettings } from './power.js';

const settings = (r: (typeof REFERENCE.power)[number]): PowerSettings => ({
  alpha: r.alpha,
  power: r.power,
  sd: 1,
  ratio: r.ratio,
  alternative: r.alternative === 'two-sided' ? 'two-sided' : 'one-sided',
});

describe('power and sample size', () => {
  for (const r of REFERENCE.power)
    it(`matches statsmodels: effect ${r.effect_size}, n1 ${r.nobs1}, ratio ${r.ratio}, ${r.alternative}`, () => {
      const s = settings(r);
      const p01 = r['power_at_0.1'];
      if (p01 === undefined) expectClose(controlSampleSize(r.effect_size, s), r.nobs1, 'control units');
      else {
        expectClose(minimumDetectableEffect(r.nobs1, s), r.effect_size, 'detectable effect');
        expectClose(powerAt(0.1, r.nobs1, s), p01, 'power at effect 0.1');
      }
    });

  it('plans whole units and a duration from traffic, in metric units', () => {
    // sd 4 minutes, detect 0.8 minutes (effect size 0.2): 392.44 -> 393 per arm.
    const plan = planExperiment({ alpha: 0.05, power: 0.8, sd: 4, ratio: 1, alternative: 'two-sided' }, { mde: 0.8 }, 10, 50);
    expect(plan).toMatchObject({ control_units: 393, treatment_units: 393, total_units: 786, days: 16, mde_relative: 0.08 });
    const back = planExperiment({ alpha: 0.05, power: 0.8, sd: 4, ratio: 1, alternative: 'two-sided' }, { totalUnits: 786 }, 10, null);
    expect(back.mde_absolute).toBeLessThan(0.8);
    expect(back.mde_absolute).toBeGreaterThan(0.79);
  });

  it('refuses a zero effect', () => {
    expect(() => controlSampleSize(0, { alpha: 0.05, power: 0.8, sd: 1, ratio: 1, alternative: 'two-sided' })).toThrow(/non-zero/);
  });
});
