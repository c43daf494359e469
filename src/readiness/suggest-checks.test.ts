// --suggest proposes what a data person would keep. Expected values worked out by hand from
// the rules in suggest-checks.ts (headroom 10% of the span, rounded outward to the margin's
// power of ten; freshness twice the latest value's age, in whole days).
import { describe, expect, it } from 'vitest';
import type { ColumnProfile, DatasetProfile } from './profile.js';
import { ACCEPTED_VALUES_MAX, rangeWithHeadroom, suggestChecks } from './suggest-checks.js';

const col = (over: Partial<ColumnProfile> & Pick<ColumnProfile, 'name' | 'type'>): ColumnProfile => ({
  nativeType: '',
  rows: 100,
  nulls: 0,
  nullShare: 0,
  distinct: 100,
  min: null,
  max: null,
  mean: null,
  stddev: null,
  quantiles: null,
  medianContinuous: null,
  length: null,
  pattern: null,
  top: [],
  ...over,
});

const STATUSES = ['new', 'paid', 'packed', 'shipped', 'delivered', 'returned', 'refunded', 'lost'];
const profile: DatasetProfile = {
  datasetId: 'orders',
  rows: 100,
  columns: [
    col({ name: 'order_id', type: 'integer', min: 1, max: 100 }),
    col({ name: 'amount', type: 'number', min: 2, max: 102 }),
    col({ name: 'temp', type: 'number', min: -5.2, max: 35.6 }),
    col({ name: 'status', type: 'string', distinct: 8, top: STATUSES.map((value, i) => ({ value, count: 20 - i })) }),
    col({ name: 'created', type: 'timestamp', distinct: 50, min: '2026-01-01 00:00:00', max: '2026-11-30 12:00:00' }),
    col({ name: 'observed', type: 'date', distinct: 50, min: '2012-01-01', max: '2015-12-31' }),
  ],
};

describe('suggested checks', () => {
  const s = suggestChecks(profile, new Date('2026-12-01T00:00:00Z'));
  const of = (type: string, column: string) => s.filter((c) => c.type === type && c.column === column);

  it('proposes accepted values for 6 to 12 distinct values (not only the top 5)', () => {
    expect(ACCEPTED_VALUES_MAX).toBe(12);
    expect(of('accepted_values', 'status')).toEqual([{ type: 'accepted_values', column: 'status', values: [...STATUSES].sort() }]);
  });

  it('proposes unique on key-like columns only, not on a measure that happens to be unique', () => {
    expect(of('unique', 'order_id')).toHaveLength(1);
    expect(of('unique', 'amount')).toEqual([]);
    expect(of('unique', 'temp')).toEqual([]);
  });

  it('sets ranges with headroom, not at the observed extremes', () => {
    // amount: span 100, margin 10 -> [-8 -> 0 (non-negative data), 112 -> 120].
    expect(of('range', 'amount')).toEqual([{ type: 'range', column: 'amount', min: 0, max: 120 }]);
    // temp: span 40.8, margin 4.08 -> [-9.28 -> -10, 39.68 -> 40].
    expect(of('range', 'temp')).toEqual([{ type: 'range', column: 'temp', min: -10, max: 40 }]);
    expect(of('range', 'order_id')).toEqual([]);
    expect(rangeWithHeadroom(7, 7, true)).toEqual([6, 8]);
  });

  it('proposes freshness on date and timestamp columns whatever their name', () => {
    // created: 12 h old -> 24 h; observed: 2015-12-31 is 3,988 days (+1 for the whole day) old -> twice, in days.
    expect(of('freshness', 'created')).toEqual([{ type: 'freshness', column: 'created', max_age_hours: 24, severity: 'warn' }]);
    const days = (Date.parse('2026-12-01T00:00:00Z') - Date.parse('2015-12-31T00:00:00Z')) / 86_400_000 + 1;
    expect(of('freshness', 'observed')).toEqual([{ type: 'freshness', column: 'observed', max_age_hours: days * 2 * 24, severity: 'warn' }]);
  });
});
