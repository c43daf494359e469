// Realised value, ROI to date and payback on a worked example whose arithmetic is done
// by hand in the comments (the independent reference for these sums).
import { describe, expect, it } from 'vitest';
import { FormulaError } from '../domain/formula.js';
import { useCaseSchema } from '../domain/use-case.js';
import type { KpiBaseline } from './kpi-series.js';
import { realisedValue, streamMonthlyValue } from './realised-value.js';

const useCase = useCaseSchema.parse({
  id: 'support-copilot',
  title: 'Support copilot',
  problem: 'p',
  objective: 'o',
  owner: 'a',
  sponsor: 'b',
  department: 'support',
  team: 'data',
  probability_of_success: 0.7,
  effort_person_weeks: 10,
  risk: { eu_ai_act: 'limited' },
  costs: { build: 20000, run_monthly: 1000 },
  kpis: [
    { id: 'aht', name: 'Average handling time', unit: 'min', direction: 'down', baseline: 12, target: 9 },
    { id: 'csat', name: 'CSAT', unit: 'score', direction: 'up', target: 4.5, role: 'guardrail' },
  ],
  value_streams: [
    {
      id: 'agent-time',
      name: 'Agent time saved',
      kind: 'cost_saving',
      formula: 'tickets * minutes_saved * cost_per_minute',
      inputs: { tickets: 5000, minutes_saved: { low: 1, likely: 2, high: 3 }, cost_per_minute: 0.8 },
      kpi: 'aht',
      kpi_input: 'minutes_saved',
    },
    { id: 'churn', name: 'Less churn', kind: 'revenue', formula: 'customers * 0.001 * 300', inputs: { customers: 2000 } },
  ],
});

const baselines = new Map<string, KpiBaseline | null>([['aht', { value: 12, at: '2026-01-10', source: 'recorded' }]]);

describe('realised value', () => {
  it('turns the KPI improvement into value through the formula', () => {
    // 5000 tickets * 2 minutes * 0.8 per minute = 8000 a month at the likely input.
    expect(streamMonthlyValue(useCase.value_streams[0]!, null)).toBe(8000);
    expect(streamMonthlyValue(useCase.value_streams[0]!, 1.5)).toBe(6000);
  });

  it('evaluates only what the checked formula compiler accepts', () => {
    const stream = useCase.value_streams[0]!;
    // mathjs's own evaluate would run these; the whitelist refuses them.
    for (const formula of ['f(x) = x', 'tickets = 1', 'import("x")', 'cos(0)'])
      expect(() => streamMonthlyValue({ ...stream, formula }, null)).toThrow(FormulaError);
  });

  it('sums months from the first measurement after the baseline, carrying values forward', () => {
    const series = new Map([
      [
        'aht',
        [
          { at: '2026-01-05', value: 12.4 }, // before the baseline date: ignored
          { at: '2026-02-03', value: 11.5 },
          { at: '2026-02-20', value: 11.0 }, // February mean 11.25: 0.75 min saved -> 3000
          // March has no measurement: carries 11.25 forward -> 3000
          { at: '2026-04-10', value: 9.5 }, // 2.5 min saved -> 10000
        ],
      ],
    ]);
    const r = realisedValue(useCase, series, baselines);
    expect(r.streams[0]?.months.map((m) => [m.month, m.improvement, m.value])).toEqual([
      ['2026-02', 0.75, 3000],
      ['2026-03', 0.75, 3000],
      ['2026-04', 2.5, 10000],
    ]);
    expect(r.streams[1]?.missing).toMatch(/not mapped/);
    expect(r).toMatchObject({
      start_month: '2026-02',
      through_month: '2026-04',
      months_live: 3,
      realised_to_date: 16000,
      costs_to_date: 23000, // 20000 build + 3 * 1000 run
      monthly_value_now: 10000,
      monthly_cost: 1000,
      planned_monthly_value: 8000 + 600,
    });
    expect(r.roi_to_date).toBeCloseTo((16000 - 23000) / 23000, 12);
    // Net -7000 after April, +9000 a month from May: paid back in May.
    expect(r.payback).toEqual({ status: 'forecast', month: '2026-05' });
  });

  it('reports paid back, not on track and not started', () => {
    const rich = new Map([['aht', [{ at: '2026-02-01', value: 4 }]]]); // 8 min -> 32000 in February
    expect(realisedValue(useCase, rich, baselines).payback).toEqual({ status: 'paid_back', month: '2026-02' });
    const worse = new Map([['aht', [{ at: '2026-02-01', value: 12.5 }]]]);
    expect(realisedValue(useCase, worse, baselines).payback.status).toBe('not_on_track');
    const none = realisedValue(useCase, new Map(), baselines);
    expect(none).toMatchObject({ payback: { status: 'not_started', month: null }, realised_to_date: 0, months_live: 0, costs_to_date: 20000 });
    expect(realisedValue(useCase, rich, new Map()).streams[0]?.missing).toBe('KPI "aht" has no baseline');
  });
});

describe('value stream mapping in the use case schema', () => {
  const stream = useCase.value_streams[0]!;
  const withStream = (patch: Record<string, unknown>) =>
    useCaseSchema.safeParse({ ...useCase, value_streams: [{ ...stream, ...patch }] }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts kpi_input naming an input, or value_per_unit', () => {
    expect(withStream({})).toBeUndefined();
    expect(withStream({ kpi_input: undefined, value_per_unit: 4000 })).toBeUndefined();
  });

  it('rejects an unknown input, both mappings, or a mapping without a KPI', () => {
    expect(withStream({ kpi_input: 'minutes' })).toEqual(['value_streams.0.kpi_input: kpi_input "minutes" is not one of the inputs (tickets, minutes_saved, cost_per_minute)']);
    expect(withStream({ value_per_unit: 1 })).toEqual(['value_streams.0.value_per_unit: give either kpi_input or value_per_unit, not both']);
    expect(withStream({ kpi: undefined })).toEqual(['value_streams.0: kpi_input and value_per_unit need `kpi`: the KPI whose improvement they turn into value']);
  });
});
