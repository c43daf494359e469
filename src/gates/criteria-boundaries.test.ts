// Every numeric gate threshold at its boundary: the value exactly at the threshold, just
// below and just above, so that moving a comparison by one (`>=` to `>`, `<=` to `<`, and
// back) fails a test. The boundaries are the ones docs/gates.md states: readiness and rubric
// scores are met AT the minimum; benchmark p95, error rate and cost are met AT the limit;
// an experiment is significant only BELOW alpha and its effect is enough AT the minimum; the
// expected NPV must be ABOVE the minimum (an NPV of exactly zero does not pay).
import { describe, expect, it } from 'vitest';
import type { Evidence, EvidenceKind } from '../domain/evidence.js';
import type { Criterion } from '../domain/stages.js';
import { useCaseSchema } from '../domain/use-case.js';
import { evaluateCriterion, type CriterionInput } from './criteria.js';

const useCase = useCaseSchema.parse({
  id: 'uc',
  title: 'Use case',
  problem: 'p',
  objective: 'o',
  owner: 'o',
  sponsor: 's',
  department: 'd',
  team: 't',
  costs: { build: 1, run_monthly: 0 },
  probability_of_success: 0.5,
  effort_person_weeks: 1,
  risk: { eu_ai_act: 'minimal' },
  kpis: [{ id: 'aht', name: 'Handling time', unit: 'min', direction: 'up', target: 10 }],
});

function input(kind: EvidenceKind, payload: unknown, expectedNpv?: number): CriterionInput {
  const evidence: Evidence[] = [{ id: 'ev_1', useCaseId: 'uc', kind, recordedAt: '2026-01-01T00:00:00Z', recordedBy: 't', source: 'test', payload }];
  return { useCase, to: 'pilot', evidence, roles: {}, expectedNpv, since: undefined };
}

const status = (c: Criterion, i: CriterionInput) => evaluateCriterion(c, i).status;
/** A step far smaller than any threshold in use, far larger than rounding. */
const EPS = 1e-9;

const readiness = (score: number) => input('readiness_run', { run_id: 'r', score, dimensions: { completeness: score }, failed_checks: 0 });
const rubric = (score: number) => input('rubric_score', { score, sections: { data: score } });
const bench = (p: { p95_ms?: number; error_rate?: number; cost_per_1k_requests?: number | null }) =>
  input('benchmark_result', { run_id: 'b', url: 'http://x', requests: 100, p95_ms: 100, error_rate: 0, cost_per_1k_requests: 1, slo_met: null, ...p });
const experiment = (p: { relative_lift?: number; p_value?: number }) =>
  input('experiment_result', { kpi: 'aht', method: 'welch', relative_lift: 0.1, relative_ci: [0.05, 0.15], p_value: 0.01, alpha: 0.05, significant: true, srm_ok: true, guardrails: [], ...p });

describe('gate thresholds at their boundaries', () => {
  it('readiness_score: met at the minimum and above, not met just below', () => {
    const c: Criterion = { kind: 'readiness_score', min: 75 };
    expect([status(c, readiness(75 - EPS * 1e3)), status(c, readiness(75)), status(c, readiness(75 + EPS * 1e3))]).toEqual(['not_met', 'met', 'met']);
  });

  it('rubric_score: met at the minimum and above, not met just below', () => {
    const c: Criterion = { kind: 'rubric_score', min: 2 };
    expect([status(c, rubric(1.5)), status(c, rubric(2 - EPS)), status(c, rubric(2)), status(c, rubric(2.5))]).toEqual(['not_met', 'not_met', 'met', 'met']);
  });

  it('benchmark_slo p95_ms: met at the limit and below, not met just above', () => {
    const c: Criterion = { kind: 'benchmark_slo', p95_ms: 2000 };
    expect([status(c, bench({ p95_ms: 2000 - EPS })), status(c, bench({ p95_ms: 2000 })), status(c, bench({ p95_ms: 2000 + 1e-6 }))]).toEqual(['met', 'met', 'not_met']);
  });

  it('benchmark_slo error_rate: met at the limit and below, not met just above', () => {
    const c: Criterion = { kind: 'benchmark_slo', error_rate: 0.01 };
    expect([status(c, bench({ error_rate: 0.01 - EPS })), status(c, bench({ error_rate: 0.01 })), status(c, bench({ error_rate: 0.01 + EPS }))]).toEqual(['met', 'met', 'not_met']);
  });

  it('benchmark_slo cost_per_1k_requests: met at the limit and below, not met just above', () => {
    const c: Criterion = { kind: 'benchmark_slo', cost_per_1k_requests: 4 };
    const at = (cost: number) => status(c, bench({ cost_per_1k_requests: cost }));
    expect([at(4 - EPS), at(4), at(4 + EPS)]).toEqual(['met', 'met', 'not_met']);
  });

  it('experiment_verdict alpha: significant just below alpha, not at alpha or above', () => {
    const c: Criterion = { kind: 'experiment_verdict', min_effect: 0, alpha: 0.05 };
    const at = (p: number) => status(c, experiment({ p_value: p }));
    expect([at(0.05 - EPS), at(0.05), at(0.05 + EPS)]).toEqual(['met', 'not_met', 'not_met']);
  });

  it('experiment_verdict min_effect: met at the minimum effect and above, not just below', () => {
    const c: Criterion = { kind: 'experiment_verdict', min_effect: 0.05, alpha: 0.05 };
    const at = (lift: number) => status(c, experiment({ relative_lift: lift }));
    expect([at(0.05 - EPS), at(0.05), at(0.05 + EPS)]).toEqual(['not_met', 'met', 'met']);
  });

  it('business_case_npv: met only above the minimum; exactly at it is not met', () => {
    const c: Criterion = { kind: 'business_case_npv', min: 1000 };
    const at = (npv: number) => status(c, input('readiness_run', {}, npv));
    expect([at(1000 - EPS * 1e3), at(1000), at(1000 + EPS * 1e3)]).toEqual(['not_met', 'not_met', 'met']);
  });
});
