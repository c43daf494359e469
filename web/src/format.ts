// Number formats the pages share: money in the workspace currency (compact on chart axes),
// percentages and plain counts, all in one locale so columns line up.
// toLocaleString with options builds a new Intl.NumberFormat on every call (slow over a
// 500-row table): one formatter per currency and style, kept.
const formatters = new Map<string, Intl.NumberFormat>();
const formatter = (key: string, options: Intl.NumberFormatOptions) => {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en', options)));
  return f;
};
export const money = (n: number, currency: string) => formatter(`money ${currency}`, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
export const compactMoney = (n: number, currency: string) => formatter(`compact ${currency}`, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(n);
/** Axis ticks: exact below 100,000 (1,091 rows must not read as 1.1K), compact above. */
export const axisNumber = (n: number) => (Math.abs(n) >= 100_000 ? n.toLocaleString('en', { notation: 'compact', maximumFractionDigits: 2 }) : n.toLocaleString('en', { maximumFractionDigits: 2 }));
export const percent = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`);
export const count = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('en'));
export const ms = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${n.toLocaleString('en', { maximumFractionDigits: n < 10 ? 1 : 0 })} ms`);

// Dates: one format on every page, in one locale. The workspace names no locale yet, so British
// English: day, month, year ("2 Dec 2026"), 24-hour clock; charts drop the year where ticks are dense.
export const LOCALE = 'en-GB';
/** A moment: "2 Dec 2026, 14:05". */
export const when = (iso: string) => new Date(iso).toLocaleString(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
/** A day: "2 Dec 2026" (a bare YYYY-MM-DD is that day, not midnight UTC shifted by the time zone). */
export const day = (iso: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso).toLocaleDateString(LOCALE, { dateStyle: 'medium', ...(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? { timeZone: 'UTC' } : {}) });
/** A chart tick: "2 Dec". */
export const tickDay = (iso: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso).toLocaleDateString(LOCALE, { day: 'numeric', month: 'short', ...(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? { timeZone: 'UTC' } : {}) });
/** A month: "Dec 2026" (from YYYY-MM). */
export const monthName = (m: string) => new Date(`${m}-01T00:00:00Z`).toLocaleDateString(LOCALE, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Round axis bounds and about `n` ticks at 1, 2, 2.5 or 5 times a power of ten. */
export function niceScale(min: number, max: number, n: number): { lo: number; hi: number; ticks: number[] } {
  const raw = (max - min) / n || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  return { lo, hi, ticks: Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step) };
}
