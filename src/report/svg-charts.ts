// The report's charts as inline SVG (vector in print and PDF, no script, no external font):
// the value-vs-feasibility matrix, the roadmap as a Gantt, value realised against the
// business case month by month, and readiness scores. Each has axis titles with units and a
// <title>/<desc> for screen readers; every figure drawn is also in a table beside the chart.
import type { PlannedRow, RankedRow, ReadinessRow, RealisedRow } from './report-model.js';
import { compact, esc } from './report-format.js';

const W = 720;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

function frame(title: string, desc: string, height: number, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg" ${FONT} font-size="12"><title>${esc(title)}</title><desc>${esc(desc)}</desc>${body}</svg>`;
}

/** Evenly spaced round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const QUADRANT_COLOURS: Record<RankedRow['quadrant'], string> = { quick_win: '#1b7a3d', strategic_bet: '#1f5fa8', fill_in: '#8a6d00', money_pit: '#b3261e' };

/** Value (risk-adjusted expected NPV) against feasibility, points numbered by rank, the quadrant lines dashed. */
export function matrixChart(rows: RankedRow[], thresholds: { expectedNpv: number; feasibility: number }, currency: string): string {
  const left = 70, right = 20, top = 16, bottom = 48, height = 380;
  const pw = W - left - right, ph = height - top - bottom;
  const npvs = [...rows.map((r) => r.expectedNpv), thresholds.expectedNpv, 0];
  // A margin above and below, so the highest and lowest points clear the frame and the quadrant names.
  const pad = (Math.max(...npvs) - Math.min(...npvs)) * 0.1 || 1;
  const yt = ticks(Math.min(...npvs) - pad, Math.max(...npvs) + pad);
  const y0 = Math.min(yt[0]!, Math.min(...npvs) - pad), y1 = Math.max(yt.at(-1)!, Math.max(...npvs) + pad);
  const x = (f: number) => left + (f / 100) * pw;
  const y = (v: number) => top + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
  const grid = yt.map((v) => `<line x1="${left}" x2="${left + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${esc(compact(v))}</text>`).join('');
  const xgrid = [0, 20, 40, 60, 80, 100].map((f) => `<line x1="${x(f)}" x2="${x(f)}" y1="${top}" y2="${top + ph}" stroke="#eeeeee"/><text x="${x(f)}" y="${top + ph + 16}" text-anchor="middle">${f}</text>`).join('');
  const split = `<line x1="${x(thresholds.feasibility)}" x2="${x(thresholds.feasibility)}" y1="${top}" y2="${top + ph}" stroke="#555" stroke-dasharray="5 4"/><line x1="${left}" x2="${left + pw}" y1="${y(thresholds.expectedNpv)}" y2="${y(thresholds.expectedNpv)}" stroke="#555" stroke-dasharray="5 4"/>`;
  const labels = `<text x="${left + pw - 4}" y="${top + 12}" text-anchor="end" fill="#1b7a3d">quick wins</text><text x="${left + 4}" y="${top + 12}" fill="#1f5fa8">strategic bets</text><text x="${left + pw - 4}" y="${top + ph - 6}" text-anchor="end" fill="#8a6d00">fill-ins</text><text x="${left + 4}" y="${top + ph - 6}" fill="#b3261e">money pits</text>`;
  const points = rows
    .map((r) => `<g><circle cx="${x(r.feasibility)}" cy="${y(r.expectedNpv)}" r="9" fill="${QUADRANT_COLOURS[r.quadrant]}"/><text x="${x(r.feasibility)}" y="${y(r.expectedNpv) + 4}" text-anchor="middle" fill="#fff" font-size="10" font-weight="bold">${r.rank}</text></g>`)
    .join('');
  const axes = `<text x="${left + pw / 2}" y="${height - 8}" text-anchor="middle" font-weight="bold">Feasibility score (0–100)</text><text transform="translate(14 ${top + ph / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">Risk-adjusted expected NPV (${esc(currency)})</text>`;
  return frame('Value against feasibility', 'Each use case by its rank number; dashed lines split the four quadrants.', height, grid + xgrid + split + labels + points + axes);
}

/** The planned use cases per quarter; funded ones solid, the others hatched. */
export function ganttChart(plan: PlannedRow[], quarters: string[]): string {
  const left = 230, right = 10, top = 26, row = 24, bottom = 30;
  const height = top + plan.length * row + bottom;
  const qw = (W - left - right) / Math.max(1, quarters.length);
  const head = quarters.map((q, i) => `<text x="${left + qw * i + qw / 2}" y="${top - 8}" text-anchor="middle" font-size="11">${esc(q)}</text><line x1="${left + qw * i}" x2="${left + qw * i}" y1="${top - 4}" y2="${top + plan.length * row}" stroke="#e3e3e3"/>`).join('');
  const bars = plan
    .map((p, i) => {
      const yy = top + i * row;
      const name = p.title.length > 34 ? `${p.title.slice(0, 33)}…` : p.title;
      const fill = p.funded ? '#1f5fa8' : p.status === 'in_progress' ? '#7d9cc4' : 'url(#hatch)';
      return `<text x="${left - 8}" y="${yy + 16}" text-anchor="end">${esc(name)}</text><rect x="${left + qw * p.start + 2}" y="${yy + 4}" width="${Math.max(4, qw * p.duration - 4)}" height="${row - 8}" rx="3" fill="${fill}" stroke="#1f5fa8"/>`;
    })
    .join('');
  const defs = '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f5fa8" stroke-width="2"/></pattern></defs>';
  const axis = `<text x="${left + (W - left - right) / 2}" y="${height - 6}" text-anchor="middle" font-weight="bold">Quarter (solid: funded; light: in progress; hatched: planned, not funded)</text>`;
  return frame('Roadmap', 'Use cases of the optimal plan by quarter.', height, defs + head + bars + axis);
}

/** Cumulative value realised against the business case's plan, month by month. */
export function realisedChart(r: RealisedRow, currency: string): string {
  const left = 70, right = 20, top = 16, bottom = 48, height = 260;
  const pw = W - left - right, ph = height - top - bottom;
  let a = 0, b = 0;
  const points = r.months.map((m) => ({ month: m.month, realised: (a += m.realised), planned: m.planned === null ? null : (b += m.planned) }));
  const values = [0, ...points.flatMap((p) => (p.planned === null ? [p.realised] : [p.realised, p.planned]))];
  const yt = ticks(Math.min(...values), Math.max(...values));
  const y0 = Math.min(yt[0]!, ...values), y1 = Math.max(yt.at(-1)!, ...values);
  const n = Math.max(1, points.length - 1);
  const x = (i: number) => left + (i / n) * pw;
  const y = (v: number) => top + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
  const grid = yt.map((v) => `<line x1="${left}" x2="${left + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${esc(compact(v))}</text>`).join('');
  const every = Math.max(1, Math.ceil(points.length / 8));
  const xl = points.map((p, i) => (i % every === 0 || i === points.length - 1 ? `<text x="${x(i)}" y="${top + ph + 16}" text-anchor="middle" font-size="11">${esc(p.month)}</text>` : '')).join('');
  const line = (vals: (number | null)[], colour: string, dash: string) => {
    const d = vals.map((v, i) => (v === null ? '' : `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`)).join('');
    return d ? `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2.5" ${dash}/>` : '';
  };
  const legend = `<line x1="${left + 8}" x2="${left + 32}" y1="${top + 8}" y2="${top + 8}" stroke="#1b7a3d" stroke-width="2.5"/><text x="${left + 36}" y="${top + 12}">realised</text><line x1="${left + 110}" x2="${left + 134}" y1="${top + 8}" y2="${top + 8}" stroke="#555" stroke-width="2.5" stroke-dasharray="6 4"/><text x="${left + 138}" y="${top + 12}">business case</text>`;
  const axes = `<text x="${left + pw / 2}" y="${height - 8}" text-anchor="middle" font-weight="bold">Month</text><text transform="translate(14 ${top + ph / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">Cumulative value (${esc(currency)})</text>`;
  return frame(`Value realised: ${r.title}`, 'Cumulative value realised each month against the value the business case planned.', height, grid + xl + line(points.map((p) => p.realised), '#1b7a3d', '') + line(points.map((p) => p.planned), '#555', 'stroke-dasharray="6 4"') + legend + axes);
}

/** Readiness score per dataset as horizontal bars on 0-100. */
export function readinessChart(rows: ReadinessRow[]): string {
  const left = 230, right = 40, top = 10, row = 22, bottom = 40;
  const height = top + rows.length * row + bottom;
  const pw = W - left - right;
  const x = (s: number) => left + (s / 100) * pw;
  const grid = [0, 20, 40, 60, 80, 100].map((s) => `<line x1="${x(s)}" x2="${x(s)}" y1="${top}" y2="${top + rows.length * row}" stroke="#e3e3e3"/><text x="${x(s)}" y="${top + rows.length * row + 14}" text-anchor="middle" font-size="11">${s}</text>`).join('');
  const bars = rows
    .map((r, i) => {
      const yy = top + i * row;
      const s = r.score ?? 0;
      const colour = s >= 80 ? '#1b7a3d' : s >= 60 ? '#8a6d00' : '#b3261e';
      const name = r.title.length > 34 ? `${r.title.slice(0, 33)}…` : r.title;
      return `<text x="${left - 8}" y="${yy + 15}" text-anchor="end">${esc(name)}</text><rect x="${left}" y="${yy + 3}" width="${Math.max(0, x(s) - left)}" height="${row - 6}" fill="${colour}"/><text x="${x(s) + 4}" y="${yy + 15}">${r.score === null ? 'no score' : Math.round(s)}</text>`;
    })
    .join('');
  const axis = `<text x="${left + pw / 2}" y="${height - 6}" text-anchor="middle" font-weight="bold">Readiness score (0–100)</text>`;
  return frame('Data readiness by dataset', 'The latest readiness score of each dataset.', height, grid + bars + axis);
}
