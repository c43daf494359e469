// Excel serial dates: a number of days (and a fraction of a day) since an epoch, in one of the
// two date systems a workbook can declare (ECMA-376 Part 1, 18.17.4.1 "Date Representation";
// `workbookPr date1904`).
// - 1900 system (Windows Excel's default): serial 1 is 1900-01-01. Excel keeps Lotus 1-2-3's
//   error of counting 1900 as a leap year (Microsoft, "Excel incorrectly assumes that the year
//   1900 is a leap year"), so serial 60 is the date 1900-02-29 that never was, and from 61
//   (1900-03-01) on every serial is one more than the days since 1899-12-31: day = 1899-12-30 + n.
// - 1904 system (old Mac Excel): serial 0 is 1904-01-01; the same day is 1,462 less than in
//   the 1900 system.
// Pure: no clock, no time zone (all arithmetic in UTC).

const DAY_MS = 86_400_000;
const EPOCH_1900_FROM_MARCH = Date.UTC(1899, 11, 30);
const EPOCH_1900_BEFORE_MARCH = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

export type SerialDate = { iso: string; problem?: undefined } | { iso?: undefined; problem: string };

/** A serial to `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM:SS` when it has a time of day), or why it is no date. */
export function excelSerialToDate(serial: number, date1904 = false): SerialDate {
  if (!Number.isFinite(serial)) return { problem: 'is not a number' };
  const days = Math.floor(serial);
  // Excel shows dates from 1900-01-01 (1900 system) or 1904-01-01 (1904 system) to 9999-12-31 (serial 2,958,465 in the 1900 system).
  if (date1904 ? days < 0 || days > 2_957_003 : days < 1 || days > 2_958_465) return { problem: `${serial} is outside the dates Excel can show` };
  if (!date1904 && days === 60) return { problem: 'is 1900-02-29, a day Excel counts but that never was (its 1900 leap-year error)' };
  const epoch = date1904 ? EPOCH_1904 : days < 60 ? EPOCH_1900_BEFORE_MARCH : EPOCH_1900_FROM_MARCH;
  // Round the time of day to the second, as Excel shows it.
  const seconds = Math.round((serial - days) * 86_400);
  const ms = epoch + days * DAY_MS + seconds * 1000;
  const text = new Date(ms).toISOString();
  return { iso: seconds === 0 ? text.slice(0, 10) : text.slice(0, 19) };
}

/** A calendar date (UTC) to its serial in the date system; the inverse of `excelSerialToDate` for whole days. */
export function dateToExcelSerial(isoDate: string, date1904 = false): number {
  const ms = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${isoDate}`);
  if (date1904) return Math.round((ms - EPOCH_1904) / DAY_MS);
  const days = Math.round((ms - EPOCH_1900_FROM_MARCH) / DAY_MS);
  // Before 1900-03-01 the phantom 1900-02-29 has not been counted yet.
  return days < 61 ? days - 1 : days;
}
