// The usage_summary payload of a hand-made month (now: Wednesday 2026-12-02 10:00 UTC, so the
// window is 2026-11-04..12-01 and the weeks run from 2026-06-01 (W23) to 2026-11-29 (W48)).
import { describe, expect, it } from 'vitest';
import type { UseCase } from '../domain/use-case.js';
import { usageEvidence } from './usage-evidence.js';
import { testUseCase, usageDay } from './usage-fixtures.js';

const useCase = { ...testUseCase(), telemetry: { match: {}, user_attribute: 'user.id', audience: 10 } } as UseCase;
const now = new Date('2026-12-02T10:00:00Z');
const days = [
  usageDay('2026-11-03', ['a', 'b'], 100, { cost: 1, latencyMs: { p50: 1, p90: 2, p99: 9999 } }),
  usageDay('2026-11-04', ['a', 'c'], 200, { errors: { timeout: 5 }, cost: 2, unpricedRequests: 20, latencyMs: { p50: 100, p90: 300, p99: 900 } }),
  usageDay('2026-11-25', ['c', 'd', 'e'], 300, { cost: 4, latencyMs: { p50: 120, p90: 250, p99: 1200 } }),
  usageDay('2026-12-01', ['f'], 100, { cost: 1.5 }),
  usageDay('2026-12-02', ['g'], 999, { cost: 50, latencyMs: { p50: 1, p90: 2, p99: 99999 } }),
  usageDay('2026-11-10', ['x'], 5000, { useCaseId: 'another', cost: 900 }),
];

describe('usageEvidence', () => {
  it('summarises the 28 complete days before today and the complete weeks', () => {
    const p = usageEvidence(days, useCase, now);
    expect(p).toMatchObject({
      as_of: '2026-12-02',
      window: { from: '2026-11-04', through: '2026-12-01', days: 28 },
      audience: 10,
      requests: 600,
      errors: 5,
      priced_requests: 580,
      unpriced_requests: 20,
      cost: 7.5,
      latency_ms: { days: 2, p50_max: 120, p90_max: 300, p99_max: 1200 },
    });
    expect(p.cost_per_request).toBeCloseTo(7.5 / 580, 15);
    expect(p.cost_per_1k_requests).toBeCloseTo(7500 / 580, 12);
    expect(p.weeks).toHaveLength(26);
    expect(p.weeks[0]).toEqual({ week: '2026-W23', start: '2026-06-01', active_users: 0, adoption_rate: 0 });
    // W45 (11-02..08): a, b, c; W46 and W47: nobody; W48: c, d, e. Today's week is not complete.
    expect(p.weeks.slice(-4)).toEqual([
      { week: '2026-W45', start: '2026-11-02', active_users: 3, adoption_rate: 0.3 },
      { week: '2026-W46', start: '2026-11-09', active_users: 0, adoption_rate: 0 },
      { week: '2026-W47', start: '2026-11-16', active_users: 0, adoption_rate: 0 },
      { week: '2026-W48', start: '2026-11-23', active_users: 3, adoption_rate: 0.3 },
    ]);
  });

  it('without an audience, traffic or latency it says so with nulls', () => {
    const p = usageEvidence([usageDay('2026-11-20', ['a'], 3, { unpricedRequests: 3 })], testUseCase(), now);
    expect(p).toMatchObject({ audience: null, requests: 3, priced_requests: 0, cost_per_request: null, cost_per_1k_requests: null, latency_ms: null });
    expect(p.weeks.every((w) => w.adoption_rate === null)).toBe(true);
  });
});
