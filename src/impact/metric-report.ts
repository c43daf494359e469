// The snake_case report of one metric in one treatment arm (part of the documented JSON
// interface of `traction experiment analyze`). Numbers that cannot be computed are null
// with a reason, never NaN.
import { moments, type MetricSums } from './arm-statistics.js';
import type { Interval } from './inference.js';
import { improved, type Method, type MetricOutcome } from './metric-analysis.js';

export interface ArmSummary {
  n: number;
  mean: number;
  sd: number;
}

export interface LiftReport {
  lift: number;
  se: number;
  ci: Interval;
  p_value: number;
}

export interface MetricReport {
  metric: string;
  kpi: string | null;
  role: 'primary' | 'guardrail';
  direction: 'up' | 'down';
  arm: string;
  method: Method;
  control: ArmSummary;
  treatment: ArmSummary;
  df: number | null;
  absolute: LiftReport | null;
  relative: LiftReport | null;
  relative_missing: string | null;
  cuped: { theta: number; variance_reduction: number } | null;
  sequential: { absolute_ci: Interval; relative_ci: Interval | null; p_value: number } | null;
  /** The p-value the decision uses (sequential when on), before and after correction. */
  p_value: number | null;
  adjusted_p_value: number | null;
  significant: boolean;
  improved: boolean;
  guardrail: { margin: number; p_harm: number; p_non_inferiority: number | null; regressed: boolean; reason: string } | null;
  degenerate: string | null;
}

function summary(s: MetricSums): ArmSummary {
  const m = moments(s);
  return { n: m.n, mean: m.mean, sd: Math.sqrt(m.variance) };
}

export function metricReport(o: MetricOutcome, adjusted: number | null, alpha: number): MetricReport {
  const c = o.comparison;
  const lift = (i: NonNullable<typeof c>['absolute'] | null | undefined): LiftReport | null =>
    i ? { lift: i.estimate, se: i.se, ci: i.ci, p_value: i.pValue } : null;
  const g = o.guardrail;
  return {
    metric: o.spec.metric,
    kpi: o.spec.kpi,
    role: o.spec.role,
    direction: o.spec.direction,
    arm: o.arm,
    method: o.method,
    control: summary(o.control),
    treatment: summary(o.treatment),
    df: c ? (Number.isFinite(c.absoluteEstimate.df) ? c.absoluteEstimate.df : null) : null,
    absolute: lift(c?.absolute),
    relative: lift(c?.relative),
    relative_missing: c?.relativeMissing ?? null,
    cuped: o.cuped ? { theta: o.cuped.theta, variance_reduction: o.cuped.varianceReduction } : null,
    sequential: o.sequential ? { absolute_ci: o.sequential.absolute.ci, relative_ci: o.sequential.relativeCi, p_value: o.sequential.absolute.pValue } : null,
    p_value: o.pValue,
    adjusted_p_value: adjusted,
    significant: adjusted !== null && adjusted < alpha,
    improved: c ? improved(o.spec, c.absolute) : false,
    guardrail: g ? { margin: g.margin, p_harm: g.pHarm, p_non_inferiority: g.pNonInferiority, regressed: g.regressed, reason: g.reason } : null,
    degenerate: o.degenerate,
  };
}
