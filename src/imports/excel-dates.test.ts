import { describe, expect, it } from 'vitest';
import { dateToExcelSerial, excelSerialToDate } from './excel-dates.js';

// Known values: Microsoft's documentation of DATE and DATEVALUE (DATE(2008,1,1) = 39448;
// 1900-01-01 = 1; the 1904 system starts at 1904-01-01 = 0 and is 1,462 days behind), and
// 25569 = 1970-01-01, the Unix epoch, which every converter agrees on.
describe('Excel serial dates', () => {
  const known1900: [number, string][] = [
    [1, '1900-01-01'],
    [2, '1900-01-02'],
    [31, '1900-01-31'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [25569, '1970-01-01'],
    [36526, '2000-01-01'],
    [39448, '2008-01-01'],
    [45292, '2024-01-01'],
    [45351, '2024-02-29'],
    [2958465, '9999-12-31'],
  ];
  it.each(known1900)('1900 system: %d is %s (and back)', (serial, iso) => {
    expect(excelSerialToDate(serial)).toEqual({ iso });
    expect(dateToExcelSerial(iso)).toBe(serial);
  });

  it('1900 system: serial 60 is the leap day that never was, and 0 is no date', () => {
    expect(excelSerialToDate(60).problem).toMatch(/1900-02-29.*never was/);
    expect(excelSerialToDate(0).problem).toMatch(/outside/);
    expect(excelSerialToDate(-3).problem).toMatch(/outside/);
  });

  it('1904 system: 0 is 1904-01-01, every day 1,462 behind the 1900 system', () => {
    expect(excelSerialToDate(0, true)).toEqual({ iso: '1904-01-01' });
    expect(excelSerialToDate(1, true)).toEqual({ iso: '1904-01-02' });
    for (const [serial, iso] of known1900.filter(([s]) => s > 1462 + 60)) {
      expect(excelSerialToDate(serial - 1462, true)).toEqual({ iso });
      expect(dateToExcelSerial(iso, true)).toBe(serial - 1462);
    }
  });

  it('a fraction is the time of day, to the second', () => {
    expect(excelSerialToDate(45292.5)).toEqual({ iso: '2024-01-01T12:00:00' });
    expect(excelSerialToDate(45292.75)).toEqual({ iso: '2024-01-01T18:00:00' });
    expect(excelSerialToDate(25569 + 1 / 86400)).toEqual({ iso: '1970-01-01T00:00:01' });
  });

  it('every whole serial from 61 on round-trips (agrees with Python: date(1899,12,30) + timedelta(n))', () => {
    for (let n = 61; n < 80_000; n += 97) {
      const { iso } = excelSerialToDate(n);
      expect(iso).toBe(new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10));
      expect(dateToExcelSerial(iso!)).toBe(n);
    }
  });
});
