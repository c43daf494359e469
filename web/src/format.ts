// Number formats the pages share: money in the workspace currency (compact on chart axes),
// percentages and plain counts, all in one locale so columns line up.
export const money = (n: number, currency: string) => n.toLocaleString('en', { style: 'currency', currency, maximumFractionDigits: 0 });
export const compactMoney = (n: number, currency: string) => n.toLocaleString('en', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
/** Axis ticks: exact below 100,000 (1,091 rows must not read as 1.1K), compact above. */
export const axisNumber = (n: number) => (Math.abs(n) >= 100_000 ? n.toLocaleString('en', { notation: 'compact', maximumFractionDigits: 2 }) : n.toLocaleString('en', { maximumFractionDigits: 2 }));
export const percent = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`);
export const count = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('en'));
export const ms = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${n.toLocaleString('en', { maximumFractionDigits: n < 10 ? 1 : 0 })} ms`);
export const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Round axis bounds and about `n` ticks at 1, 2, 2.5 or 5 times a power of ten. */
export function niceScale(min: number, max: number, n: number): { lo: number; hi: number; ticks: number[] } {
  const raw = (max - min) / n || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  return { lo, hi, ticks: Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step) };
}
