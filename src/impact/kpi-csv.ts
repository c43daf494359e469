// `traction kpi import`: KPI measurements from CSV (use_case, kpi, at, value, optional
// baseline), validated row by row. A bad row is reported with its line and rejects
// nothing else; the caller stores all good rows in one transaction.
import { parse } from 'csv-parse/sync';
import { parseKpiValue } from '../domain/kpi-measurement.js';

export interface KpiRow {
  line: number;
  useCaseId: string;
  kpiId: string;
  at: string;
  value: number;
  /** The row is the KPI's baseline (recorded as evidence too). */
  baseline: boolean;
}

export const KPI_CSV_COLUMNS = ['use_case', 'kpi', 'at', 'value'] as const;

/** A real calendar date as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const TRUE = new Set(['true', 'yes', '1', 'baseline']);
const FALSE = new Set(['', 'false', 'no', '0']);

/** `kpis`: use case id -> its KPI ids. Returns the good rows and one located problem per bad row. */
export function parseKpiCsv(text: string, file: string, kpis: ReadonlyMap<string, readonly string[]>): { rows: KpiRow[]; problems: string[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { rows: [], problems: [`${file}${line ? `:${line}` : ''}: not a valid CSV file: ${(e as Error).message}`] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = KPI_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (records.length && missing.length)
    return { rows: [], problems: [`${file}:1: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; expected ${KPI_CSV_COLUMNS.join(', ')}[, baseline]`] };
  const rows: KpiRow[] = [];
  const problems: string[] = [];
  for (const { record, info } of records) {
    const r = parseRow(record, kpis);
    if (typeof r === 'string') problems.push(`${file}:${info.lines}: ${r}`);
    else rows.push({ ...r, line: info.lines });
  }
  return { rows, problems };
}

function parseRow(r: Record<string, string>, kpis: ReadonlyMap<string, readonly string[]>): Omit<KpiRow, 'line'> | string {
  const useCaseId = r.use_case ?? '';
  const known = kpis.get(useCaseId);
  if (!known) return `unknown use case "${useCaseId}"`;
  const kpiId = r.kpi ?? '';
  if (!known.includes(kpiId)) return `use case "${useCaseId}" has no KPI "${kpiId}" (declared: ${known.join(', ') || 'none'})`;
  const at = r.at ?? '';
  if (!isIsoDate(at)) return `column "at": "${at}" is not a date as YYYY-MM-DD`;
  const parsed = parseKpiValue(r.value ?? '');
  if ('problem' in parsed) return `column "value": ${parsed.problem}`;
  const { value } = parsed;
  const flag = (r.baseline ?? '').toLowerCase();
  if (!TRUE.has(flag) && !FALSE.has(flag)) return `column "baseline": "${r.baseline}" is not true/false`;
  return { useCaseId, kpiId, at, value, baseline: TRUE.has(flag) };
}
