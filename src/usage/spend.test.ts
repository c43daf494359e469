// Spend against the business case's monthly run cost, worked by hand. The use case's run cost
// is a PERT range 600/900/1800 (mean (600 + 4 x 900 + 1800) / 6 = 1000) plus 0.02 per
// prediction x a PERT range 4000/5000/9000 predictions (mean 5500): 1000 + 110 = 1110 a month.
import { describe, expect, it } from 'vitest';
import { costWindow, monthlyRunBudget, spendStatusChangesAt, spendSummary } from './spend.js';
import { testUseCase, usageDay } from './usage-fixtures.js';

const spent = (cost: number, day = '2026-12-05', requests = 100, unpricedRequests = 0) => usageDay(day, ['a'], requests, { cost, unpricedRequests });
// 2026-12-16 12:00 UTC: 15.5 of December's 31 days have passed, so the projection is twice the spend.
const mid = new Date('2026-12-16T12:00:00Z');

describe('spend', () => {
  it('the monthly run cost is the expected run cost plus expected per-prediction costs', () => {
    expect(monthlyRunBudget(testUseCase())).toEqual({ run_monthly: 1000, per_prediction: 0.02, predictions_per_month: 5500, monthly: 1110 });
    expect(monthlyRunBudget(testUseCase({ costs: { build: 1, run_monthly: 700 } })).monthly).toBe(700);
  });

  it('projects the month at its run rate and alerts only above the run cost', () => {
    const status = (december: number) => spendSummary([spent(300, '2026-11-20'), spent(december)], testUseCase(), mid).status;
    expect([status(554.99), status(555), status(555.01), status(1110), status(1110.01)]).toEqual(['within', 'within', 'projected_over', 'projected_over', 'over']);
  });

  it('sums spend to date and per month, leaving out days after now', () => {
    const s = spendSummary([spent(300, '2026-10-20'), spent(200, '2026-12-01', 50, 10), spent(400, '2026-12-16'), spent(999, '2026-12-17')], testUseCase(), mid);
    expect(s.to_date).toBe(900);
    expect(s.unpriced_requests_to_date).toBe(10);
    expect(s.month_to_date).toBe(600);
    expect(s.projected_month_end).toBe(1200);
    expect(s.months.map((m) => [m.month, m.spend])).toEqual([
      ['2026-10', 300],
      ['2026-11', 0],
      ['2026-12', 600],
    ]);
    // 600 over the 140 priced requests of December.
    expect(s.cost_per_request).toBeCloseTo(600 / 140, 12);
    expect(s.alert).toBe('2026-12: spend 600.00 so far runs to 1200.00 by the month\'s end, above the monthly run cost of 1110.00');
  });

  it('counts at least one day elapsed in the month\'s first hours', () => {
    const s = spendSummary([spent(10, '2026-12-01')], testUseCase(), new Date('2026-12-01T06:00:00Z'));
    expect(s.projected_month_end).toBe(310);
    expect(spendSummary([], testUseCase(), mid)).toMatchObject({ to_date: 0, month_to_date: 0, status: 'within', months: [], cost_per_request: null });
  });

  it('cost per request and per 1k requests over the priced requests only', () => {
    const w = costWindow([spent(3, '2026-12-01', 1000, 250), spent(1.5, '2026-12-02', 500), spent(100, '2026-12-03', 9)], '2026-12-01', '2026-12-02');
    expect(w).toEqual({ requests: 1500, priced_requests: 1250, unpriced_requests: 250, cost: 4.5, cost_per_request: 4.5 / 1250, cost_per_1k_requests: 3.6 });
    expect(costWindow([spent(0, '2026-12-01', 4, 4)], '2026-12-01', '2026-12-01').cost_per_request).toBeNull();
  });

  it('says when the clock alone turns a projection over the run cost into one within it', () => {
    // 600 spent in December against 1110: projected over while 600 x 31 / elapsed > 1110, i.e.
    // until 600 x 31 / 1110 = 16.7568 days have passed, 2026-12-17 at 18:09:43.7838 UTC (rounded down).
    const at = spendStatusChangesAt(600, 1110, '2026-12')!;
    expect(at.toISOString()).toBe('2026-12-17T18:09:43.783Z');
    const status = (now: Date) => spendSummary([spent(600)], testUseCase(), now).status;
    expect([status(mid), status(new Date(at.getTime() - 1)), status(new Date(at.getTime() + 2))]).toEqual(['projected_over', 'projected_over', 'within']);
    // Over already, never projected over, no budget, or only at the month's end: the clock alone changes nothing this month.
    expect([spendStatusChangesAt(1200, 1110, '2026-12'), spendStatusChangesAt(30, 1110, '2026-12'), spendStatusChangesAt(5, 0, '2026-12'), spendStatusChangesAt(1110, 1110, '2026-12')]).toEqual([null, null, null, null]);
  });
});
