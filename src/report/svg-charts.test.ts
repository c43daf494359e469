import { describe, expect, it } from 'vitest';
import { sampleReportModel } from './report-fixture.js';
import { ganttChart, matrixChart, ticks } from './svg-charts.js';

describe('report charts', () => {
  it('picks round axis ticks covering the range', () => {
    expect(ticks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(-314311, 467670)).toEqual([-200000, 0, 200000, 400000]);
    expect(ticks(5, 5)).toEqual([5]);
  });

  it('places every point of the matrix inside the plot, higher value higher up', () => {
    const m = sampleReportModel();
    const svg = matrixChart(m.portfolio, m.thresholds, 'EUR');
    const ys = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((x) => Number(x[2]));
    expect(ys).toHaveLength(2);
    for (const y of ys) expect(y).toBeGreaterThan(16 + 9); // below the top edge by more than a radius
    expect(ys[0]!).toBeLessThan(ys[1]!); // rank 1 (467,670) above rank 2 (-8,723)
    expect(svg).toContain('Risk-adjusted expected NPV (EUR)');
    expect(svg).toContain('Feasibility score (0–100)');
  });

  it('draws a plan bar from its start quarter for its duration', () => {
    const svg = ganttChart([{ id: 'a', title: 'A', team: 't', status: 'candidate', start: 1, duration: 2, value: 1, funded: true }], ['Q1', 'Q2', 'Q3', 'Q4']);
    const [, x, w] = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(svg.replace(/<defs>.*<\/defs>/, ''))!;
    const qw = (720 - 230 - 10) / 4;
    expect(Number(x)).toBeCloseTo(230 + qw + 2);
    expect(Number(w)).toBeCloseTo(qw * 2 - 4);
  });
});
