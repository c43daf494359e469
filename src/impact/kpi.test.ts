// KPI series, status and CSV import: trend against scipy.stats.linregress, corrections,
// progress to target, and row-by-row validation with line numbers.
import { describe, expect, it } from 'vitest';
import { expectClose, REFERENCE } from '../../test/reference/impact/reference.js';
import type { KpiMeasurement } from '../domain/kpi-measurement.js';
import { kpiSchema } from '../domain/use-case.js';
import { parseKpiCsv } from './kpi-csv.js';
import { currentSeries, kpiStatus, linearTrend } from './kpi-series.js';

const aht = kpiSchema.parse({ id: 'aht', name: 'Average handling time', unit: 'min', direction: 'down', baseline: 12, target: 9 });
const m = (at: string, value: number, recordedAt = '2026-01-01T00:00:00Z', id = 'kpm_1'): KpiMeasurement => ({
  id,
  useCaseId: 'uc',
  kpiId: 'aht',
  at,
  value,
  source: 'test',
  recordedAt,
  recordedBy: 't',
});

describe('kpi series', () => {
  it('fits the trend like scipy.stats.linregress', () => {
    const t = REFERENCE.trend;
    const fit = linearTrend(t.days, t.values);
    expectClose(fit?.slope, t.slope_per_day, 'slope');
    expectClose(fit?.intercept, t.intercept, 'intercept');
  });

  it('keeps one value per date: the most recently recorded corrects the earlier one', () => {
    const series = currentSeries([m('2026-02-01', 11), m('2026-01-01', 12), m('2026-02-01', 10.5, '2026-02-03T00:00:00Z', 'kpm_2')]);
    expect(series).toEqual([
      { at: '2026-01-01', value: 12 },
      { at: '2026-02-01', value: 10.5 },
    ]);
  });

  it('shows baseline, latest, trend and progress to target', () => {
    const series = [
      { at: '2026-01-01', value: 11.5 },
      { at: '2026-02-01', value: 11 },
      { at: '2026-03-01', value: 10.5 },
    ];
    const declared = kpiStatus(aht, series, null);
    expect(declared.baseline).toEqual({ value: 12, at: null, source: 'declared' });
    // From 12 towards 9, now at 10.5: half way.
    expect(declared.progress).toBeCloseTo(0.5, 12);
    expect(declared.target_met).toBe(false);
    expect(declared.trend?.improving).toBe(true);
    expect(declared.trend?.slope_per_month).toBeLessThan(0);
    const recorded = kpiStatus(aht, series, { value: 13, at: '2025-12-15' });
    expect(recorded.baseline?.source).toBe('recorded');
    expect(recorded.progress).toBeCloseTo(2.5 / 4, 12);
    expect(kpiStatus(aht, [], null)).toMatchObject({ latest: null, trend: null, progress: null, target_met: null });
  });
});

describe('kpi csv import', () => {
  const kpis = new Map([['support', ['aht', 'csat']]]);
  it('keeps good rows and reports each bad one with its line', () => {
    const text = [
      'use_case,kpi,at,value,baseline',
      'support,aht,2026-01-05,12.1,yes',
      'support,aht,2026-02-30,11,',
      'support,nps,2026-02-01,40,',
      'billing,aht,2026-02-01,40,',
      'support,csat,2026-02-01,4.2',
      'support,aht,2026-03-01,eleven,',
      'support,aht,2026-03-02,,',
      'support,aht,2026-03-03,10.9,maybe',
    ].join('\n');
    const { rows, problems } = parseKpiCsv(text, 'kpis.csv', kpis);
    expect(rows).toEqual([
      { line: 2, useCaseId: 'support', kpiId: 'aht', at: '2026-01-05', value: 12.1, baseline: true },
      { line: 6, useCaseId: 'support', kpiId: 'csat', at: '2026-02-01', value: 4.2, baseline: false },
    ]);
    expect(problems).toEqual([
      'kpis.csv:3: column "at": "2026-02-30" is not a date as YYYY-MM-DD',
      'kpis.csv:4: use case "support" has no KPI "nps" (declared: aht, csat)',
      'kpis.csv:5: unknown use case "billing"',
      'kpis.csv:7: column "value": "eleven" is not a number (expected a plain decimal: digits with an optional sign, "." and exponent, such as 12.5 or -3e2)',
      'kpis.csv:8: column "value": empty (expected a plain decimal number such as 12.5)',
      'kpis.csv:9: column "baseline": "maybe" is not true/false',
    ]);
  });

  it('reads only plain decimals: hex, binary, octal, overflow and Infinity are refused with line and column', () => {
    const values = ['0x10', '0b101', '0o17', '1e400', 'Infinity', '-Infinity', '1_000', '12.5', '-3e2', '.5', '+7'];
    const text = ['use_case,kpi,at,value', ...values.map((v) => `support,aht,2026-01-01,${v}`)].join('\n');
    const { rows, problems } = parseKpiCsv(text, 'k.csv', kpis);
    // Number() would have read the first five as 16, 5, 15, Infinity and Infinity.
    expect(rows.map((r) => r.value)).toEqual([12.5, -300, 0.5, 7]);
    expect(problems).toEqual([
      ...['0x10', '0b101', '0o17'].map((v, i) => `k.csv:${i + 2}: column "value": "${v}" is not a number (expected a plain decimal: digits with an optional sign, "." and exponent, such as 12.5 or -3e2)`),
      'k.csv:5: column "value": "1e400" is out of range (larger than a double can hold)',
      ...['Infinity', '-Infinity', '1_000'].map((v, i) => `k.csv:${i + 6}: column "value": "${v}" is not a number (expected a plain decimal: digits with an optional sign, "." and exponent, such as 12.5 or -3e2)`),
    ]);
  });

  it('names missing columns', () => {
    expect(parseKpiCsv('use_case,kpi,date,value\nsupport,aht,2026-01-01,1\n', 'k.csv', kpis).problems).toEqual([
      'k.csv:1: missing column at; expected use_case, kpi, at, value[, baseline]',
    ]);
  });
});

describe('kpi refresh rows', () => {
  it('reads values and dates from query rows, reporting rows it cannot use', async () => {
    const { pointsFromRows, newPoints } = await import('./kpi-refresh.js');
    const { points, problems } = pointsFromRows(
      [{ at: '2026-03-01', value: 10.5 }, { at: '2026-03-02 00:00:00+00', value: '10.25' }, { at: null, value: 9n }, { at: 'soon', value: 1 }, { at: '2026-03-04', value: null }],
      '2026-03-10',
    );
    expect(points).toEqual([
      { at: '2026-03-01', value: 10.5 },
      { at: '2026-03-02', value: 10.25 },
      { at: '2026-03-10', value: 9 },
    ]);
    expect(problems).toEqual(['row 4: at "soon" is not a date', 'row 5: value null is not a number']);
    expect(pointsFromRows([{ n: 1 }], '2026-01-01').problems).toEqual(['the query returns no "value" column (columns: n)']);
    expect(newPoints([{ at: '2026-03-01', value: 10.5 }], points)).toEqual(points.slice(1));
  });
});
