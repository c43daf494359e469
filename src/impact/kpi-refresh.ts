// What a KPI's query returned, as measurements: each row needs a numeric `value`
// (numbers, numeric strings from NUMERIC/BIGINT columns), and an optional `at` (a date or
// timestamp; without it the value is today's). Only points that differ from the current
// series are new, so running a refresh twice records nothing the second time.
import { isIsoDate } from './kpi-csv.js';
import type { KpiPoint } from './kpi-series.js';

export function pointsFromRows(rows: readonly Record<string, unknown>[], today: string): { points: KpiPoint[]; problems: string[] } {
  const points: KpiPoint[] = [];
  const problems: string[] = [];
  if (rows.length && !('value' in (rows[0] as object))) return { points, problems: [`the query returns no "value" column (columns: ${Object.keys(rows[0] as object).join(', ')})`] };
  rows.forEach((row, i) => {
    const raw = row.value;
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : typeof raw === 'bigint' ? Number(raw) : NaN;
    const at = row.at === undefined || row.at === null ? today : String(row.at).slice(0, 10);
    if (!Number.isFinite(value)) problems.push(`row ${i + 1}: value ${JSON.stringify(raw ?? null)} is not a number`);
    else if (!isIsoDate(at)) problems.push(`row ${i + 1}: at ${JSON.stringify(row.at)} is not a date`);
    else points.push({ at, value });
  });
  return { points, problems };
}

/** Points not already in the current series with the same value. A repeated date keeps the last row. */
export function newPoints(current: readonly KpiPoint[], points: readonly KpiPoint[]): KpiPoint[] {
  const known = new Map(current.map((p) => [p.at, p.value]));
  const byDate = new Map(points.map((p) => [p.at, p]));
  return [...byDate.values()].filter((p) => known.get(p.at) !== p.value);
}
