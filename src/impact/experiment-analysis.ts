// A pilot experiment's analysis: sample-ratio check, every metric of every treatment arm
// against control, multiple-testing correction across the primary tests, guardrails, and
// one verdict. The report is snake_case JSON: an interface scripts consume (docs/impact.md).
import { ExperimentInputError, type ArmData, type ExperimentData } from './experiment-data.js';
import { adjustPValues, type Correction } from './multiple-testing.js';
import { analyseMetric, type AnalysisSettings, type MetricOutcome, type MetricSpec } from './metric-analysis.js';
import { metricReport, type MetricReport } from './metric-report.js';
import { sampleRatioMismatch } from './srm.js';

export interface ExperimentOptions extends AnalysisSettings {
  control: string;
  /** Planned share per arm (any positive scale); equal shares when omitted. */
  plannedSplit: Record<string, number> | null;
  correction: Correction;
  srmThreshold: number;
}

export type Verdict = 'positive' | 'negative' | 'inconclusive' | 'invalid';

export interface ExperimentReport {
  alpha: number;
  control: string;
  correction: Correction;
  sequential: { tuning_n: number } | null;
  non_inferiority_margin: number;
  arms: { arm: string; units: number; planned_share: number }[];
  srm: { ok: boolean; p_value: number; chi_square: number; df: number; threshold: number; expected: Record<string, number> };
  metrics: MetricReport[];
  verdict: Verdict;
  reasons: string[];
}

export function analyseExperiment(input: ExperimentData, specs: MetricSpec[], o: ExperimentOptions): ExperimentReport {
  const control = checkArms(input, specs, o);
  // Control first, then the treatments in the order they appeared.
  const data = { arms: [control, ...input.arms.filter((a) => a !== control)] };
  const planned = o.plannedSplit ?? Object.fromEntries(data.arms.map((a) => [a.arm, 1]));
  const srm = sampleRatioMismatch(Object.fromEntries(data.arms.map((a) => [a.arm, a.units])), planned, o.srmThreshold);
  const outcomes: MetricOutcome[] = [];
  for (const arm of data.arms.filter((a) => a !== control))
    for (const spec of specs) outcomes.push(analyseMetric(spec, arm.arm, metricOf(control, spec), metricOf(arm, spec), o));

  // The family: every primary test that produced a p-value. Guardrails are left
  // uncorrected on purpose: correcting would make a harm harder to flag.
  const family = outcomes.filter((m) => m.spec.role === 'primary' && m.pValue !== null);
  const adjusted = adjustPValues(family.map((m) => m.pValue as number), o.correction);
  const adjustedOf = new Map(family.map((m, i) => [m, adjusted[i] as number]));
  const metrics = outcomes.map((m) => metricReport(m, adjustedOf.get(m) ?? m.pValue, o.alpha));
  const weightSum = Object.values(planned).reduce((a, b) => a + b, 0);
  return {
    alpha: o.alpha,
    control: o.control,
    correction: o.correction,
    sequential: o.sequentialTuningN === null ? null : { tuning_n: o.sequentialTuningN },
    non_inferiority_margin: o.margin,
    arms: data.arms.map((a) => ({ arm: a.arm, units: a.units, planned_share: (planned[a.arm] ?? 0) / weightSum })),
    srm: { ok: srm.ok, p_value: srm.pValue, chi_square: srm.chiSquare, df: srm.df, threshold: srm.threshold, expected: srm.expected },
    metrics,
    ...verdictOf(srm.ok, srm.pValue, metrics),
  };
}

function metricOf(arm: ArmData, spec: MetricSpec) {
  const m = arm.metrics[spec.metric];
  if (!m) throw new ExperimentInputError(`arm "${arm.arm}" has no values for metric "${spec.metric}"`);
  return m;
}

function checkArms(data: ExperimentData, specs: MetricSpec[], o: ExperimentOptions): ArmData {
  const names = data.arms.map((a) => a.arm);
  const control = data.arms.find((a) => a.arm === o.control);
  if (!control) throw new ExperimentInputError(`control arm "${o.control}" is missing; arms found: ${names.join(', ') || 'none'}`);
  if (data.arms.length < 2) throw new ExperimentInputError(`only the control arm "${o.control}" is present; a treatment arm is missing`);
  if (specs.length === 0) throw new ExperimentInputError('no metric to analyse');
  if (o.plannedSplit) {
    const planned = Object.keys(o.plannedSplit);
    const missing = names.filter((n) => !(n in o.plannedSplit!));
    const extra = planned.filter((n) => !names.includes(n));
    if (missing.length || extra.length)
      throw new ExperimentInputError(`the planned split names arms ${planned.join(', ')} but the data has ${names.join(', ')}`);
    if (Object.values(o.plannedSplit).some((w) => !(w > 0))) throw new ExperimentInputError('every planned share must be positive');
  }
  for (const arm of data.arms)
    for (const spec of specs) {
      const m = metricOf(arm, spec);
      if (m.n < 2)
        throw new ExperimentInputError(`arm "${arm.arm}" has ${m.n} unit${m.n === 1 ? '' : 's'} with metric "${spec.metric}"; at least 2 per arm are needed to estimate a variance`);
    }
  return control;
}

function verdictOf(srmOk: boolean, srmP: number, metrics: MetricReport[]): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  if (!srmOk) {
    reasons.push(`sample-ratio mismatch (p = ${srmP.toPrecision(3)}): the split differs from the plan, so assignment or logging is broken and no lift can be trusted`);
    return { verdict: 'invalid', reasons };
  }
  const primaries = metrics.filter((m) => m.role === 'primary');
  const worse = primaries.filter((m) => m.significant && !m.improved);
  const better = primaries.filter((m) => m.significant && m.improved);
  const regressed = metrics.filter((m) => m.guardrail?.regressed);
  for (const m of worse) reasons.push(`${m.metric} (${m.arm}): significantly worse`);
  for (const m of regressed) reasons.push(`${m.metric} (${m.arm}): guardrail regressed: ${m.guardrail?.reason}`);
  for (const m of better) reasons.push(`${m.metric} (${m.arm}): significantly better`);
  for (const m of metrics.filter((x) => x.degenerate)) reasons.push(`${m.metric} (${m.arm}): no test: ${m.degenerate}`);
  if (worse.length || regressed.length) return { verdict: 'negative', reasons };
  if (better.length) return { verdict: 'positive', reasons };
  if (primaries.length) reasons.push('no primary metric moved significantly');
  return { verdict: 'inconclusive', reasons };
}
