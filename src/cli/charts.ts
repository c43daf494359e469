// Text charts for the terminal: a histogram of a sample, a tornado and a Gantt row.
// Plain strings; the commands decide where they go.

const BLOCK = '█';

/** Equal-width bins over [min, max] of a sorted sample, one line per bin with a bar. */
export function histogramLines(sorted: ArrayLike<number>, bins: number, width: number, label: (x: number) => string): string[] {
  const n = sorted.length;
  if (n === 0) return [];
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  const step = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((sorted[i]! - lo) / step))]! += 1;
  const most = Math.max(...counts);
  const labels = counts.map((_, b) => label(lo + (b + 0.5) * step));
  const pad = Math.max(...labels.map((l) => l.length));
  return counts.map((c, b) => `${labels[b]!.padStart(pad)} ${BLOCK.repeat(Math.round((c / most) * width))} ${((100 * c) / n).toFixed(1)}%`);
}

/** One tornado bar: the swing from `lowValue` to `highValue` around `base`, on a scale of +-`span`. */
export function tornadoBar(base: number, a: number, b: number, span: number, halfWidth: number): string {
  const pos = (x: number) => Math.max(0, Math.min(2 * halfWidth, Math.round(halfWidth + ((x - base) / (span || 1)) * halfWidth)));
  const from = pos(Math.min(a, b));
  const to = pos(Math.max(a, b));
  const cells = Array.from({ length: 2 * halfWidth + 1 }, (_, i) => (i >= from && i <= to ? BLOCK : i === halfWidth ? '|' : ' '));
  return cells.join('');
}

/** A Gantt row: `cell` wide per quarter, filled where the use case runs. */
export function ganttRow(quarters: number, start: number, duration: number, cell: number, mark = BLOCK): string {
  return Array.from({ length: quarters }, (_, q) => (q >= start && q < start + duration ? mark.repeat(cell - 1) + ' ' : '·'.padEnd(cell))).join('');
}
