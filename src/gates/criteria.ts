// One evaluator per gate criterion kind, each reading the newest recorded evidence of the
// kind it needs. A kind without records is `no_evidence`, never `met`; a record whose payload
// does not fit the contract in src/domain/evidence.ts is not evidence.
import type { CriterionResult } from '../domain/decision.js';
import {
  benchmarkResultPayloadSchema,
  experimentResultPayloadSchema,
  kpiBaselinePayloadSchema,
  readinessRunPayloadSchema,
  rubricScorePayloadSchema,
  signoffPayloadSchema,
  type Evidence,
} from '../domain/evidence.js';
import type { Criterion, SignoffRole } from '../domain/stages.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { none, num, pct, ref, valid, type Verdict } from './evidence-records.js';
import { USAGE_EVALUATORS } from './usage-criteria.js';

export interface CriterionInput {
  useCase: UseCase;
  /** The target stage: sign-offs count only for this transition. */
  to: string;
  evidence: readonly Evidence[];
  roles: WorkspaceConfig['roles'];
  /** Risk-adjusted expected NPV of the business case; undefined when not computed. */
  expectedNpv: number | undefined;
  /** When the use case entered its current stage; older sign-offs belong to an earlier decision. */
  since: string | undefined;
}

export type Of<K extends Criterion['kind']> = Extract<Criterion, { kind: K }>;

function primaryKpi(u: UseCase) {
  return u.kpis.find((k) => k.role === 'primary');
}

const EVALUATORS: { [K in Criterion['kind']]: (c: Of<K>, input: CriterionInput) => Verdict } = {
  readiness_score(c, input) {
    const [latest] = valid(input, 'readiness_run', readinessRunPayloadSchema);
    if (!latest) return none('readiness_run', input, 'no readiness run recorded', `run the readiness checks on its datasets: traction data check --usecase ${input.useCase.id}`);
    const { p } = latest;
    const evidence = [ref(latest.e)];
    if (p.score >= c.min) return { status: 'met', detail: `readiness ${num(p.score)} >= ${c.min}`, evidence, next: '' };
    const weakest = Object.entries(p.dimensions).sort((a, b) => a[1] - b[1])[0];
    return {
      status: 'not_met',
      detail: `readiness ${num(p.score)} < ${c.min}, ${p.failed_checks} failed check(s)`,
      evidence,
      next: `fix the failing checks${weakest ? ` (weakest dimension: ${weakest[0]} ${num(weakest[1])})` : ''} and run readiness again`,
    };
  },

  kpi_baseline(c, input) {
    const required = c.kpis === 'all' ? input.useCase.kpis : input.useCase.kpis.filter((k) => k.role === 'primary');
    if (required.length === 0)
      return { status: 'not_met', detail: `the use case declares no ${c.kpis === 'all' ? '' : 'primary '}KPI`, evidence: [], next: 'declare its KPIs (role: primary) in its YAML file' };
    const all = valid(input, 'kpi_baseline', kpiBaselinePayloadSchema);
    const ids = required.map((k) => k.id).join(', ');
    if (all.length === 0) return none('kpi_baseline', input, 'no KPI baseline recorded', `record the baseline of ${ids} before the pilot starts`);
    const found = required.map((k) => ({ k, b: all.find((x) => x.p.kpi === k.id) }));
    const missing = found.filter((f) => !f.b).map((f) => f.k.id);
    const evidence = found.flatMap((f) => (f.b ? [ref(f.b.e)] : []));
    if (missing.length > 0)
      return { status: 'not_met', detail: `no baseline for ${missing.join(', ')}`, evidence, next: `record the baseline of ${missing.join(', ')}` };
    const text = found.map((f) => `${f.k.id} = ${num(f.b?.p.value ?? 0)} ${f.k.unit} at ${f.b?.p.at}`).join('; ');
    return { status: 'met', detail: `baseline recorded: ${text}`, evidence, next: '' };
  },

  experiment_verdict(c, input) {
    const kpi = primaryKpi(input.useCase);
    if (!kpi) return { status: 'not_met', detail: 'the use case declares no primary KPI', evidence: [], next: 'declare a KPI with role: primary in its YAML file' };
    const [latest] = valid(input, 'experiment_result', experimentResultPayloadSchema).filter((x) => x.p.kpi === kpi.id);
    if (!latest) return none('experiment_result', input, `no experiment result on ${kpi.id}`, `run the pilot as an experiment (treatment vs control) and analyse ${kpi.id}`);
    const { p } = latest;
    // The lift is (treatment - control) / control of the KPI as measured; for a KPI where
    // lower is better (direction: down) the improvement is the negative lift.
    const effect = kpi.direction === 'down' ? -p.relative_lift : p.relative_lift;
    const problems: string[] = [];
    if (!p.srm_ok) problems.push('sample ratio mismatch: the split is not as designed');
    if (!p.significant || p.p_value >= c.alpha) problems.push(`not significant (p = ${p.p_value.toFixed(4)}, alpha ${c.alpha})`);
    if (effect < c.min_effect) problems.push(`improvement ${pct(effect)} < minimum ${pct(c.min_effect)}`);
    const regressed = p.guardrails.filter((g) => g.regressed).map((g) => g.kpi);
    if (regressed.length > 0) problems.push(`guardrail regressed: ${regressed.join(', ')}`);
    const ci = `CI ${pct(p.relative_ci[0])}..${pct(p.relative_ci[1])}`;
    const evidence = [ref(latest.e)];
    if (problems.length === 0)
      return { status: 'met', detail: `${kpi.id} ${pct(p.relative_lift)} (${ci}, p = ${p.p_value.toFixed(4)}), no guardrail regressed`, evidence, next: '' };
    return { status: 'not_met', detail: `${kpi.id} ${pct(p.relative_lift)} (${ci}): ${problems.join('; ')}`, evidence, next: 'extend or redesign the experiment, or stop the pilot' };
  },

  rubric_score(c, input) {
    const [latest] = valid(input, 'rubric_score', rubricScorePayloadSchema);
    const how = `traction rubric ${input.useCase.id} --item ID --score 0|0.5|1`;
    if (!latest) return none('rubric_score', input, 'no ML Test Score rubric answered', `answer the 28 rubric items: ${how}`);
    const { p } = latest;
    const evidence = [ref(latest.e)];
    if (p.score >= c.min) return { status: 'met', detail: `ML Test Score ${num(p.score)} >= ${c.min}`, evidence, next: '' };
    const weakest = Object.entries(p.sections).sort((a, b) => a[1] - b[1])[0];
    return {
      status: 'not_met',
      detail: `ML Test Score ${num(p.score)} < ${c.min}${weakest ? ` (weakest section: ${weakest[0]} ${num(weakest[1])})` : ''}`,
      evidence,
      next: `raise the weakest section's tests (manual and documented 0.5, automated 1): ${how}`,
    };
  },

  benchmark_slo(c, input) {
    const [latest] = valid(input, 'benchmark_result', benchmarkResultPayloadSchema);
    if (!latest) return none('benchmark_result', input, 'no benchmark result recorded', `load-test the model service: traction bench run ... --usecase ${input.useCase.id}`);
    const { p } = latest;
    const fails: string[] = [];
    const facts: string[] = [];
    if (c.p95_ms !== undefined) (p.p95_ms <= c.p95_ms ? facts : fails).push(`p95 ${num(p.p95_ms)} ms ${p.p95_ms <= c.p95_ms ? '<=' : '>'} ${c.p95_ms}`);
    if (c.error_rate !== undefined)
      (p.error_rate <= c.error_rate ? facts : fails).push(`error rate ${pct(p.error_rate).slice(1)} ${p.error_rate <= c.error_rate ? '<=' : '>'} ${pct(c.error_rate).slice(1)}`);
    if (c.cost_per_1k_requests !== undefined) {
      const cost = p.cost_per_1k_requests;
      if (cost === null) fails.push('the benchmark did not measure cost per 1k requests');
      else (cost <= c.cost_per_1k_requests ? facts : fails).push(`cost ${num(cost)} per 1k ${cost <= c.cost_per_1k_requests ? '<=' : '>'} ${c.cost_per_1k_requests}`);
    }
    if (facts.length + fails.length === 0) (p.slo_met === true ? facts : fails).push(`benchmark SLO ${p.slo_met === null ? 'not given' : p.slo_met ? 'met' : 'missed'}`);
    const evidence = [ref(latest.e)];
    if (fails.length === 0) return { status: 'met', detail: facts.join(', '), evidence, next: '' };
    return { status: 'not_met', detail: fails.join(', '), evidence, next: 'improve the service (or its cost) and benchmark again' };
  },

  signoff(c, input) {
    const holders = (role: SignoffRole) => input.roles[role] ?? [];
    const relevant = valid(input, 'signoff', signoffPayloadSchema).filter(
      (x) => x.p.to_stage === input.to && (input.since === undefined || x.e.recordedAt >= input.since),
    );
    const ask = (roles: SignoffRole[]) =>
      roles
        .map((r) => (holders(r).length > 0 ? `traction signoff ${input.useCase.id} --role ${r} --as ${holders(r).join('|')}` : `nobody holds ${r}: add it under roles in traction.yaml`))
        .join('; ');
    if (relevant.length === 0) return { ...none('signoff', input, `no sign-off recorded for -> ${input.to}`, ask(c.roles)), waitingFor: c.roles };
    // The newest sign-off per role by someone who holds the role today counts.
    const byRole = c.roles.map((role) => ({ role, s: relevant.find((x) => x.p.role === role && holders(role).includes(x.p.person)) }));
    const evidence = byRole.flatMap((b) => (b.s ? [ref(b.s.e)] : []));
    const text = byRole.map((b) => `${b.role}: ${b.s ? `${b.s.p.decision === 'approve' ? 'approved' : 'rejected'} by ${b.s.p.person}` : 'missing'}`).join(', ');
    const missing = byRole.filter((b) => !b.s).map((b) => b.role);
    const rejected = byRole.filter((b) => b.s?.p.decision === 'reject').map((b) => b.role);
    if (missing.length === 0 && rejected.length === 0) return { status: 'met', detail: text, evidence, next: '' };
    // Some roles approved, others have not answered yet and nobody rejected: still waiting, not
    // failed (a red "not met" would read as a refusal while the other approvers are only missing).
    if (rejected.length === 0) return { status: 'no_evidence', detail: text, evidence, next: ask(missing), waitingFor: missing };
    const next = [missing.length > 0 ? ask(missing) : '', rejected.length > 0 ? `resolve the rejection by ${rejected.join(', ')}` : ''].filter(Boolean).join('; ');
    return { status: 'not_met', detail: text, evidence, next };
  },

  business_case_npv(c, input) {
    if (input.expectedNpv === undefined)
      return { status: 'no_evidence', detail: 'no business case evaluation', evidence: [], next: 'evaluate the business case (portfolio) to get its expected NPV' };
    const npv = Math.round(input.expectedNpv);
    if (input.expectedNpv > c.min) return { status: 'met', detail: `expected NPV ${num(npv)} > ${num(c.min)}`, evidence: [], next: '' };
    return { status: 'not_met', detail: `expected NPV ${num(npv)} <= ${num(c.min)}`, evidence: [], next: 'rework the business case (value, costs) or stop the use case' };
  },

  ...USAGE_EVALUATORS,
};

export function evaluateCriterion(criterion: Criterion, input: CriterionInput): CriterionResult {
  const evaluate = EVALUATORS[criterion.kind] as (c: Criterion, i: CriterionInput) => Verdict;
  return { criterion, ...evaluate(criterion, input) };
}
