// How the report writes text and numbers: HTML escaping (everything that comes from a user or
// a file passes through `esc`) and one number format, so a figure reads the same in every
// table, chart and the PDF's text (the report test parses these strings back).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute, in HTML and in inline SVG. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An amount rounded to the unit with thousands separators: 467,670 and -8,723. */
export function money(n: number): string {
  // -0.4 rounds to -0: print it as 0.
  const r = Math.round(n);
  return whole.format(r === 0 ? 0 : r);
}

/** A share 0..1 as a whole percentage: 90%. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A relative change 0.123 as +12.3% (one decimal, sign always shown). */
export function signedPercent(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}%`;
}

/** A score 0-100 as a whole number; a missing one as a dash. */
export function score(n: number | null): string {
  return n === null ? '–' : String(Math.round(n));
}

/** Compact axis labels: 1.2M, 350k, 0. */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}

export const QUADRANT_NAMES = { quick_win: 'quick win', strategic_bet: 'strategic bet', fill_in: 'fill-in', money_pit: 'money pit' } as const;
