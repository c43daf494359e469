// A sheet of rows from an uploaded file, XLSX (exceljs, after xlsx-guard.ts has checked the
// archive) or CSV (csv-parse, after the upload screen), as one shape: a header row and data
// rows, each cell with its spreadsheet address (row number, column letter) and what it holds.
// Nothing is interpreted here (which column means what is column-mapping.ts, reading a cell
// as a number or text is use-case-rows.ts); formulas are never evaluated: a formula cell
// carries the value Excel cached when it last calculated, if any.
import { parse } from 'csv-parse/sync';
import { excelSerialToDate } from './excel-dates.js';
import { inspectXlsx, XLSX_LIMITS, XlsxRefused } from './xlsx-guard.js';

export const SHEET_LIMITS = { maxRows: 5_000, maxColumns: 60 };

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; percent: boolean }
  | { kind: 'date'; iso: string; serial: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; text: string };

export interface Cell {
  /** "A", "B", ... "AA". */
  column: string;
  value: CellValue;
  /** A formula's text when the cell holds one; `value` is then the cached result (empty if none was cached). */
  formula?: string;
  /** The merged range the cell belongs to ("A3:A4"), if any. */
  merged?: string;
}

export interface Sheet {
  kind: 'xlsx' | 'csv';
  /** Row number in the file (1-based) of the header row. */
  headerRow: number;
  headers: { column: string; text: string }[];
  rows: { row: number; cells: Map<string, Cell> }[];
}

export function columnLetter(index1: number): string {
  let s = '';
  for (let n = index1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The whole file is refused: `message` follows the file's name ("book.xlsx is not ..."). */
export class SheetRefused extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName} ${reason}`);
  }
}

const refused = (fileName: string, reason: string) => new SheetRefused(fileName, reason);

/** Reads the first sheet (or `sheetName`) of an XLSX, or a CSV, by the file's name and bytes. */
export async function readSheet(fileName: string, bytes: Buffer, sheetName?: string): Promise<Sheet> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return readXlsx(fileName, bytes, sheetName);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(fileName, bytes);
  throw refused(fileName, 'is neither an Excel workbook (.xlsx) nor a CSV file (.csv)');
}

// --- XLSX -----------------------------------------------------------------------------

type ExcelCell = import('exceljs').Cell;

function serialOf(d: Date, date1904: boolean): number {
  // The inverse of exceljs's own conversion (lib/utils/utils.js excelToDate), so the serial is
  // the number stored in the file; excel-dates.ts then reads it with the 1900 leap-year error.
  return d.getTime() / 86_400_000 + 25569 - (date1904 ? 1462 : 0);
}

function plain(v: unknown, numFmt: string | undefined, date1904: boolean): CellValue {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') return { kind: 'number', value: v, percent: (numFmt ?? '').includes('%') };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (typeof v === 'string') return v.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: v };
  if (v instanceof Date) {
    const serial = serialOf(v, date1904);
    const d = excelSerialToDate(serial, date1904);
    return { kind: 'date', serial, iso: d.iso ?? `serial ${serial}` };
  }
  const o = v as { richText?: { text: string }[]; text?: unknown; error?: string };
  if (Array.isArray(o.richText)) return plain(o.richText.map((r) => r.text).join(''), numFmt, date1904);
  if (typeof o.error === 'string') return { kind: 'error', text: o.error };
  if (o.text !== undefined) return plain(typeof o.text === 'string' ? o.text : (o.text as { richText?: { text: string }[] }).richText?.map((r) => r.text).join('') ?? '', numFmt, date1904);
  return { kind: 'error', text: 'a value of a kind this import does not read' };
}

function readCell(cell: ExcelCell, date1904: boolean, merges: Map<string, string>, column: string): Cell {
  const v = cell.value as unknown;
  const merged = merges.get(cell.address);
  const base = { column, ...(merged ? { merged } : {}) };
  if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    const f = v as { formula?: string; sharedFormula?: string; result?: unknown };
    const result = f.result !== null && typeof f.result === 'object' && !(f.result instanceof Date) && 'error' in f.result ? { kind: 'error' as const, text: String((f.result as { error: unknown }).error) } : plain(f.result, cell.numFmt, date1904);
    return { ...base, formula: `=${f.formula ?? f.sharedFormula ?? ''}`, value: result };
  }
  return { ...base, value: plain(v, cell.numFmt, date1904) };
}

/** Every cell address inside a merged range, mapped to the range ("A3" -> "A3:A4"). */
function mergedCells(ranges: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const parse1 = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a);
    if (!m) return undefined;
    const col = [...m[1]!].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
    return { col, row: Number(m[2]) };
  };
  for (const range of ranges) {
    const [a, b] = range.split(':').map(parse1);
    if (!a || !b) continue;
    // Bounded: the sheet itself is within SHEET_LIMITS, checked before this runs.
    for (let r = Math.min(a.row, b.row); r <= Math.min(Math.max(a.row, b.row), SHEET_LIMITS.maxRows + 1); r++)
      for (let c = Math.min(a.col, b.col); c <= Math.min(Math.max(a.col, b.col), SHEET_LIMITS.maxColumns); c++) out.set(`${columnLetter(c)}${r}`, range);
  }
  return out;
}

async function readXlsx(fileName: string, bytes: Buffer, sheetName?: string): Promise<Sheet> {
  let date1904: boolean;
  try {
    date1904 = inspectXlsx(bytes).date1904;
  } catch (e) {
    if (e instanceof XlsxRefused) throw refused(fileName, e.message);
    throw e;
  }
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw refused(fileName, 'could not be read as an Excel workbook (damaged, or not saved by a spreadsheet program); save it again as .xlsx or CSV');
  }
  const ws = sheetName === undefined ? wb.worksheets[0] : wb.getWorksheet(sheetName);
  if (!ws) throw refused(fileName, sheetName === undefined ? 'has no sheet' : `has no sheet "${sheetName}" (it has ${wb.worksheets.map((w) => `"${w.name}"`).join(', ')})`);
  if (ws.rowCount > SHEET_LIMITS.maxRows + 1) throw refused(fileName, `has ${ws.rowCount.toLocaleString('en-US')} rows; at most ${SHEET_LIMITS.maxRows.toLocaleString('en-US')} use cases at once (split the file)`);
  if (ws.columnCount > SHEET_LIMITS.maxColumns) throw refused(fileName, `has ${ws.columnCount} columns; at most ${SHEET_LIMITS.maxColumns}`);
  const merges = mergedCells((ws.model as { merges?: string[] }).merges ?? []);
  const grid: { row: number; cells: Map<string, Cell> }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = new Map<string, Cell>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const letter = columnLetter(col);
      cells.set(letter, readCell(cell, date1904, merges, letter));
    });
    grid.push({ row: rowNumber, cells });
  });
  // Every cell of a merged range is marked, holding a value or not, so each row it spans is told.
  for (const [address, range] of merges) {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    const rowNumber = Number(m[2]);
    let row = grid.find((r) => r.row === rowNumber);
    if (!row) grid.push((row = { row: rowNumber, cells: new Map() }));
    const cell = row.cells.get(m[1]!);
    row.cells.set(m[1]!, { ...(cell ?? { column: m[1]!, value: { kind: 'empty' } }), merged: range });
  }
  grid.sort((a, b) => a.row - b.row);
  return fromGrid('xlsx', grid);
}

function fromGrid(kind: Sheet['kind'], grid: { row: number; cells: Map<string, Cell> }[]): Sheet {
  const nonEmpty = grid.filter((r) => [...r.cells.values()].some((c) => c.value.kind !== 'empty' || c.formula !== undefined || c.merged !== undefined));
  const [header, ...rows] = nonEmpty;
  if (!header) return { kind, headerRow: 1, headers: [], rows: [] };
  const headers = [...header.cells.values()]
    .map((c) => ({ column: c.column, text: c.value.kind === 'text' ? c.value.text.trim() : c.value.kind === 'number' ? String(c.value.value) : '' }))
    .filter((h) => h.text !== '');
  return { kind, headerRow: header.row, headers, rows };
}

// --- CSV ------------------------------------------------------------------------------

async function readCsv(fileName: string, bytes: Buffer): Promise<Sheet> {
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  // The caller has screened the text (application/upload-screen.ts: binary, long lines, formulas).
  if (bytes.length > XLSX_LIMITS.maxBytes) throw refused(fileName, `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; at most ${XLSX_LIMITS.maxBytes / 1024 / 1024} MB`);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = [';', '\t', ','].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: false, to_line: SHEET_LIMITS.maxRows + 2 }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw refused(fileName, `${line ? `line ${line}: ` : ''}cannot be read as CSV: ${(e as Error).message.replace(/^Invalid [^:]+: /, '')}`);
  }
  if (records.length > SHEET_LIMITS.maxRows + 1) throw refused(fileName, `has more than ${SHEET_LIMITS.maxRows.toLocaleString('en-US')} rows; at most ${SHEET_LIMITS.maxRows.toLocaleString('en-US')} use cases at once (split the file)`);
  const grid = records.map(({ record, info }) => {
    if (record.length > SHEET_LIMITS.maxColumns) throw refused(fileName, `line ${info.lines}: has ${record.length} columns; at most ${SHEET_LIMITS.maxColumns}`);
    const cells = new Map<string, Cell>();
    record.forEach((t, i) => {
      const column = columnLetter(i + 1);
      cells.set(column, { column, value: t.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: t } });
    });
    return { row: info.lines, cells };
  });
  return fromGrid('csv', grid);
}
