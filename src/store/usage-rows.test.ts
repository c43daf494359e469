// usage_days rows as written: the user lists kept as text between writes must always equal a
// fresh serialisation of the sets, however they grew in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDay } from '../usage/aggregate.js';
import { dayToRow, rowToDay } from './usage-rows.js';

/** The row's user documents serialised from scratch, as JSON.stringify gives them. */
function reference(d: ReturnType<typeof emptyDay>): { users: string; departments: string } {
  const departments = Object.create(null) as Record<string, { requests: number; users: string[] }>;
  for (const [name, dep] of d.departments) departments[name] = { requests: dep.requests, users: [...dep.users].sort() };
  return { users: JSON.stringify([...d.users].sort()), departments: JSON.stringify(departments) };
}

const names = fc.oneof(fc.constantFrom('sales', 'legal', '2', '10', '0', 'a"b', 'ünï', '__proto__', 'constructor'), fc.string({ maxLength: 6 }));

describe('dayToRow', () => {
  it('writes the same user lists as a fresh serialisation after any sequence of growth and writes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(names, fc.string({ maxLength: 4 }), fc.boolean()), { maxLength: 60 }), (steps) => {
        const d = emptyDay('u', '2026-03-01');
        for (const [department, user, write] of steps) {
          d.users.add(user);
          let dep = d.departments.get(department);
          if (!dep) d.departments.set(department, (dep = { requests: 0, users: new Set() }));
          dep.requests++;
          dep.users.add(user);
          if (write) {
            const row = dayToRow(d, 't');
            expect({ users: row.users, departments: row.departments }).toEqual(reference(d));
          }
        }
        const row = dayToRow(d, 't');
        expect({ users: row.users, departments: row.departments }).toEqual(reference(d));
        // And it reads back as the same sets.
        const back = rowToDay(row);
        expect([...back.users].sort()).toEqual([...d.users].sort());
        expect(new Map([...back.departments].map(([k, v]) => [k, [v.requests, [...v.users].sort()]]))).toEqual(new Map([...d.departments].map(([k, v]) => [k, [v.requests, [...v.users].sort()]])));
      }),
    );
  });
});
