// The usage criteria at their boundaries (at, just below, just above), as
// criteria-boundaries.test.ts does for the others: adoption is met AT the minimum rate in the
// lowest of the last N weeks; cost and latency are met AT the limit. Plus what is not evidence.
import { describe, expect, it } from 'vitest';
import type { Evidence, EvidenceKind } from '../domain/evidence.js';
import { criterionSchema, type Criterion } from '../domain/stages.js';
import { useCaseSchema } from '../domain/use-case.js';
import { evaluateCriterion } from './criteria.js';
import { describeCriterion } from './describe-criterion.js';

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
});
const EPS = 1e-9;

const record = (kind: EvidenceKind, payload: unknown, recordedAt = '2026-12-01T00:00:00Z', id = `ev_${kind}`): Evidence => ({ id, useCaseId: 'uc', kind, recordedAt, recordedBy: 't', source: 'test', payload });
const week = (rate: number | null, i: number) => ({ week: `2026-W${40 + i}`, start: '2026-10-05', active_users: 10, adoption_rate: rate });
const summary = (p: Record<string, unknown> = {}) =>
  record('usage_summary', {
    as_of: '2026-12-02',
    window: { from: '2026-11-04', through: '2026-12-01', days: 28 },
    audience: 100,
    weeks: [0.5, 0.5, 0.5, 0.5].map(week),
    requests: 1000,
    errors: 0,
    priced_requests: 1000,
    unpriced_requests: 0,
    cost: 20,
    cost_per_request: 0.02,
    cost_per_1k_requests: 20,
    latency_ms: { days: 28, p50_max: 400, p90_max: 900, p99_max: 1500 },
    ...p,
  });
const bench = (slo_verdicts: unknown[], recordedAt?: string) =>
  record('benchmark_result', { run_id: 'b', url: 'http://x', requests: 100, p95_ms: 100, error_rate: 0, cost_per_1k_requests: 1, slo_met: true, slo_verdicts }, recordedAt, `ev_b_${recordedAt ?? ''}`);
const evaluate = (c: Criterion, ...evidence: Evidence[]) => evaluateCriterion(criterionSchema.parse(c), { useCase, to: 'scaled', evidence, roles: {}, expectedNpv: undefined, since: undefined });
const status = (c: Criterion, ...evidence: Evidence[]) => evaluate(c, ...evidence).status;

describe('usage criteria at their boundaries', () => {
  it('usage_adoption: the lowest of the last N weeks at the minimum is met, just below is not', () => {
    const c: Criterion = { kind: 'usage_adoption', min_rate: 0.3, weeks: 3 };
    const lowest = (x: number) => status(c, summary({ weeks: [0.1, 0.5, x, 0.6].map(week) }));
    expect([lowest(0.3 - EPS), lowest(0.3), lowest(0.3 + EPS)]).toEqual(['not_met', 'met', 'met']);
    // The week before the last three does not count.
    expect(status(c, summary({ weeks: [0, 0.3, 0.3, 0.3].map(week) }))).toBe('met');
    expect(evaluate(c, summary({ weeks: [0.1, 0.5, 0.2, 0.6].map(week) })).detail).toBe('adoption 20.0% in 2026-W42 < 30.0% (last 3 week(s): 50.0%, 20.0%, 60.0%; audience 100)');
  });

  it('usage_adoption: not met with fewer weeks than asked or without an audience', () => {
    const c: Criterion = { kind: 'usage_adoption', min_rate: 0.3, weeks: 5 };
    expect(evaluate(c, summary()).detail).toBe('the usage summary covers 4 week(s), the gate asks for 5');
    expect(evaluate({ ...c, weeks: 4 }, summary({ audience: null, weeks: [null, null, null, null].map(week) }))).toMatchObject({ status: 'not_met', detail: 'no audience declared, so no adoption rate' });
  });

  it('usage_cost: per request and per 1k requests met at the limit, not just above', () => {
    const perRequest = (x: number) => status({ kind: 'usage_cost', max_per_request: 0.02 }, summary({ cost_per_request: x }));
    expect([perRequest(0.02 - EPS), perRequest(0.02), perRequest(0.02 + EPS)]).toEqual(['met', 'met', 'not_met']);
    const per1k = (x: number) => status({ kind: 'usage_cost', max_per_1k_requests: 20 }, summary({ cost_per_1k_requests: x }));
    expect([per1k(20 - EPS), per1k(20), per1k(20 + 1e-6)]).toEqual(['met', 'met', 'not_met']);
    expect(evaluate({ kind: 'usage_cost', max_per_request: 1 }, summary({ priced_requests: 0, unpriced_requests: 7, cost_per_request: null, cost_per_1k_requests: null }))).toMatchObject({
      status: 'not_met',
      detail: 'no priced requests in 2026-11-04..2026-12-01 (7 request(s) without a price not counted)',
    });
    expect(() => criterionSchema.parse({ kind: 'usage_cost' })).toThrow(/max_per_request or max_per_1k_requests/);
  });

  it('usage_latency with max_ms: met at the limit, not just above', () => {
    const p99 = (x: number) => status({ kind: 'usage_latency', percentile: 'p99', max_ms: 1500 }, summary({ latency_ms: { days: 3, p50_max: 1, p90_max: 1, p99_max: x } }));
    expect([p99(1500 - EPS), p99(1500), p99(1500 + 1e-6)]).toEqual(['met', 'met', 'not_met']);
  });

  it('usage_latency against the newest benchmark SLO of that percentile', () => {
    const c: Criterion = { kind: 'usage_latency', percentile: 'p90', max_ms: undefined };
    const at = (x: number) => status(c, summary({ latency_ms: { days: 3, p50_max: 1, p90_max: x, p99_max: 5000 } }), bench([{ key: 'p90_ms', threshold: 999 }], '2026-01-01T00:00:00Z'), bench([{ key: 'e2e_p90_ms', threshold: 900, observed: 850, met: true }], '2026-02-01T00:00:00Z'));
    expect([at(900 - EPS), at(900), at(900 + 1e-6)]).toEqual(['met', 'met', 'not_met']);
    const r = evaluate(c, summary(), bench([{ key: 'p95_ms', threshold: 800 }]));
    expect(r).toMatchObject({ status: 'not_met', detail: "the latest benchmark's SLO states no p90 latency" });
    expect(r.evidence.map((e) => e.kind)).toEqual(['usage_summary', 'benchmark_result']);
    expect(status(c, summary())).toBe('no_evidence');
    expect(evaluate({ kind: 'usage_latency', percentile: 'p99', max_ms: 10 }, summary({ latency_ms: null })).detail).toBe('no latency measured in 2026-11-04..2026-12-01');
  });

  it('no usage summary, or one that breaks the contract, is no evidence, never met', () => {
    const kinds: Criterion[] = [{ kind: 'usage_adoption', min_rate: 0, weeks: 1 }, { kind: 'usage_cost', max_per_request: 1e9 }, { kind: 'usage_latency', percentile: 'p99', max_ms: 1e9 }];
    for (const c of kinds) {
      expect(status(c), c.kind).toBe('no_evidence');
      expect(evaluate(c, record('usage_summary', { weeks: 'many' })).detail, c.kind).toMatch(/1 usage_summary record\(s\) with a payload that does not fit/);
      expect(status(c, summary({ cost: -1 })), c.kind).toBe('no_evidence');
    }
  });
});

describe('usage criteria in words', () => {
  it('names each as the CLI and the dashboard show it', () => {
    const parse = (c: unknown) => criterionSchema.parse(c);
    expect(describeCriterion(parse({ kind: 'usage_adoption', min_rate: 0.3 }))).toBe('adoption >= 30% in each of the last 4 week(s)');
    expect(describeCriterion(parse({ kind: 'usage_cost', max_per_request: 0.02, max_per_1k_requests: 15 }))).toBe('production cost (per request <= 0.02, per 1k requests <= 15)');
    expect(describeCriterion(parse({ kind: 'usage_latency' }))).toBe('production p99 <= the benchmarked SLO');
    expect(describeCriterion(parse({ kind: 'usage_latency', percentile: 'p90', max_ms: 1200 }))).toBe('production p90 <= 1200 ms');
  });
});
