// ISO weeks checked against Python's date.isocalendar() (values below printed by
// /usr/bin/python3: [date(2026,12,31).isocalendar(), ...]) and month lengths against the calendar.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayIndex, dayString, elapsedDaysInMonth, monthBounds, nextMonth, weekLabel, weekStart } from './calendar.js';

describe('calendar', () => {
  it('labels ISO weeks across year ends as Python isocalendar does', () => {
    // python3: date(2026,12,31).isocalendar() -> (2026, 53, 4); date(2027,1,3) -> (2026, 53, 7);
    // date(2027,1,4) -> (2027, 1, 1); date(2024,12,30) -> (2025, 1, 1); date(2026,12,2) -> (2026, 49, 3)
    const cases: [string, string][] = [
      ['2026-12-31', '2026-W53'],
      ['2027-01-03', '2026-W53'],
      ['2027-01-04', '2027-W01'],
      ['2024-12-30', '2025-W01'],
      ['2026-12-02', '2026-W49'],
    ];
    for (const [day, label] of cases) expect(weekLabel(dayIndex(day)), day).toBe(label);
    expect(dayString(weekStart(dayIndex('2026-12-02')))).toBe('2026-11-30');
    expect(dayString(weekStart(dayIndex('2026-11-30')))).toBe('2026-11-30');
    expect(dayString(weekStart(dayIndex('2026-12-06')))).toBe('2026-11-30');
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '']) expect(() => dayIndex(bad), bad).toThrow(/not a date/);
  });

  it('knows month lengths, leap years and the month after December', () => {
    expect(monthBounds('2024-02').days).toBe(29);
    expect(monthBounds('2026-02').days).toBe(28);
    expect(monthBounds('2026-12').days).toBe(31);
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(elapsedDaysInMonth(new Date('2026-12-02T06:00:00Z'))).toBe(1.25);
  });

  it('every week starts on a Monday no more than 6 days before the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (i) => {
        const s = weekStart(i);
        return i - s >= 0 && i - s <= 6 && new Date(s * 86_400_000).getUTCDay() === 1 && dayIndex(dayString(i)) === i;
      }),
    );
  });
});
