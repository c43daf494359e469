// UTC calendar arithmetic for usage periods: days as YYYY-MM-DD, ISO 8601 weeks (Monday to
// Sunday, week 1 holds the year's first Thursday) and calendar months. Days are counted as
// integers since 1970-01-01 so that windows and week starts are exact, never off by an hour.
export const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD date; throws on anything else (store data is ours). */
export function dayIndex(day: string): number {
  const m = DAY.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || !Number.isFinite(ms) || dayString(ms / MS_PER_DAY) !== day) throw new RangeError(`not a date (YYYY-MM-DD): "${day}"`);
  return ms / MS_PER_DAY;
}

export function dayString(index: number): string {
  return new Date(index * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC day `now` falls on. */
export function todayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Monday of the ISO week holding the day (1970-01-01 was a Thursday, so the weekday with
 * Monday = 0 is (index + 3) mod 7).
 */
export function weekStart(index: number): number {
  return index - (((index + 3) % 7) + 7) % 7;
}

/**
 * ISO 8601 week label, e.g. 2026-W49. The week belongs to the year of its Thursday, and its
 * number counts weeks from the one holding that year's first Thursday (ISO 8601-1:2019, 5.2.4.1).
 */
export function weekLabel(index: number): string {
  const thursday = weekStart(index) + 3;
  const year = Number(dayString(thursday).slice(0, 4));
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

/** First day index of a YYYY-MM month, and the number of days in it. */
export function monthBounds(month: string): { first: number; days: number } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const first = Date.UTC(y, m - 1, 1) / MS_PER_DAY;
  return { first, days: Date.UTC(y, m, 1) / MS_PER_DAY - first };
}

/** The month after a YYYY-MM month. */
export function nextMonth(month: string): string {
  const { first, days } = monthBounds(month);
  return monthOfDay(dayString(first + days));
}

/** Days of `now`'s month elapsed at `now`, as a fraction (0 at midnight of the 1st). */
export function elapsedDaysInMonth(now: Date): number {
  const { first } = monthBounds(monthOfDay(todayOf(now)));
  return (now.getTime() - first * MS_PER_DAY) / MS_PER_DAY;
}
