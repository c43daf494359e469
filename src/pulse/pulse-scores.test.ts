import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PulseAnswer, PulseResponse } from '../domain/pulse.js';
import { periodSpan } from './pulse-period.js';
import { levelPoints, pulseFigures, pulseResults } from './pulse-scores.js';

const a = (quality: number, effort: number, speed: number, productivity: number): PulseAnswer => ({ quality, effort, speed, productivity });
const r = (department: string | null, answer: PulseAnswer): PulseResponse => ({ department, answer });

describe('pulse scores', () => {
  it('maps the five levels linearly onto 0-100', () => {
    expect([1, 2, 3, 4, 5].map(levelPoints)).toEqual([0, 25, 50, 75, 100]);
  });

  // Hand-computed: quality 5,4,3,2,5 -> 100,75,50,25,100 -> 350/5 = 70, agree (>= 4) 3/5;
  // effort 4,4,2,5,3 -> 325/5 = 65, agree 3/5; speed 3,4,5,4,2 -> 325/5 = 65, agree 3/5;
  // productivity 4,5,4,3,1 -> 300/5 = 60, agree 3/5; overall (70+65+65+60)/4 = 65.
  const five = [r('Sales', a(5, 4, 3, 4)), r('Sales', a(4, 4, 4, 5)), r('Sales', a(3, 2, 5, 4)), r('Finance', a(2, 5, 4, 3)), r('Finance', a(5, 3, 2, 1))];

  it('scores each statement and overall against hand-computed values', () => {
    const res = pulseResults(five, 5);
    expect(res.respondents).toBe(5);
    expect(res.figures).toEqual({
      items: { quality: { score: 70, agree: 0.6 }, effort: { score: 65, agree: 0.6 }, speed: { score: 65, agree: 0.6 }, productivity: { score: 60, agree: 0.6 } },
      overall: 65,
    });
    // Sales (3) and Finance (2) are both below 5: neither is shown.
    expect(res.departments).toEqual([]);
    expect(res.hiddenDepartments).toBe(2);
  });

  it('shows nothing, not even the count, for fewer respondents than the minimum group size', () => {
    const res = pulseResults(five.slice(0, 4), 5);
    expect(res).toEqual({ respondents: null, minGroupSize: 5, figures: null, departments: [], hiddenDepartments: 0 });
    expect(pulseResults(five, 6).figures).toBeNull();
    expect(pulseResults([], 5).figures).toBeNull();
  });

  it('hides a department that would be revealed by subtraction (secondary suppression)', () => {
    const many = (dept: string | null, n: number, level: number) => Array.from({ length: n }, () => r(dept, a(level, level, level, level)));
    // Sales 6 (all agree 4 -> 75), Finance 5 (all 2 -> 25), one without a department: the lone
    // one is hidden, and Finance with it, since total - Sales - Finance would reveal that person.
    const res = pulseResults([...many('Sales', 6, 4), ...many('Finance', 5, 2), ...many(null, 1, 5)], 5);
    expect(res.respondents).toBe(12);
    expect(res.departments.map((d) => [d.department, d.respondents, d.figures.overall])).toEqual([['Sales', 6, 75]]);
    expect(res.hiddenDepartments).toBe(1);
    // overall of all 12: (6x75 + 5x25 + 100)/12 = 675/12 = 56.25
    expect(res.figures?.overall).toBeCloseTo(56.25, 12);
    // Large enough groups are all shown, most respondents first.
    const both = pulseResults([...many('Sales', 6, 4), ...many('Finance', 5, 2)], 5);
    expect(both.departments.map((d) => d.department)).toEqual(['Sales', 'Finance']);
    expect(both.hiddenDepartments).toBe(0);
  });

  it('keeps every figure within its bounds whatever the answers', () => {
    const level = fc.integer({ min: 1, max: 5 });
    const answer = fc.record({ quality: level, effort: level, speed: level, productivity: level });
    fc.assert(
      fc.property(fc.array(fc.record({ department: fc.constantFrom('A', 'B', 'C', null), answer }), { minLength: 1, maxLength: 40 }), (responses) => {
        const f = pulseFigures(responses.map((x) => x.answer));
        for (const v of Object.values(f.items)) {
          expect(v.score).toBeGreaterThanOrEqual(0);
          expect(v.score).toBeLessThanOrEqual(100);
          expect(v.agree).toBeGreaterThanOrEqual(0);
          expect(v.agree).toBeLessThanOrEqual(1);
        }
        const res = pulseResults(responses, 5);
        for (const d of res.departments) expect(d.respondents).toBeGreaterThanOrEqual(5);
        // What is hidden together is never a small group.
        const shown = res.departments.reduce((s, d) => s + d.respondents, 0);
        if (res.respondents !== null) expect(res.respondents - shown === 0 || res.respondents - shown >= 5).toBe(true);
      }),
    );
  });
});

describe('pulse periods', () => {
  it('spans a month and a quarter in UTC', () => {
    expect(periodSpan('2026-11')).toEqual({ period: '2026-11', start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' });
    expect(periodSpan('2026-12').end).toBe('2027-01-01T00:00:00.000Z');
    expect(periodSpan('2026-Q4')).toEqual({ period: '2026-Q4', start: '2026-10-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
    expect(() => periodSpan('2026-13')).toThrow(/not a period/);
  });
});
