// Anomaly detection against z-scores computed independently by Python's statistics module
// (fixtures/anomaly-reference.py), and the headline behaviour: a 40% overnight drop in an
// otherwise steady series is flagged with the default threshold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAnomalies, meanStd, type MetricPoint } from './anomaly.js';

const ref = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/anomaly-reference.json'), 'utf8')) as {
  points: MetricPoint[];
  trailing_14: (number | null)[];
  weekly_4: (number | null)[];
};

describe('anomaly detection', () => {
  it('matches Python trailing-window z-scores', () => {
    const got = detectAnomalies(ref.points, { window: 14, minPoints: 5 });
    got.forEach((p, i) => {
      const want = ref.trailing_14[i];
      if (want === null || want === undefined) expect(p.zScore === null || !Number.isFinite(p.zScore)).toBe(true);
      else expect(p.zScore).toBeCloseTo(want, 10);
    });
  });

  it('matches Python same-weekday z-scores (weekly seasonality)', () => {
    const got = detectAnomalies(ref.points, { window: 4, weekly: true, minPoints: 3 });
    got.forEach((p, i) => {
      const want = ref.weekly_4[i];
      if (want === null || want === undefined) expect(p.zScore === null || !Number.isFinite(p.zScore)).toBe(true);
      else expect(p.zScore).toBeCloseTo(want, 10);
    });
  });

  it('needs weekly seasonality to see a weekend drop that a trailing window hides', () => {
    // The trailing window mixes weekdays and weekends, so its spread swallows the drop.
    expect(detectAnomalies(ref.points, { window: 14 }).at(-1)?.anomaly).toBe(false);
    expect(detectAnomalies(ref.points, { window: 4, weekly: true }).at(-1)).toMatchObject({ anomaly: true, expected: expect.any(Number) });
  });

  it('flags a 40% overnight drop in a steady daily series with the default threshold', () => {
    const steady = Array.from({ length: 20 }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), value: 10_000 + ((i * 37) % 50) }));
    steady.push({ at: new Date(Date.UTC(2026, 0, 21)).toISOString(), value: 6_000 });
    const judged = detectAnomalies(steady);
    expect(judged.at(-1)).toMatchObject({ anomaly: true });
    expect(judged.at(-1)?.rateOfChange).toBeCloseTo(6000 / (10_000 + ((19 * 37) % 50)) - 1, 12);
    expect(judged.slice(0, -1).some((p) => p.anomaly)).toBe(false);
  });

  it('uses the sample standard deviation (textbook: 2, 4, 4, 4, 5, 5, 7, 9 has s = 2.138...)', () => {
    const { mean, std } = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(std).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
});
