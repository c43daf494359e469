// One metric, one treatment arm against control: picks the method (proportion, CUPED or
// Welch), runs it, and adds the guardrail and sequential readings. The verdict across
// metrics and arms is made in experiment-analysis.ts.
import { moments } from './arm-statistics.js';
import { cuped } from './cuped.js';
import { ExperimentInputError, type MetricData } from './experiment-data.js';
import { guardrailTest, type Direction, type GuardrailResult } from './guardrail.js';
import type { Estimate, Inference, Interval } from './inference.js';
import { proportionTest } from './proportion.js';
import { sequentialInference, type SequentialInference } from './sequential.js';
import { welch, type Comparison } from './welch.js';

export type Method = 'welch' | 'cuped' | 'proportion';

export interface MetricSpec {
  metric: string;
  role: 'primary' | 'guardrail';
  direction: Direction;
  /** The use case KPI this metric measures, when known. */
  kpi: string | null;
  /** 'auto': proportion for 0/1 metrics, CUPED when covariate sums are present, else Welch. */
  method: Method | 'auto';
}

export interface AnalysisSettings {
  alpha: number;
  /** Non-inferiority margin for guardrails, relative to control (0.02 = 2 %). */
  margin: number;
  /** Confidence sequences instead of fixed-horizon intervals (tuning N*), or null. */
  sequentialTuningN: number | null;
}

export interface MetricOutcome {
  spec: MetricSpec;
  arm: string;
  method: Method;
  control: MetricData;
  treatment: MetricData;
  comparison: Comparison | null;
  degenerate: string | null;
  cuped: { theta: number; varianceReduction: number } | null;
  sequential: { absolute: SequentialInference; relativeCi: Interval | null } | null;
  guardrail: GuardrailResult | null;
  /** The p-value the decision uses: sequential when on, else the fixed-horizon Welch/z test. */
  pValue: number | null;
}

function chooseMethod(spec: MetricSpec, c: MetricData, t: MetricData): Method {
  if (spec.method !== 'auto') return spec.method;
  if (c.covariate && t.covariate) return 'cuped';
  return c.binary && t.binary ? 'proportion' : 'welch';
}

export function analyseMetric(spec: MetricSpec, arm: string, c: MetricData, t: MetricData, s: AnalysisSettings): MetricOutcome {
  const method = chooseMethod(spec, c, t);
  const base = { spec, arm, method, control: c, treatment: t, cuped: null, sequential: null, guardrail: null };
  let outcome;
  let cupedInfo = null;
  if (method === 'cuped') {
    if (!c.covariate || !t.covariate) throw new ExperimentInputError(`CUPED needs a pre-period covariate for metric "${spec.metric}"`);
    const r = cuped(c, t, s.alpha);
    if ('degenerate' in r) return { ...base, comparison: null, degenerate: r.degenerate, pValue: null };
    cupedInfo = { theta: r.theta, varianceReduction: r.varianceReduction };
    outcome = r.comparison;
  } else outcome = method === 'proportion' ? proportionTest(c, t, s.alpha) : welch(moments(c), moments(t), s.alpha);
  if (!outcome.ok) return { ...base, cuped: cupedInfo, comparison: null, degenerate: outcome.degenerate, pValue: null };
  const cmp = outcome.value;
  const sequential = s.sequentialTuningN === null ? null : sequentialReading(cmp, c.n + t.n, s.alpha, s.sequentialTuningN);
  const guardrail = spec.role === 'guardrail' ? guardrailTest(cmp.absoluteEstimate, cmp.relativeEstimate, spec.direction, s.margin, s.alpha) : null;
  return {
    ...base,
    cuped: cupedInfo,
    comparison: cmp,
    degenerate: null,
    sequential,
    guardrail,
    pValue: sequential ? sequential.absolute.pValue : cmp.absolute.pValue,
  };
}

function sequentialReading(cmp: Comparison, n: number, alpha: number, tuningN: number) {
  const absolute = sequentialInference(cmp.absoluteEstimate, n, alpha, tuningN);
  const rel: Estimate | null = cmp.relativeEstimate;
  return { absolute, relativeCi: rel ? sequentialInference(rel, n, alpha, tuningN).ci : null };
}

/** Whether the treatment moved the metric the good way (by its point estimate). */
export function improved(spec: MetricSpec, i: Inference): boolean {
  return spec.direction === 'up' ? i.estimate > 0 : i.estimate < 0;
}
