// A pulse survey's period, a calendar month ("2026-11") or quarter ("2026-Q4") in UTC: when it
// starts, when it ends (the start of the next one), and the period a moment falls in.

export interface PeriodSpan {
  period: string;
  /** The first instant of the period, ISO 8601 UTC. */
  start: string;
  /** The first instant after the period: answers are accepted while `now < end`. */
  end: string;
}

export function periodSpan(period: string): PeriodSpan {
  const m = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/.exec(period);
  if (!m) throw new RangeError(`"${period}" is not a period: a month (2026-11) or a quarter (2026-Q4)`);
  const year = Number(m[1]);
  const firstMonth = m[2] ? Number(m[2]) - 1 : (Number(m[3]) - 1) * 3;
  const months = m[2] ? 1 : 3;
  return { period, start: new Date(Date.UTC(year, firstMonth, 1)).toISOString(), end: new Date(Date.UTC(year, firstMonth + months, 1)).toISOString() };
}

/** The month `now` falls in, e.g. 2026-12. */
export function currentMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}
