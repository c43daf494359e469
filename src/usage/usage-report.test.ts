// The one-answer report, worked by hand (now: Wednesday 2026-12-16
// 12:00 UTC, half of December gone; audience 4; value template: 2 per execution; business
// case from the fixtures: build 12000, monthly run cost 1110). Users: u0..u4 in W49, a and b
// in W50 (7 people in the last 28 days), a again today.
import { describe, expect, it } from 'vitest';
import type { UseCase } from '../domain/use-case.js';
import { ids, testUseCase, usageDay } from './usage-fixtures.js';
import { usageReport } from './usage-report.js';

const useCase = { ...testUseCase({ usage_value: { formula: 'executions * 2' } }), telemetry: { match: {}, user_attribute: 'user.id', audience: 4 } } as UseCase;
const now = new Date('2026-12-16T12:00:00Z');
const latency = (p99: number) => ({ latencyMs: { p50: p99 / 4, p90: p99 / 2, p99 } });
const days = [
  usageDay('2026-12-08', ['a', 'b'], 20, { cost: 2, ...latency(800) }),
  usageDay('2026-11-30', ids('u', 5), 10, { cost: 1, ...latency(400) }),
  usageDay('2026-12-16', ['a'], 5, { cost: 0.5 }),
  usageDay('2026-12-17', ['z'], 99, { cost: 99 }),
  usageDay('2026-12-01', ['x'], 99, { useCaseId: 'another', cost: 99 }),
];

describe('usage report', () => {
  it('puts adoption, spend, value and latency for one use case together', () => {
    const r = usageReport(days, useCase, now, { departmentDays: [{ day: '2026-12-01', department: 'sales', users: ids('u', 5), requests: 10 }] });
    expect(r.as_of).toBe('2026-12-16');
    expect(r.audience).toBe(4);
    // W49: u0..u4 (5 of 4: capped at 1); W50: a, b; W51 under way: a.
    expect(r.active.week.map((w) => [w.period, w.active_users, w.adoption_rate, w.complete])).toEqual([
      ['2026-W49', 5, 1, true],
      ['2026-W50', 2, 0.5, true],
      ['2026-W51', 1, 0.25, false],
    ]);
    expect(r.active.day).toHaveLength(17);
    expect(r.spend).toMatchObject({ to_date: 3.5, month_to_date: 2.5, projected_month_end: 5, status: 'within' });
    expect(r.value).toMatchObject({ realised_to_date: 70, months_live: 1.5, costs_to_date: 13665 });
    expect(r.latency).toEqual([
      { day: '2026-11-30', p50: 100, p90: 200, p99: 400 },
      { day: '2026-12-08', p50: 200, p90: 400, p99: 800 },
    ]);
    expect(r.departments?.departments).toEqual([{ department: 'sales', active_users: 5, requests: 10 }]);
    expect(r.flags).toEqual([]);
    expect(r.retention.map((c) => [c.cohort, c.users])).toEqual([['2026-W49', 5], ['2026-W50', null]]);
    expect(usageReport(days, useCase, now).departments).toBeNull();
  });

});
