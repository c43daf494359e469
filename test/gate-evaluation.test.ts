// The gate evaluator over evidence recorded through the store's recordEvidence, as the
// readiness, impact and bench modules record it: each criterion kind met, not met, and
// without evidence (never "met").
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceKind } from '../src/domain/evidence.js';
import type { Criterion, Gate } from '../src/domain/stages.js';
import { useCaseSchema, type UseCase } from '../src/domain/use-case.js';
import { evaluateGate } from '../src/gates/evaluate-gate.js';
import { listEvidence, recordEvidence } from '../src/store/evidence-repository.js';
import { openStore, type Store } from '../src/store/store.js';

const useCase: UseCase = useCaseSchema.parse({
  id: 'churn',
  title: 'Churn',
  problem: 'p',
  objective: 'o',
  owner: 'ann',
  sponsor: 'sam',
  department: 'Sales',
  team: 'data',
  stage: 'pilot',
  costs: { build: 1, run_monthly: 1 },
  probability_of_success: 0.5,
  effort_person_weeks: 1,
  risk: { eu_ai_act: 'minimal' },
  kpis: [
    { id: 'handle-time', name: 'Handle time', unit: 'min', direction: 'down', target: 5 },
    { id: 'csat', name: 'CSAT', unit: 'pts', direction: 'up', target: 80, role: 'guardrail' },
  ],
});
const roles = { business_owner: ['ann'], technical_lead: ['tom'] };

let store: Store;
let clock = 0;
beforeEach(async () => {
  store = await openStore({ kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), 'gate-eval-')), 'db') });
  clock = Date.parse('2026-03-01T00:00:00Z');
});
afterEach(() => store.close());

const record = (kind: EvidenceKind, payload: unknown, useCaseId = 'churn') =>
  recordEvidence(store.db, { useCaseId, kind, at: new Date((clock += 60_000)), by: 'tester', source: 'test', payload });

async function evaluate(criteria: Criterion[], extra: { expectedNpv?: number; since?: string } = {}) {
  const gate: Gate = { from: 'pilot', to: 'production', criteria };
  return evaluateGate({
    useCase,
    from: 'pilot',
    to: 'production',
    transition: { kind: 'gate', gate },
    evidence: await listEvidence(store.db),
    roles,
    expectedNpv: extra.expectedNpv,
    since: extra.since,
    now: new Date(clock),
  });
}
const statusOf = async (c: Criterion, extra?: { expectedNpv?: number; since?: string }) => (await evaluate([c], extra)).criteria[0];

const readiness = (score: number) => ({ run_id: 'r', score, dimensions: { completeness: score, validity: 90 }, failed_checks: score < 80 ? 2 : 0 });
const experiment = (lift: number, over: Record<string, unknown> = {}) => ({
  kpi: 'handle-time',
  method: 'welch',
  relative_lift: lift,
  relative_ci: [lift - 0.02, lift + 0.02],
  p_value: 0.001,
  alpha: 0.05,
  significant: true,
  srm_ok: true,
  guardrails: [{ kpi: 'csat', regressed: false }],
  ...over,
});
const bench = (over: Record<string, unknown> = {}) => ({ run_id: 'b', url: 'http://127.0.0.1', requests: 1000, p95_ms: 900, error_rate: 0.002, cost_per_1k_requests: 1.5, slo_met: true, ...over });

describe('gate evaluation over recorded evidence', () => {
  it('reports every kind as no evidence when nothing is recorded, and the gate as not passed', async () => {
    const all: Criterion[] = [
      { kind: 'readiness_score', min: 75 },
      { kind: 'kpi_baseline', kpis: 'primary' },
      { kind: 'experiment_verdict', min_effect: 0, alpha: 0.05 },
      { kind: 'rubric_score', min: 2 },
      { kind: 'benchmark_slo', p95_ms: 2000 },
      { kind: 'signoff', roles: ['business_owner'] },
      { kind: 'business_case_npv', min: 0 },
    ];
    const e = await evaluate(all);
    expect(e.criteria.map((c) => c.status)).toEqual(Array(7).fill('no_evidence'));
    expect(e).toMatchObject({ met: 0, total: 7, passed: false });
    expect(e.criteria.every((c) => c.next.length > 0)).toBe(true);
  });

  it('readiness: the newest run counts; evidence of another use case does not', async () => {
    await record('readiness_run', readiness(90), 'other');
    await record('readiness_run', readiness(80));
    const older = await statusOf({ kind: 'readiness_score', min: 75 });
    expect(older).toMatchObject({ status: 'met', detail: 'readiness 80 >= 75' });
    const run = await record('readiness_run', readiness(70));
    const newer = await statusOf({ kind: 'readiness_score', min: 75 });
    expect(newer).toMatchObject({ status: 'not_met', detail: 'readiness 70 < 75, 2 failed check(s)', evidence: [{ id: run.id, kind: 'readiness_run' }] });
    expect(newer?.next).toContain('completeness 70');
  });

  it('a record whose payload breaks the contract is not evidence', async () => {
    await record('readiness_run', { score: 'high' });
    const r = await statusOf({ kind: 'readiness_score', min: 10 });
    expect(r?.status).toBe('no_evidence');
    expect(r?.detail).toContain('1 readiness_run record(s) with a payload that does not fit the contract');
  });

  it('KPI baseline: needs every required KPI', async () => {
    await record('kpi_baseline', { kpi: 'csat', value: 78, at: '2026-02-01' });
    expect(await statusOf({ kind: 'kpi_baseline', kpis: 'primary' })).toMatchObject({ status: 'not_met', detail: 'no baseline for handle-time' });
    expect(await statusOf({ kind: 'kpi_baseline', kpis: 'all' })).toMatchObject({ status: 'not_met', detail: 'no baseline for handle-time' });
    await record('kpi_baseline', { kpi: 'handle-time', value: 7.5, at: '2026-02-01' });
    expect(await statusOf({ kind: 'kpi_baseline', kpis: 'primary' })).toMatchObject({ status: 'met', detail: 'baseline recorded: handle-time = 7.5 min at 2026-02-01' });
    expect((await statusOf({ kind: 'kpi_baseline', kpis: 'all' }))?.evidence).toHaveLength(2);
  });

  it('experiment: a significant fall of a lower-is-better KPI passes; a guardrail regression or a small effect does not', async () => {
    const c: Criterion = { kind: 'experiment_verdict', min_effect: 0.05, alpha: 0.05 };
    await record('experiment_result', experiment(-0.12));
    expect(await statusOf(c)).toMatchObject({ status: 'met' });
    await record('experiment_result', experiment(-0.12, { guardrails: [{ kpi: 'csat', regressed: true }] }));
    expect((await statusOf(c))?.detail).toContain('guardrail regressed: csat');
    await record('experiment_result', experiment(-0.03));
    expect((await statusOf(c))?.detail).toContain('improvement +3.0% < minimum +5.0%');
    await record('experiment_result', experiment(0.12));
    expect((await statusOf(c))?.detail).toContain('improvement -12.0% < minimum +5.0%');
    await record('experiment_result', experiment(-0.12, { p_value: 0.03 }));
    expect(await statusOf({ ...c, alpha: 0.01 })).toMatchObject({ status: 'not_met', detail: expect.stringContaining('not significant (p = 0.0300, alpha 0.01)') });
    await record('experiment_result', experiment(-0.12, { srm_ok: false }));
    expect((await statusOf(c))?.detail).toContain('sample ratio mismatch');
  });

  it('rubric and benchmark SLO: thresholds against the newest record', async () => {
    await record('rubric_score', { score: 1.5, sections: { data: 3, model: 2, infra: 1.5, monitor: 4 } });
    expect(await statusOf({ kind: 'rubric_score', min: 2 })).toMatchObject({ status: 'not_met', detail: 'ML Test Score 1.5 < 2 (weakest section: infra 1.5)' });
    expect(await statusOf({ kind: 'rubric_score', min: 1.5 })).toMatchObject({ status: 'met' });

    await record('benchmark_result', bench());
    expect(await statusOf({ kind: 'benchmark_slo', p95_ms: 1000, error_rate: 0.01, cost_per_1k_requests: 2 })).toMatchObject({ status: 'met' });
    expect(await statusOf({ kind: 'benchmark_slo', p95_ms: 800 })).toMatchObject({ status: 'not_met', detail: 'p95 900 ms > 800' });
    await record('benchmark_result', bench({ cost_per_1k_requests: null, slo_met: null }));
    expect(await statusOf({ kind: 'benchmark_slo', cost_per_1k_requests: 2 })).toMatchObject({ status: 'not_met', detail: 'the benchmark did not measure cost per 1k requests' });
    expect(await statusOf({ kind: 'benchmark_slo' })).toMatchObject({ status: 'not_met', detail: 'benchmark SLO not given' });
  });

  it('sign-offs: for this transition, since the stage was entered, by a current role holder; the newest per role counts', async () => {
    const c: Criterion = { kind: 'signoff', roles: ['business_owner', 'technical_lead'] };
    const so = (role: string, person: string, decision = 'approve', to_stage = 'production') => record('signoff', { role, person, decision, to_stage });
    await so('business_owner', 'ann', 'approve', 'pilot'); // an earlier transition
    expect(await statusOf(c)).toMatchObject({ status: 'no_evidence' });
    await so('business_owner', 'ann');
    await so('technical_lead', 'eve'); // eve does not hold the role
    // Approved by one role, the other still missing: waiting for it, not failed.
    expect(await statusOf(c)).toMatchObject({ status: 'no_evidence', detail: 'business_owner: approved by ann, technical_lead: missing', waitingFor: ['technical_lead'] });
    await so('technical_lead', 'tom', 'reject');
    expect(await statusOf(c)).toMatchObject({ status: 'not_met', detail: 'business_owner: approved by ann, technical_lead: rejected by tom' });
    await so('technical_lead', 'tom');
    const met = await statusOf(c);
    expect(met).toMatchObject({ status: 'met', detail: 'business_owner: approved by ann, technical_lead: approved by tom' });
    expect(met?.evidence).toHaveLength(2);
    // Entering the stage again (a later decision) starts the sign-offs over.
    expect(await statusOf(c, { since: new Date(clock + 1).toISOString() })).toMatchObject({ status: 'no_evidence' });
  });

  it('business case: no NPV is no evidence; the NPV must exceed the minimum', async () => {
    const c: Criterion = { kind: 'business_case_npv', min: 0 };
    expect(await statusOf(c)).toMatchObject({ status: 'no_evidence' });
    expect(await statusOf(c, { expectedNpv: 125_000.4 })).toMatchObject({ status: 'met', detail: 'expected NPV 125,000 > 0' });
    expect(await statusOf(c, { expectedNpv: 0 })).toMatchObject({ status: 'not_met' });
  });

  it('passes the gate only when every criterion is met', async () => {
    await record('readiness_run', readiness(90));
    await record('rubric_score', { score: 3, sections: { data: 3, model: 3, infra: 3, monitor: 3 } });
    const e = await evaluate([{ kind: 'readiness_score', min: 75 }, { kind: 'rubric_score', min: 2 }, { kind: 'business_case_npv', min: 0 }], { expectedNpv: 10 });
    expect(e).toMatchObject({ met: 3, total: 3, passed: true });
  });
});
