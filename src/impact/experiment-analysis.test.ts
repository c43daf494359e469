// The whole analysis from CSV and JSON input: reference values carried through, the
// verdict, corrections, guardrails, and every kind of bad input (clear error or a
// documented degenerate result; never NaN).
import { describe, expect, it } from 'vitest';
import { expectClose, expectCloseAll, REFERENCE } from '../../test/reference/impact/reference.js';
import { analyseExperiment, type ExperimentOptions } from './experiment-analysis.js';
import { experimentFromCsv, experimentFromJson, type CsvLayout } from './experiment-input.js';
import type { MetricSpec } from './metric-analysis.js';

const OPTIONS: ExperimentOptions = { alpha: 0.05, margin: 0, sequentialTuningN: null, control: 'control', plannedSplit: null, correction: 'holm', srmThreshold: 0.001 };
const LAYOUT: CsvLayout = { armColumn: 'arm', unitColumn: 'unit', metrics: ['y'], covariates: {} };
const spec = (metric: string, over: Partial<MetricSpec> = {}): MetricSpec => ({ metric, role: 'primary', direction: 'up', kpi: null, method: 'auto', ...over });

function csv(columns: string[], rows: (string | number)[][]): string {
  return [columns.join(','), ...rows.map((r) => r.join(','))].join('\n');
}

function welchCsv(r: (typeof REFERENCE.welch)[number]): string {
  const rows = [...r.control.map((v, i) => [`c${i}`, 'control', v]), ...r.treatment.map((v, i) => [`t${i}`, 'treatment', v])];
  return csv(['unit', 'arm', 'y'], rows);
}

describe('experiment analysis', () => {
  it('carries the Welch reference values from a per-unit CSV into the report', () => {
    const r = REFERENCE.welch[0]!;
    const report = analyseExperiment(experimentFromCsv(welchCsv(r), 'x.csv', LAYOUT), [spec('y')], OPTIONS);
    const m = report.metrics[0]!;
    expect(m.method).toBe('welch');
    expectClose(m.absolute?.lift, r.absolute, 'lift');
    expectCloseAll(m.absolute?.ci, r.ci, 'ci');
    expectClose(m.p_value, r.p_value, 'p');
    expectCloseAll(m.relative?.ci, r.relative_ci, 'relative ci');
    expect(report.srm.ok).toBe(true);
    expect(report.verdict).toBe(r.p_value < 0.05 ? 'positive' : 'inconclusive');
  });

  it('gives the same result from sufficient statistics as JSON', () => {
    const r = REFERENCE.welch[2]!;
    const sums = (v: number[]) => ({ n: v.length, sum: v.reduce((a, b) => a + b, 0), sum_squares: v.reduce((a, b) => a + b * b, 0) });
    const json = JSON.stringify({
      arms: [
        { arm: 'control', units: r.control.length, metrics: { y: sums(r.control) } },
        { arm: 'treatment', units: r.treatment.length, metrics: { y: sums(r.treatment) } },
      ],
    });
    const m = analyseExperiment(experimentFromJson(json, 's.json'), [spec('y')], OPTIONS).metrics[0]!;
    expectClose(m.p_value, r.p_value, 'p');
    expectCloseAll(m.absolute?.ci, r.ci, 'ci');
  });

  it('analyses a 0/1 metric as a proportion and a metric with a covariate with CUPED', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`u${i}`, i % 2 ? 'treatment' : 'control', i % 3 === 0 ? 1 : 0, i % 7, (i % 7) + (i % 5)]);
    const data = experimentFromCsv(csv(['unit', 'arm', 'converted', 'pre', 'post'], rows), 'x.csv', {
      ...LAYOUT,
      metrics: ['converted', 'post'],
      covariates: { post: 'pre' },
    });
    const report = analyseExperiment(data, [spec('converted'), spec('post')], OPTIONS);
    expect(report.metrics.map((m) => m.method)).toEqual(['proportion', 'cuped']);
    expect(report.metrics[1]?.cuped?.variance_reduction).toBeGreaterThan(0);
  });

  it('corrects primary p-values with Holm and leaves guardrails alone', () => {
    const r = REFERENCE.welch[0]!;
    const rows = r.control.map((v, i) => [`c${i}`, 'control', v, v]).concat(r.treatment.map((v, i) => [`t${i}`, 'treatment', v, v]));
    const data = experimentFromCsv(csv(['unit', 'arm', 'a', 'b'], rows), 'x.csv', { ...LAYOUT, metrics: ['a', 'b'] });
    const report = analyseExperiment(data, [spec('a'), spec('b')], OPTIONS);
    expectClose(report.metrics[0]?.adjusted_p_value, Math.min(1, 2 * r.p_value), 'holm-adjusted p');
    const guarded = analyseExperiment(data, [spec('a'), spec('b', { role: 'guardrail', direction: 'down' })], { ...OPTIONS, margin: 0.01 });
    expect(guarded.metrics[1]?.adjusted_p_value).toBe(guarded.metrics[1]?.p_value);
    // b rose ~8% and lower is better: it cannot be shown non-inferior within 1%.
    expect(guarded.metrics[1]?.guardrail?.regressed).toBe(true);
    expect(guarded.verdict).toBe('negative');
  });

  it('declares a sample-ratio mismatch invalid, whatever the lift', () => {
    const json = JSON.stringify({
      arms: [
        { arm: 'control', units: 4800, metrics: { y: { sum: 4800, sum_squares: 9600 } } },
        { arm: 'treatment', units: 5200, metrics: { y: { sum: 6240, sum_squares: 12480 } } },
      ],
    });
    const report = analyseExperiment(experimentFromJson(json, 's.json'), [spec('y')], OPTIONS);
    expect(report.srm.ok).toBe(false);
    expect(report.verdict).toBe('invalid');
    // Planned 48/52, the same counts are fine.
    const planned = analyseExperiment(experimentFromJson(json, 's.json'), [spec('y')], { ...OPTIONS, plannedSplit: { control: 48, treatment: 52 } });
    expect(planned.srm.ok).toBe(true);
  });

  describe('bad input', () => {
    it('names the missing arm', () => {
      const data = experimentFromCsv(csv(['unit', 'arm', 'y'], [['1', 'treatment', 1], ['2', 'treatment', 2]]), 'x.csv', LAYOUT);
      expect(() => analyseExperiment(data, [spec('y')], OPTIONS)).toThrow(/control arm "control" is missing; arms found: treatment/);
      const onlyControl = experimentFromCsv(csv(['unit', 'arm', 'y'], [['1', 'control', 1], ['2', 'control', 2]]), 'x.csv', LAYOUT);
      expect(() => analyseExperiment(onlyControl, [spec('y')], OPTIONS)).toThrow(/a treatment arm is missing/);
    });

    it('names file, line and column of a non-numeric value, and of every other bad row', () => {
      const text = csv(['unit', 'arm', 'y'], [['1', 'control', 1], ['2', 'control', 'n/a'], ['3', 'treatment', 2], ['3', '', '']]);
      try {
        experimentFromCsv(text, 'pilot.csv', LAYOUT);
        expect.unreachable();
      } catch (e) {
        expect((e as Error).message).toBe('pilot.csv: 4 problems in the data; nothing was analysed');
        expect((e as { details: string[] }).details).toEqual([
          'pilot.csv:3: column "y": "n/a" is not a number',
          'pilot.csv:5: column "arm" is empty; every unit needs an arm',
          'pilot.csv:5: unit "3" appears again (first at line 4); a unit belongs to one arm once',
          'pilot.csv:5: column "y": empty',
        ]);
      }
    });

    it('names missing columns', () => {
      expect(() => experimentFromCsv('unit,group,y\n1,a,2\n', 'x.csv', LAYOUT)).toThrow(/x.csv:1: missing column "arm"; the header has unit, group, y/);
    });

    it('refuses a single unit per arm', () => {
      const data = experimentFromCsv(csv(['unit', 'arm', 'y'], [['1', 'control', 1], ['2', 'treatment', 2]]), 'x.csv', LAYOUT);
      expect(() => analyseExperiment(data, [spec('y')], OPTIONS)).toThrow(/arm "control" has 1 unit with metric "y"; at least 2 per arm/);
    });

    it('reports zero variance as a degenerate, inconclusive result with nulls, not NaN', () => {
      const data = experimentFromCsv(csv(['unit', 'arm', 'y'], [['1', 'control', 5], ['2', 'control', 5], ['3', 'treatment', 5], ['4', 'treatment', 5]]), 'x.csv', LAYOUT);
      const report = analyseExperiment(data, [spec('y', { method: 'welch' })], OPTIONS);
      expect(report.verdict).toBe('inconclusive');
      expect(report.metrics[0]).toMatchObject({ degenerate: expect.stringMatching(/zero variance/), p_value: null, absolute: null, significant: false });
      expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    });

    it('rejects malformed and impossible sufficient statistics with the field', () => {
      expect(() => experimentFromJson('{"arms": [{"arm": "a", "units": "ten", "metrics": {}}]}', 's.json')).toThrow(/not a sufficient-statistics document/);
      try {
        experimentFromJson('{"arms": [{"arm": "a", "units": 10, "metrics": {"y": {"sum": 10, "sum_squares": 5}}}]}', 's.json');
        expect.unreachable();
      } catch (e) {
        expect((e as { details: string[] }).details).toEqual(['s.json: arms.0.metrics.y: sum_squares is smaller than sum²/n; these cannot come from real data']);
      }
    });
  });
});
