// The usage alerts a view raises, with their figures and words, against hand-computed values:
// the SLO judged by the worst of the last 7 days (p95 by the production p99, usage-latency.ts),
// spend against the PERT mean of the monthly run cost (spend.ts), unpriced requests counted.
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../domain/workspace-config.js';
import { usageAlerts } from './usage-alerts.js';
import { testUseCase, usageDay } from './usage-fixtures.js';
import { useCaseUsageWithReport } from './usage-overview.js';

const config = workspaceConfigSchema.parse({ organisation: 'T', currency: 'EUR', discount_rate: 0.1, horizon_months: 12, start_quarter: '2026-Q1', budget_per_quarter: 1, teams: [{ id: 't', name: 'T', capacity_person_weeks_per_quarter: 1 }] });
const NOW = new Date('2026-03-11T12:00:00Z');
const BENCH = { run_id: 'run_1', at: '2026-01-10T10:00:00Z', p50_ms: 90, p95_ms: 300, p99_ms: 380, slo: [{ key: 'p95_ms', threshold: 350 }, { key: 'p50_ms', threshold: 150 }, { key: 'ttft_p95_ms', threshold: 200 }] };

function alerts(days: Parameters<typeof useCaseUsageWithReport>[1]['days'], benchmark: typeof BENCH | null = null) {
  const { view, report } = useCaseUsageWithReport(testUseCase({ stage: 'production', title: 'Invoice matching' }), { config, days, departmentDays: [], benchmark, now: NOW });
  return usageAlerts(view, report);
}

describe('usage alerts', () => {
  it('none for a use case in steady use within budget and its SLO', () => {
    const days = ['2026-03-09', '2026-03-10', '2026-03-11'].map((d) => usageDay(d, ['a', 'b'], 2, { cost: 1, latencyMs: { p50: 100, p90: 200, p99: 300 }, ttftMs: { p50: 50, p90: 90, p99: 150 } }));
    expect(alerts(days, BENCH)).toEqual([]);
  });

  it('the SLO missed: every objective missed, with the production figure and the benchmark run', () => {
    const days = [
      usageDay('2026-03-05', ['a'], 1, { latencyMs: { p50: 100, p90: 200, p99: 900 } }), // 6 days back: counts
      usageDay('2026-03-04', ['a'], 1, { latencyMs: { p50: 100, p90: 200, p99: 5000 } }), // 7 days back: does not
      usageDay('2026-03-10', ['a'], 1, { latencyMs: { p50: 160, p90: 200, p99: 300 }, ttftMs: { p50: 50, p90: 90, p99: 150 } }),
    ];
    const [a, ...rest] = alerts(days, BENCH);
    expect(rest).toEqual([]);
    expect(a).toEqual({
      useCaseId: 'uc',
      title: 'Invoice matching',
      flag: 'slo_missed',
      period: '',
      detail: 'Response time p99 was 900 ms on the slowest of the last 7 days, against the objective of 350 ms (p95_ms); response time p50 was 160 ms on the slowest of the last 7 days, against the objective of 150 ms (p50_ms), from benchmark run run_1.',
      figures: { objectives: 'p95_ms <= 350, p50_ms <= 150', worst_ms: 900, benchmark_run: 'run_1' },
    });
  });

  it('over budget per month and unpriced models, each with its figures', () => {
    // The monthly run cost: PERT mean of 600 / 900 / 1800 = 1000, plus 0.02 per prediction x the PERT
    // mean of 4000 / 5000 / 9000 = 5500 predictions, 110 (usage-fixtures.ts, spend.ts): 1110. 1200 spent by 03-01, which at
    // 03-11 12:00 (10.5 days of 31) runs to 1200 x 31 / 10.5 = 3542.86.
    const days = [usageDay('2026-02-20', ['a'], 3, { cost: 10, unpricedRequests: 2 }), usageDay('2026-03-01', ['a'], 1, { cost: 1200 })];
    expect(alerts(days).map((a) => [a.flag, a.period, a.figures])).toEqual([
      ['over_budget', '2026-03', { month: '2026-03', spend: 1200, projected_month_end: 3542.86, monthly_run_cost: 1110, currency: 'EUR', status: 'over' }],
      ['unpriced_models', '', { unpriced_requests: 2 }],
    ]);
    expect(alerts(days)[0]!.detail).toBe('2026-03: spend 1200.00 is already above the monthly run cost of 1110.00 EUR.');
    expect(alerts(days)[1]!.detail).toBe("2 requests went to models without a price in traction.yaml's prices, so the spend shown leaves them out.");
  });
});
