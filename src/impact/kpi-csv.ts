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

/** A bad row's problem by line and column (`field` empty for the whole file). */
export interface KpiCsvProblem {
  line: number;
  field: string;
  message: string;
}

/**
 * `kpis`: use case id -> its KPI ids. Returns the good rows and one problem per bad row, as
 * text (`file:line: ...`) and located by line and column.
 */
export function parseKpiCsv(text: string, file: string, kpis: ReadonlyMap<string, readonly string[]>): { rows: KpiRow[]; problems: string[]; located: KpiCsvProblem[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    const message = `not a valid CSV file: ${(e as Error).message}`;
    return { rows: [], problems: [`${file}${line ? `:${line}` : ''}: ${message}`], located: [{ line: line ?? 1, field: '', message }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = KPI_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (records.length && missing.length) {
    const message = `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; expected ${KPI_CSV_COLUMNS.join(', ')}[, baseline]`;
    return { rows: [], problems: [`${file}:1: ${message}`], located: [{ line: 1, field: missing[0] as string, message }] };
  }
  const rows: KpiRow[] = [];
  const problems: string[] = [];
  const located: KpiCsvProblem[] = [];
  for (const { record, info } of records) {
    const r = parseRow(record, kpis);
    if ('problem' in r) {
      const text = r.field === 'use_case' || r.field === 'kpi' ? r.problem : `column "${r.field}": ${r.problem}`;
      problems.push(`${file}:${info.lines}: ${text}`);
      located.push({ line: info.lines, field: r.field, message: r.problem });
    } else rows.push({ ...r, line: info.lines });
  }
  return { rows, problems, located };
}

function parseRow(r: Record<string, string>, kpis: ReadonlyMap<string, readonly string[]>): Omit<KpiRow, 'line'> | { field: string; problem: string } {
  const bad = (field: string, problem: string) => ({ field, problem });
  const useCaseId = r.use_case ?? '';
  const known = kpis.get(useCaseId);
  if (!known) return bad('use_case', `unknown use case "${useCaseId}"`);
  const kpiId = r.kpi ?? '';
  if (!known.includes(kpiId)) return bad('kpi', `use case "${useCaseId}" has no KPI "${kpiId}" (declared: ${known.join(', ') || 'none'})`);
  const at = r.at ?? '';
  if (!isIsoDate(at)) return bad('at', `"${at}" is not a date as YYYY-MM-DD`);
  const parsed = parseKpiValue(r.value ?? '');
  if ('problem' in parsed) return bad('value', parsed.problem);
  const { value } = parsed;
  const flag = (r.baseline ?? '').toLowerCase();
  if (!TRUE.has(flag) && !FALSE.has(flag)) return bad('baseline', `"${r.baseline}" is not true/false`);
  return { useCaseId, kpiId, at, value, baseline: TRUE.has(flag) };
}
