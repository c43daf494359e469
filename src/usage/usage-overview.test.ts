// The usage views against hand-computed values: weeks are ISO weeks (Monday first), active
// users are distinct pseudonyms, the adoption rate is the last complete week's, and the
// month's budget is the business case's monthly run cost at its expected value (the rules of
// adoption.ts, spend.ts and usage-flags.ts, which the views only shape).
import { describe, expect, it } from 'vitest';
import type { UsageDay } from '../domain/usage.js';
import { useCaseSchema, type UseCase } from '../domain/use-case.js';
import { workspaceConfigSchema } from '../domain/workspace-config.js';
import { dayIndex, dayString } from './calendar.js';
import { deployedUseCases, portfolioRow, useCaseUsage } from './usage-overview.js';
import { ids, testUseCase, usageDay } from './usage-fixtures.js';

const config = workspaceConfigSchema.parse({ organisation: 'T', currency: 'EUR', discount_rate: 0.1, horizon_months: 12, start_quarter: '2026-Q1', budget_per_quarter: 1, teams: [{ id: 't', name: 'T', capacity_person_weeks_per_quarter: 1 }] });
const useCase = (id: string, stage = 'production', audience = 10) =>
  useCaseSchema.parse({
    id,
    title: id,
    problem: 'p',
    objective: 'o',
    owner: 'o',
    sponsor: 's',
    department: 'd',
    team: 't',
    stage,
    costs: { build: 1, run_monthly: { low: 50, likely: 100, high: 200 } },
    probability_of_success: 0.5,
    effort_person_weeks: 1,
    risk: { eu_ai_act: 'minimal' },
    ...(audience ? { telemetry: { match: { 'service.name': id }, audience } } : {}),
  });

function day(d: string, users: string[], requests: number, cost: number, extra: Partial<UsageDay> = {}): UsageDay {
  return { useCaseId: 'uc', day: d, requests, errors: {}, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, cost, unpricedRequests: 0, users, departments: {}, models: {}, latencyMs: null, ttftMs: null, ...extra };
}

const DAYS = [
  day('2026-03-04', ['b', 'c'], 5, 30, { errors: { timeout: 1 } }),
  day('2026-03-02', ['a', 'b'], 10, 40, { latencyMs: { p50: 100, p90: 200, p99: 400 } }),
  day('2026-03-10', ['a'], 2, 50, { latencyMs: { p50: 120, p90: 300, p99: 500 } }),
  day('2026-02-27', ['d'], 1, 5, { unpricedRequests: 1 }),
];
const NOW = new Date('2026-03-11T12:00:00Z');
// PERT mean of run_monthly 50 / 100 / 200 (spend.ts), not the likely 100.
const BUDGET = (50 + 4 * 100 + 200) / 6;
const BENCH = { run_id: 'run_1', at: '2026-01-10T10:00:00Z', p50_ms: 90, p95_ms: 300, p99_ms: 380, slo: [{ key: 'p95_ms', threshold: 350 }, { key: 'p50_ms', threshold: 150 }, { key: 'ttft_p95_ms', threshold: 500 }, { key: 'error_rate', threshold: 0.01 }] };

describe('useCaseUsage', () => {
  const r = useCaseUsage(useCase('uc'), { config, days: DAYS, benchmark: BENCH, departmentDays: [], now: NOW });

  it('counts distinct users per ISO week and over 7 and 30 days, against the audience', () => {
    expect(r.weekly).toEqual([
      { week: '2026-02-23', active_users: 1, adoption_rate: 0.1 },
      { week: '2026-03-02', active_users: 3, adoption_rate: 0.3 },
      { week: '2026-03-09', active_users: 1, adoption_rate: 0.1 },
    ]);
    // The rate is the last complete week's (W10, 3 of 10), not 30 days' users over the audience.
    expect([r.active_users_7d, r.active_users_30d, r.adoption_rate]).toEqual([1, 4, 0.3]);
    expect([r.requests, r.errors, r.spend_to_date]).toEqual([18, 1, 125]);
    expect(r.period).toEqual({ from: '2026-02-27', to: '2026-03-10' });
  });

  it('sets each month against the expected run cost and flags the month running over it', () => {
    expect(r.monthly).toEqual([
      { month: '2026-02', cost: 5, requests: 1, unpriced_requests: 1, budget: BUDGET, over_budget: false },
      { month: '2026-03', cost: 120, requests: 17, unpriced_requests: 0, budget: BUDGET, over_budget: true },
    ]);
    expect([r.cost_this_month, r.budget_per_month]).toEqual([120, BUDGET]);
    expect(r.spend_alert).toBe('2026-03: spend 120.00 is already above the monthly run cost of 108.33');
    expect(r.flags).toEqual(['over_budget', 'unpriced_models']);
  });

  it('judges the SLO by the worst of the last 7 days, p95 by the production p99', () => {
    expect(r.latency.last_7_days).toEqual({ p50: 120, p90: 300, p99: 500 });
    expect(r.latency.slo).toEqual([
      { key: 'p95_ms', threshold: 350, production_quantile: 'p99', metric: 'latency', production_ms: 500, met: false },
      { key: 'p50_ms', threshold: 150, production_quantile: 'p50', metric: 'latency', production_ms: 120, met: true },
      { key: 'ttft_p95_ms', threshold: 500, production_quantile: 'p99', metric: 'time_to_first_token', production_ms: null, met: null },
    ]);
    expect(r.latency.daily.map((d) => d.day)).toEqual(['2026-03-02', '2026-03-10']);
  });

  it('has no adoption rate without an audience, and no period without usage', () => {
    const empty = useCaseUsage(useCase('uc', 'production', 0), { config, days: [], benchmark: null, departmentDays: [], now: NOW });
    expect([empty.adoption_rate, empty.period, empty.latency.last_7_days, empty.flags]).toEqual([null, null, null, ['no_use']]);
  });

  it('flags no use after 14 quiet days, and falling use when 28 days have over 20% fewer users than the 28 before', () => {
    const quiet = useCaseUsage(useCase('uc'), { config, days: [day('2026-02-25', ['a'], 1, 0)], benchmark: null, departmentDays: [], now: NOW });
    expect(quiet.flags).toEqual(['no_use']);
    // Mondays from 2026-01-12: 4 users each, then `recent` of them from 2026-02-09 on. The 28 days
    // to yesterday (02-11..03-10) hold `recent` people, the 28 before (01-14..02-10) 4. Under
    // usage-flags.ts's rule 3 of 4 (down 25%) is falling.
    const weeks = (recent: number) => Array.from({ length: 8 }, (_, i) => day(dayString(dayIndex('2026-01-12') + 7 * i), ids('u', i < 4 ? 4 : recent), 1, 0));
    expect(useCaseUsage(useCase('uc'), { config, days: weeks(3), benchmark: null, departmentDays: [], now: NOW }).flags).toEqual(['falling_use']);
    expect(useCaseUsage(useCase('uc'), { config, days: weeks(4), benchmark: null, departmentDays: [], now: NOW }).flags).toEqual([]);
  });
});

describe('portfolio', () => {
  it('lists use cases in a done stage or with usage, and counts 30 days of requests', () => {
    const all = [useCase('b-live'), useCase('a-pilot', 'pilot'), useCase('c-idea', 'idea')];
    expect(deployedUseCases(all, config, new Set(['a-pilot'])).map((u) => u.id)).toEqual(['a-pilot', 'b-live']);
    const r = useCaseUsage(useCase('uc'), { config, days: DAYS, benchmark: null, departmentDays: [], now: NOW });
    // 2026-02-10 .. 2026-03-11: every day of DAYS.
    expect(portfolioRow(r, DAYS, NOW)).toMatchObject({ requests_30d: 18, active_users_30d: 4, adoption_rate: 0.3, cost_this_month: 120, cost_last_month: 5, budget_per_month: BUDGET });
    expect(portfolioRow(r, DAYS, new Date('2026-03-31T12:00:00Z')).requests_30d).toBe(17); // from 2026-03-02 on
  });

  it("gives usage-report's hand-worked case as a row, last month across a year end", () => {
    // usage-report.test.ts: audience 4, value 2 per execution, monthly run cost 1110.
    const u = { ...testUseCase({ usage_value: { formula: 'executions * 2' } }), telemetry: { match: {}, user_attribute: 'user.id', audience: 4 } } as UseCase;
    const days = [usageDay('2026-12-08', ['a', 'b'], 20, { cost: 2 }), usageDay('2026-11-30', ids('u', 5), 10, { cost: 1 }), usageDay('2026-12-16', ['a'], 5, { cost: 0.5 })];
    const now = new Date('2026-12-16T12:00:00Z');
    const view = useCaseUsage(u, { config, days, benchmark: null, departmentDays: [], now });
    expect(view.value).toMatchObject({ to_date: 70, costs_to_date: 13665, roi_to_date: (70 - 13665) / 13665 });
    // W49's cohort of 5 is shown, W50's of 2 (a, b) is not.
    expect(view.retention.map((c) => [c.cohort, c.users])).toEqual([['2026-W49', 5], ['2026-W50', null]]);
    const row = portfolioRow(view, days, now);
    expect(row).toEqual({ use_case: 'uc', title: 'Use case', stage: 'idea', requests_30d: 35, active_users_30d: 7, audience: 4, adoption_rate: 0.5, cost_this_month: 2.5, cost_last_month: 1, budget_per_month: 1110, value_to_date: 70, flags: [] });
    const january = new Date('2027-01-05T12:00:00Z');
    expect(portfolioRow(useCaseUsage(u, { config, days, benchmark: null, departmentDays: [], now: january }), days, january).cost_last_month).toBe(2.5);
  });

  it('names departments only at the minimum group size, with secondary suppression', () => {
    const rows = [
      { day: '2026-03-02', department: 'Accounts Payable', users: ids('ap', 9), requests: 90 },
      { day: '2026-03-03', department: 'Purchasing', users: ids('p', 6), requests: 30 },
      { day: '2026-03-04', department: 'Treasury', users: ids('t', 3), requests: 7 },
    ];
    const r = useCaseUsage(useCase('uc'), { config, days: DAYS, benchmark: null, departmentDays: rows, now: NOW });
    // Treasury (3) is hidden; 3 alone could be recovered by subtraction, so Purchasing (6) is hidden with it.
    expect(r.departments).toEqual([{ department: 'Accounts Payable', users: 9, requests: 90 }]);
  });
});
