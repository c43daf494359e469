// Guardrail KPIs: "the pilot must not make this worse". Two one-sided questions:
// - harm: did it get significantly worse? One-sided Welch test on the absolute lift
//   (as scipy.stats.ttest_ind(equal_var=False, alternative="less"/"greater")).
// - non-inferiority, when a margin m > 0 is given: can we rule out that it got worse by
//   more than m (relative to control)? One-sided test of H0: lift <= -m (or >= +m when
//   lower is better) on the delta-method relative lift, as gbstats' one-sided t-tests with
//   test_value = -m (Schumi & Wittes 2011, "Through the looking glass: understanding
//   non-inferiority", Trials 12:106).
// Without a margin a guardrail regresses when harm is significant; with a margin it
// regresses unless non-inferiority is shown, which is the stricter, standard reading.
import { pGreater, pLess, type Estimate } from './inference.js';

export type Direction = 'up' | 'down';

export interface GuardrailResult {
  margin: number;
  /** One-sided p-value for "got worse" (H0: not worse). */
  pHarm: number;
  /** One-sided p-value for H0 "worse by at least the margin"; null without a margin or a relative lift. */
  pNonInferiority: number | null;
  regressed: boolean;
  reason: string;
}

export function guardrailTest(
  absolute: Estimate,
  relative: Estimate | null,
  direction: Direction,
  margin: number,
  alpha: number,
): GuardrailResult {
  const pHarm = direction === 'up' ? pLess(absolute) : pGreater(absolute);
  if (margin > 0 && relative) {
    const pNonInferiority = direction === 'up' ? pGreater(relative, -margin) : pLess(relative, margin);
    const regressed = pNonInferiority >= alpha;
    const pct = `${+(margin * 100).toFixed(4)}%`;
    return {
      margin,
      pHarm,
      pNonInferiority,
      regressed,
      reason: regressed ? `cannot rule out a loss larger than the ${pct} margin` : `non-inferior within the ${pct} margin`,
    };
  }
  const regressed = pHarm < alpha;
  return {
    margin,
    pHarm,
    pNonInferiority: null,
    regressed,
    reason: regressed ? 'significantly worse than control' : 'no significant harm',
  };
}
