// Planning a pilot: the sample size (and so the duration) needed to detect a minimum
// detectable effect with a given power, or the effect detectable with a given sample.
// Normal approximation for two independent means with allocation ratio k = n_t / n_c,
// as statsmodels NormalIndPower (power counts both rejection tails):
//   power(δ, n_c) = Φ(δ/σ·√n_eff − z) + Φ(−δ/σ·√n_eff − z),  n_eff = 1 / (1/n_c + 1/(k·n_c)),
// with z = Φ⁻¹(1 − α/2) two-sided, Φ⁻¹(1 − α) one-sided (then only the first term).
// Cohen 1988, Statistical Power Analysis for the Behavioral Sciences, ch. 2; for rates
// σ = sqrt(p(1 − p)) at the baseline rate.
import { normalCdf, normalQuantile } from './distributions.js';

export interface PowerSettings {
  alpha: number;
  power: number;
  /** Standard deviation of the metric per unit. */
  sd: number;
  /** Treatment units per control unit (1 for a 50/50 split). */
  ratio: number;
  alternative: 'two-sided' | 'one-sided';
}

export function powerAt(effect: number, nControl: number, s: PowerSettings): number {
  const nEff = 1 / (1 / nControl + 1 / (s.ratio * nControl));
  const crit = normalQuantile(s.alternative === 'two-sided' ? 1 - s.alpha / 2 : 1 - s.alpha);
  const shift = (Math.abs(effect) / s.sd) * Math.sqrt(nEff);
  return normalCdf(shift - crit) + (s.alternative === 'two-sided' ? normalCdf(-shift - crit) : 0);
}

/** Bisection for the x in [lo, hi] where an increasing f crosses `target`, to ~1e-12 relative. */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  while (f(hi) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Control units needed (continuous; round up for a plan) to detect `effect` (absolute). */
export function controlSampleSize(effect: number, s: PowerSettings): number {
  if (!(Math.abs(effect) > 0)) throw new RangeError('the minimum detectable effect must be non-zero');
  return solveIncreasing((n) => powerAt(effect, n, s), s.power, 1e-9, 1);
}

/** Smallest absolute effect detected with the given power when the control arm has `nControl` units. */
export function minimumDetectableEffect(nControl: number, s: PowerSettings): number {
  return solveIncreasing((d) => powerAt(d, nControl, s), s.power, 0, s.sd);
}

export interface Plan {
  alpha: number;
  power: number;
  alternative: PowerSettings['alternative'];
  sd: number;
  baseline_mean: number | null;
  mde_absolute: number;
  mde_relative: number | null;
  control_units: number;
  treatment_units: number;
  total_units: number;
  /** Days until the sample is complete at the given traffic; null when no traffic was given. */
  days: number | null;
}

/**
 * Either `mde` (absolute effect) or `totalUnits` must be given. Sample sizes are whole units,
 * rounded up per arm so the plan reaches at least the requested power.
 */
export function planExperiment(
  s: PowerSettings,
  target: { mde: number } | { totalUnits: number },
  baselineMean: number | null,
  unitsPerDay: number | null,
): Plan {
  let nc: number;
  let nt: number;
  let mde: number;
  if ('mde' in target) {
    mde = Math.abs(target.mde);
    nc = Math.ceil(controlSampleSize(mde, s) - 1e-9);
    nt = Math.ceil(nc * s.ratio - 1e-9);
  } else {
    mde = minimumDetectableEffect(target.totalUnits / (1 + s.ratio), s);
    nc = Math.round(target.totalUnits / (1 + s.ratio));
    nt = target.totalUnits - nc;
  }
  const total = nc + nt;
  return {
    alpha: s.alpha,
    power: s.power,
    alternative: s.alternative,
    sd: s.sd,
    baseline_mean: baselineMean,
    mde_absolute: mde,
    mde_relative: baselineMean ? mde / Math.abs(baselineMean) : null,
    control_units: nc,
    treatment_units: nt,
    total_units: total,
    days: unitsPerDay ? Math.ceil(total / unitsPerDay) : null,
  };
}
