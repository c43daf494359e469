// Departments using a use case, hand-worked, with the minimum group size of 5.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { departmentsUsing, type DepartmentDay } from './departments.js';
import { ids } from './usage-fixtures.js';

const row = (department: string, users: string[], day = '2026-11-10', requests = users.length * 10): DepartmentDay => ({ day, department, users, requests });
const window = { from: '2026-11-01', through: '2026-11-30' };

describe('departments using it', () => {
  it('names departments of 5 users or more and folds smaller ones into "other"', () => {
    const rows = [row('sales', ids('s', 6)), row('ops', ids('o', 5)), row('hr', ids('h', 4)), row('legal', ['l0']), row('finance', ids('f', 9), '2026-10-31')];
    expect(departmentsUsing(rows, window)).toEqual({
      ...window,
      minGroupSize: 5,
      departments: [
        { department: 'sales', active_users: 6, requests: 60 },
        { department: 'ops', active_users: 5, requests: 50 },
      ],
      other: { departments: 2, active_users: 5, requests: 50 },
    });
  });

  it('hides the smallest named department too when "other" alone would be under 5', () => {
    // hr's 4 alone would be "other: 4": ops (5) joins, other = 9 people in 2 departments.
    const r = departmentsUsing([row('sales', ids('s', 6)), row('ops', ids('o', 5)), row('hr', ids('h', 4))], window);
    expect(r.departments.map((d) => d.department)).toEqual(['sales']);
    expect(r.other).toEqual({ departments: 2, active_users: 9, requests: 90 });
  });

  it('counts a person once across days, and shows nothing about 4 people in all', () => {
    const r = departmentsUsing([row('hr', ['h0', 'h1']), row('hr', ['h1', 'h2'], '2026-11-11'), row('it', ['i0'])], window);
    expect(r).toEqual({ ...window, minGroupSize: 5, departments: [], other: { departments: 2, active_users: null, requests: null } });
    expect(departmentsUsing([row('hr', ['h0', 'h1', 'h2'])], { ...window, minGroupSize: 3 }).departments).toEqual([{ department: 'hr', active_users: 3, requests: 30 }]);
  });

  it('never names a department of 1 to 4 users nor leaves an "other" of 1 to 4', () => {
    const arbRows = fc.array(
      fc.record({ department: fc.constantFrom('a', 'b', 'c', 'd', 'e'), users: fc.uniqueArray(fc.integer({ min: 0, max: 25 }), { maxLength: 8 }), day: fc.constantFrom('2026-11-01', '2026-11-15', '2026-11-30') }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(arbRows, (rs) => {
        const rows = rs.map((x) => row(x.department, x.users.map((u) => `u${u}`), x.day));
        const r = departmentsUsing(rows, window);
        const small = (n: number) => n > 0 && n < 5;
        // Brute force: the distinct users of each named department, from the rows themselves.
        const truth = (d: string) => new Set(rows.filter((x) => x.department === d).flatMap((x) => x.users)).size;
        return r.departments.every((d) => !small(d.active_users) && d.active_users === truth(d.department)) && (r.other === null || r.other.active_users === null || !small(r.other.active_users));
      }),
    );
  });
});
