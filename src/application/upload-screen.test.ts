// The upload screen: numbers (negative ones too) pass, spreadsheet formulas, binary content,
// workbooks and overlong lines are refused with their line and column.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionError } from './errors.js';
import { MAX_LINE_CHARS, screenProblems, screenUpload } from './upload-screen.js';

const header = 'use_case,kpi,at,value\n';

describe('upload screen', () => {
  it('lets every finite number through, negative and signed ones included', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => screenProblems(`${header}u,k,2026-01-01,${x}\n`, 'csv').length === 0));
    expect(screenProblems(`${header}u,k,2026-01-01,+5\nu,k,2026-01-02,-.5\n`, 'csv')).toEqual([]);
  });

  it('refuses any cell a spreadsheet would run, naming line and column', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '@', '+', '-'), fc.stringMatching(/^[A-Za-z(][A-Za-z0-9()!:]{0,10}$/), fc.integer({ min: 0, max: 3 }), (lead, rest, col) => {
        const cells = ['u', 'k', '2026-01-01', '1'];
        cells[col] = `${lead}${rest}`;
        const problems = screenProblems(`${header}${cells.join(',')}\n`, 'csv');
        return problems.length === 1 && problems[0]!.field === `csv line 2 column ${col + 1}` && /formula/.test(problems[0]!.message);
      }),
    );
    expect(screenProblems(`${header}u,k,2026-01-01,"=1+2"\n`, 'csv')[0]?.field).toBe('csv line 2 column 4');
  });

  it('refuses binary content, workbooks and overlong lines, all problems at once', () => {
    expect(screenProblems('PK\u0003\u0004rest', 'csv')).toEqual([{ field: 'csv', message: expect.stringContaining('.xlsx') }]);
    const text = `${header}u,k,2026-01-01,1\u0000\nu,k,2026-01-02,${'1'.repeat(MAX_LINE_CHARS + 1)}\nu,k,2026-01-03,\ufffd\n`;
    expect(screenProblems(text, 'csv').map((p) => p.field)).toEqual(['csv line 2', 'csv line 3', 'csv line 4']);
    try {
      screenUpload(text, 'csv', 'the KPI file');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ActionError);
      expect((e as ActionError).message).toMatch(/^the KPI file refused: csv line 2: binary content .* \(and 2 more\); nothing recorded$/);
      expect((e as ActionError).problems).toHaveLength(3);
    }
  });
});
