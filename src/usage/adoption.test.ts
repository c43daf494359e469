// Active users, adoption rate and cohort retention against values worked out by hand from a
// four-day fixture, and properties checked by brute force over random usage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeUsers, adoptionRate, retentionByCohort } from './adoption.js';
import { dayIndex, dayString, weekStart } from './calendar.js';
import { usageDay } from './usage-fixtures.js';

// 2026-11-30 and 12-01 are in ISO week 49, 12-07 in week 50, 12-31 in week 53.
const days = [
  usageDay('2026-11-30', ['a', 'b'], 3),
  usageDay('2026-12-01', ['a', 'c'], 2),
  usageDay('2026-12-07', ['b', 'd'], 4),
  usageDay('2026-12-31', ['a'], 1),
];

describe('active users', () => {
  it('per day, with the days between filled as zero', () => {
    const daily = activeUsers(days, 'day', { through: '2026-12-03', audience: 4 });
    expect(daily.map((d) => [d.period, d.active_users, d.requests, d.adoption_rate])).toEqual([
      ['2026-11-30', 2, 3, 0.5],
      ['2026-12-01', 2, 2, 0.5],
      ['2026-12-02', 0, 0, 0],
      ['2026-12-03', 0, 0, 0],
    ]);
  });

  it('per ISO week: distinct over the week, the week under way marked incomplete', () => {
    const weekly = activeUsers(days, 'week', { through: '2026-12-09', audience: 4 });
    expect(weekly).toEqual([
      { period: '2026-W49', start: '2026-11-30', end: '2026-12-06', active_users: 3, requests: 5, adoption_rate: 0.75, complete: true },
      { period: '2026-W50', start: '2026-12-07', end: '2026-12-13', active_users: 2, requests: 4, adoption_rate: 0.5, complete: false },
    ]);
  });

  it('per calendar month, without an audience no rate', () => {
    const monthly = activeUsers(days, 'month', { through: '2027-01-02' });
    expect(monthly.map((m) => [m.period, m.active_users, m.requests, m.adoption_rate, m.complete])).toEqual([
      ['2026-11', 2, 3, null, true],
      ['2026-12', 4, 7, null, true],
      ['2027-01', 0, 0, null, false],
    ]);
  });

  it('leaves out days after `through` and answers nothing for no usage', () => {
    expect(activeUsers(days, 'week', { through: '2026-11-30' }).map((w) => w.active_users)).toEqual([2]);
    expect(activeUsers([], 'day', { through: '2026-12-01' })).toEqual([]);
  });

  it('caps the adoption rate at 1 and has none without a positive audience', () => {
    expect([adoptionRate(3, 4), adoptionRate(5, 4), adoptionRate(0, 4), adoptionRate(3, undefined)]).toEqual([0.75, 1, 0, null]);
  });
});

describe('retention by cohort', () => {
  it('follows each first-use week (minimum group size 1: every figure shown)', () => {
    const cohorts = retentionByCohort(days, { through: '2026-12-16', minGroupSize: 1 });
    // Cohort W49 = a, b, c; in W50 only b of them; in W51 none. Cohort W50 = d.
    expect(cohorts).toEqual([
      {
        cohort: '2026-W49',
        start: '2026-11-30',
        users: 3,
        weeks: [
          { week: '2026-W49', offset: 0, active: 3, share: 1 },
          { week: '2026-W50', offset: 1, active: 1, share: 1 / 3 },
          { week: '2026-W51', offset: 2, active: 0, share: 0 },
        ],
      },
      {
        cohort: '2026-W50',
        start: '2026-12-07',
        users: 1,
        weeks: [
          { week: '2026-W50', offset: 0, active: 1, share: 1 },
          { week: '2026-W51', offset: 1, active: 0, share: 0 },
        ],
      },
    ]);
  });

  it('hides small cohorts, and cells that could be subtracted from the week total', () => {
    const cohorts = retentionByCohort(days, { through: '2026-12-16', minGroupSize: 2 });
    // Cohort W50 (1 person) is hidden. In W50 the week's 2 active users are b (cohort W49) and
    // d (W50): showing "W49: 1" would reveal d's cohort count by subtraction, so it is hidden.
    expect(cohorts.map((c) => [c.users, c.weeks.map((w) => w.active)])).toEqual([
      [3, [3, null, 0]],
      [null, [null, null]],
    ]);
    expect(retentionByCohort(days, { through: '2026-12-16' }).every((c) => c.users === null && c.weeks.every((w) => w.active === null))).toBe(true);
  });
});

const arbDays = fc
  .array(fc.record({ offset: fc.integer({ min: 0, max: 62 }), users: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }) }), { maxLength: 40 })
  .map((rows) => {
    // One row per day, as the store returns them.
    const byDay = new Map<number, Set<number>>();
    for (const r of rows) byDay.set(r.offset, new Set([...(byDay.get(r.offset) ?? []), ...r.users]));
    return [...byDay].map(([o, u]) => usageDay(dayString(dayIndex('2026-10-01') + o), [...u].map((x) => `u${x}`)));
  });

describe('adoption properties', () => {
  it('rate in [0, 1]; a week has at least the active users of any of its days; a month at least those of any week inside it', () => {
    fc.assert(
      fc.property(arbDays, fc.integer({ min: 1, max: 40 }), (ds, audience) => {
        const through = '2026-12-10';
        const daily = activeUsers(ds, 'day', { through, audience });
        const weekly = new Map(activeUsers(ds, 'week', { through, audience }).map((w) => [w.start, w]));
        const monthly = new Map(activeUsers(ds, 'month', { through, audience }).map((m) => [m.period, m]));
        return (
          [...daily, ...weekly.values(), ...monthly.values()].every((p) => p.adoption_rate !== null && p.adoption_rate >= 0 && p.adoption_rate <= 1) &&
          daily.every((d) => weekly.get(dayString(weekStart(dayIndex(d.period))))!.active_users >= d.active_users) &&
          daily.every((d) => monthly.get(d.period.slice(0, 7))!.active_users >= d.active_users)
        );
      }),
    );
  });

  it('with no minimum, each week\'s cohort cells add up to that week\'s active users (brute force)', () => {
    fc.assert(
      fc.property(arbDays, (ds) => {
        const through = '2026-12-10';
        const weekly = activeUsers(ds, 'week', { through });
        const cohorts = retentionByCohort(ds, { through, minGroupSize: 1 });
        return weekly.every((w) => cohorts.reduce((a, c) => a + (c.weeks.find((x) => x.week === w.period)?.active ?? 0), 0) === w.active_users);
      }),
    );
  });

  it('with a minimum of 5, no shown cell is 1 to 4 and no hidden part of a week is 1 to 4 users', () => {
    fc.assert(
      fc.property(arbDays, (ds) => {
        const through = '2026-12-10';
        const weekly = activeUsers(ds, 'week', { through });
        const cohorts = retentionByCohort(ds, { through, minGroupSize: 5 });
        return weekly.every((w) => {
          const cells = cohorts.flatMap((c) => c.weeks.filter((x) => x.week === w.period));
          const shown = cells.filter((x) => x.active !== null).map((x) => x.active!);
          const hidden = w.active_users - shown.reduce((a, b) => a + b, 0);
          return shown.every((n) => n === 0 || n >= 5) && (hidden === 0 || hidden >= 5 || shown.length === 0) && cohorts.every((c) => c.users === null || c.users >= 5);
        });
      }),
    );
  });
});
