// GE evaluation parameters: the expected values are Python's own datetime arithmetic
// (python3: datetime(2026,12,2,15,30) - timedelta(weeks=52) etc.), not ours.
import { describe, expect, it } from 'vitest';
import { mapCase } from '../../src/readiness/conformance/ge-adapter.js';
import { evaluateParameter, withParameters } from '../../src/readiness/conformance/ge-parameters.js';

const now = new Date(Date.UTC(2026, 11, 2, 15, 30, 0));

describe('GE evaluation parameters', () => {
  it('evaluates now(), datetime() and timedelta() arithmetic as Python does', () => {
    expect(evaluateParameter('now()', now)).toBe('2026-12-02 15:30:00');
    expect(evaluateParameter('now() - timedelta(weeks=52)', now)).toBe('2025-12-03 15:30:00');
    expect(evaluateParameter('now() - timedelta(weeks=52*100)', now)).toBe('1927-04-06 15:30:00');
    expect(evaluateParameter('datetime(2003, 1, 1) + timedelta(days=1.5, hours=2)', now)).toBe('2003-01-02 14:00:00');
    expect(evaluateParameter('now() + timedelta(minutes=-90) * 2', now)).toBe('2026-12-02 12:30:00');
    expect(evaluateParameter('(1 + 2) * 4 - 6 / 3', now)).toBe(10);
  });

  it('refuses what is not self-contained or not a value, naming it', () => {
    expect(() => evaluateParameter('urn:great_expectations:validations:x', now)).toThrow(/cannot read|not offered/);
    expect(() => evaluateParameter('open("/etc/passwd")', now)).toThrow(/cannot read/);
    expect(() => evaluateParameter('exec(1)', now)).toThrow(/exec\(\.\.\.\) is not offered/);
    expect(() => evaluateParameter('timedelta(days=1)', now)).toThrow(/duration/);
    expect(() => evaluateParameter('datetime(2023, 2, 30)', now)).toThrow(/no such date/);
    expect(() => evaluateParameter('now() + now()', now)).toThrow(/cannot \+ a datetime and a datetime/);
    expect(() => evaluateParameter('1 +', now)).toThrow(/expected more/);
    const refused = withParameters({ column: 'ts', min_value: { $PARAMETER: 'upstream_row_count' } }, now);
    expect(refused).toEqual({ skip: expect.stringMatching(/^evaluation parameter min_value \(.+\) not offered/) });
  });

  it('maps a case with parameters to the same check with the values written in', () => {
    const mapped = mapCase('expect_column_values_to_be_between', { column: 'ts', min_value: { $PARAMETER: 'datetime(1969, 1, 1)' }, max_value: { $PARAMETER: 'now()' } }, { now });
    expect(mapped).toEqual({ checks: [{ type: 'range', column: 'ts', min: '1969-01-01 00:00:00', max: '2026-12-02 15:30:00' }] });
  });

  it('maps a vacuous case that GE expects to raise to the check our schema refuses, not a skip', () => {
    expect(mapCase('expect_column_min_to_be_between', { column: 'y', catch_exceptions: true })).toEqual({ skip: expect.stringMatching(/refused as a mistake/) });
    expect(mapCase('expect_column_min_to_be_between', { column: 'y', catch_exceptions: true }, { expectsError: true })).toEqual({ checks: [{ type: 'aggregate', column: 'y', metric: 'min' }] });
  });
});
