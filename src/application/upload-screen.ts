// Screens a text file sent through the browser or the API (a KPI CSV, an experiment's rows)
// before any parser sees it: what the file really is (not binary, not a spreadsheet saved
// under a .csv name), lines of sane length, and no spreadsheet formulas, which would run when
// someone later opens an export in Excel or LibreOffice (CSV injection, OWASP). Every problem
// is located by line (and column); the caller refuses the whole file on any.
import { looksLikeSpreadsheetFormula as isFormula } from '../domain/formula-cell.js';
import { InvalidError, type ActionProblem } from './errors.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_LINE_CHARS = 10_000;
const MAX_PROBLEMS = 20;

// Magic numbers of what is most often sent by mistake: ZIP (xlsx, docx), OLE2 (xls), PDF, gzip, Parquet.
const MAGIC: [string, string][] = [
  ['PK\u0003\u0004', 'a ZIP archive (an Excel .xlsx workbook?); save the sheet as CSV'],
  ['\u00d0\u00cf\u0011\u00e0', 'an old Excel (.xls) workbook; save the sheet as CSV'],
  ['%PDF', 'a PDF document'],
  ['\u001f\u008b', 'a gzip archive'],
  ['PAR1', 'a Parquet file'],
];


export function screenProblems(text: string, field: string, maxBytes = MAX_UPLOAD_BYTES): ActionProblem[] {
  const problems: ActionProblem[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return [{ field, message: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${maxBytes / 1024 / 1024} MB` }];
  const magic = MAGIC.find(([m]) => text.startsWith(m));
  if (magic) return [{ field, message: `this is ${magic[1]}, not a CSV text file` }];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    if (problems.length >= MAX_PROBLEMS) break;
    const line = i + 1;
    const at = `${field} line ${line}`;
    // NUL, other C0 controls (but tab, CR, LF) and U+FFFD (bytes that were not UTF-8) mean a binary file.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(raw)) {
      problems.push({ field: at, message: 'binary content (control characters or bytes that are not UTF-8 text); send a CSV saved as UTF-8 text' });
      continue;
    }
    if (raw.length > MAX_LINE_CHARS) {
      problems.push({ field: at, message: `the line is ${raw.length.toLocaleString('en-US')} characters long; at most ${MAX_LINE_CHARS.toLocaleString('en-US')}` });
      continue;
    }
    const cells = raw.split(/[,;]/);
    const col = cells.findIndex((c) => isFormula(c.trim() === '' ? c : c.trimStart()));
    if (col >= 0) problems.push({ field: `${at} column ${col + 1}`, message: `"${(cells[col] ?? '').trim().slice(0, 40)}" looks like a spreadsheet formula; formulas are refused (write the value itself)` });
  }
  return problems;
}

/** Refuses the text with every located problem (nothing is parsed or written). */
export function screenUpload(text: string, field: string, what: string, maxBytes = MAX_UPLOAD_BYTES): void {
  const problems = screenProblems(text, field, maxBytes);
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new InvalidError(`${what} refused: ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing recorded`, first.field, problems, 'bad_upload');
}
