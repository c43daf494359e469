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
