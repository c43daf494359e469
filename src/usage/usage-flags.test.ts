// The no-use and falling-use flags at their boundaries (now: 2026-12-02 10:00 UTC).
import { describe, expect, it } from 'vitest';
import { usageFlags } from './usage-flags.js';
import { ids, usageDay } from './usage-fixtures.js';

const now = new Date('2026-12-02T10:00:00Z');
const kinds = (days: Parameters<typeof usageFlags>[0]) => usageFlags(days, now).map((f) => f.kind);

describe('usage flags', () => {
  it('no use: 14 days back from today inclusive (2026-11-19), nothing recorded at all too', () => {
    // Ten active users in both 28-day windows, so only no_use can show.
    const steady = [usageDay('2026-10-10', ids('u', 10)), usageDay('2026-11-10', ids('u', 10))];
    expect(kinds([...steady, usageDay('2026-11-18', ['a'])])).toEqual(['no_use']);
    expect(kinds([...steady, usageDay('2026-11-19', ['a'])])).toEqual([]);
    expect(kinds([...steady, usageDay('2026-12-02', ['a'])])).toEqual([]);
    expect(usageFlags([], now)).toEqual([{ kind: 'no_use', detail: 'no requests recorded yet', figures: { days: 14, since: '2026-11-19', last_request_day: null } }]);
    expect(usageFlags([...steady, usageDay('2026-11-18', ['a'])], now)[0]?.figures).toEqual({ days: 14, since: '2026-11-19', last_request_day: '2026-11-18' });
    expect(usageFlags([usageDay('2026-12-03', ['a'])], now)[0]?.detail).toBe('no requests recorded yet');
  });

  it('falling use: a drop of more than 20% between the 28-day windows ending yesterday', () => {
    // Windows: previous 2026-10-07..11-03 (10 users on its first day), last 11-04..12-01.
    const previous = usageDay('2026-10-07', ids('u', 10));
    const flagged = (lastUsers: number) => kinds([previous, usageDay('2026-12-01', ids('v', lastUsers))]).includes('falling_use');
    expect([flagged(7), flagged(8), flagged(9)]).toEqual([true, false, false]);
    // Today's users do not count yet; a user before the previous window does not count at all.
    expect(kinds([previous, usageDay('2026-12-02', ids('v', 10))])).toEqual(['falling_use']);
    expect(kinds([usageDay('2026-10-06', ids('u', 10)), usageDay('2026-12-01', ['v'])])).toEqual([]);
    expect(usageFlags([previous, usageDay('2026-12-01', ids('v', 7))], now)[0]?.detail).toBe('7 active users in the last 28 days, down 30% from 10 in the 28 days before');
    expect(usageFlags([previous, usageDay('2026-12-01', ids('v', 7))], now)[0]?.figures).toEqual({ window_days: 28, active_users: 7, active_users_before: 10, drop_percent: 30 });
  });

  it('takes other rules', () => {
    const d = [usageDay('2026-11-28', ['a'])];
    expect(usageFlags(d, now, { noUseDays: 5 })).toEqual([]);
    expect(usageFlags(d, now, { noUseDays: 4 }).map((f) => f.kind)).toEqual(['no_use']);
  });
});
