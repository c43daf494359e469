// One data row of a mapped sheet read into an intake body (the shape POST /api/use-cases
// takes), each cell as its field needs it: text, an amount of money or a quantity in the
// workspace's locale (domain/locale-number.ts, as the intake form reads it), a percentage, a
// list. What a cell cannot honestly be read as is a problem at its row and column, never a
// guess: a date where a number belongs (Excel turns "3-5" into 5 March), text in a number
// column, a formula with no saved value, an error value, a merged cell, a cell a spreadsheet
// would run as a formula. The intake's own checks run afterwards (application/imports.ts). Pure.
import { looksLikeSpreadsheetFormula } from '../domain/formula-cell.js';
import { parseLocaleNumber } from '../domain/locale-number.js';
import type { ImportField, MappedColumn } from './column-mapping.js';
import type { Cell, CellValue, Sheet } from './spreadsheet.js';

export interface CellProblem {
  row: number;
  /** Column letter, or null for a problem of the row as a whole. */
  column: string | null;
  header: string | null;
  field: string;
  message: string;
}

export interface NumberContext {
  locale: string;
  currency: string;
}

type FieldKind = 'text' | 'money' | 'quantity' | 'percent' | 'list';
const KIND: Record<ImportField, FieldKind> = {
  id: 'text',
  title: 'text',
  problem: 'text',
  objective: 'text',
  owner: 'text',
  sponsor: 'text',
  department: 'text',
  team: 'text',
  value_kind: 'text',
  eu_ai_act: 'text',
  'monthly_value.low': 'money',
  'monthly_value.likely': 'money',
  'monthly_value.high': 'money',
  build_cost: 'money',
  run_monthly: 'money',
  effort_person_weeks: 'quantity',
  probability_of_success: 'percent',
  tags: 'list',
};

type Read = { value: unknown; problem?: undefined } | { value?: undefined; problem: string };

function describe(v: CellValue): string {
  switch (v.kind) {
    case 'date':
      return `the date ${v.iso} (Excel's number ${Math.round(v.serial * 1e6) / 1e6})`;
    case 'text':
      return `"${v.text.length > 40 ? `${v.text.slice(0, 40)}…` : v.text}"`;
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'error':
      return `the error ${v.text}`;
    default:
      return v.kind === 'number' ? String(v.value) : 'nothing';
  }
}

function readNumber(v: CellValue, kind: FieldKind, ctx: NumberContext): Read {
  const money = kind === 'money';
  switch (v.kind) {
    case 'number':
      if (kind === 'percent') return { value: v.percent ? v.value : v.value / 100 };
      return { value: v.value };
    case 'text': {
      const text = kind === 'percent' ? v.text.replace(/%\s*$/, '') : v.text;
      const r = parseLocaleNumber(text, { locale: ctx.locale, ...(money ? { currency: ctx.currency } : {}) });
      if (r.problem !== undefined) return { problem: `text where a number belongs: ${r.problem.startsWith('"') ? r.problem : `"${v.text}"${r.problem.startsWith('is ') ? ' ' : ': '}${r.problem}`}` };
      return { value: kind === 'percent' ? r.value / 100 : r.value };
    }
    case 'date':
      return { problem: `holds ${describe(v)} where a number belongs: Excel may have turned what was typed into a date; format the column as Number and type the value again` };
    default:
      return { problem: `holds ${describe(v)} where a number belongs` };
  }
}

function readText(v: CellValue): Read {
  switch (v.kind) {
    case 'text':
      if (looksLikeSpreadsheetFormula(v.text.trimStart())) return { problem: `${describe(v)} starts like a spreadsheet formula; formulas are refused (write the value itself, without a leading =, +, - or @)` };
      return { value: v.text.trim() };
    case 'number':
      return { value: String(v.value) };
    case 'date':
      return { value: v.iso };
    default:
      return { problem: `holds ${describe(v)} where text belongs` };
  }
}

function readCell(cell: Cell, field: ImportField, ctx: NumberContext): Read {
  if (cell.merged) return { problem: `is part of the merged cells ${cell.merged}; unmerge them and fill in every row` };
  if (cell.formula !== undefined && cell.value.kind === 'empty') return { problem: `holds the formula ${cell.formula.slice(0, 60)} with no saved result; formulas are never calculated here: open and save the file in Excel, or paste the values` };
  if (cell.value.kind === 'error') return { problem: `holds ${describe(cell.value)}${cell.formula ? ` (from ${cell.formula.slice(0, 60)})` : ''}` };
  const kind = KIND[field];
  if (kind === 'text') return readText(cell.value);
  if (kind === 'list') {
    const t = readText(cell.value);
    return t.problem !== undefined ? t : { value: String(t.value).split(/[,;]/).map((s) => s.trim()).filter((s) => s !== '') };
  }
  return readNumber(cell.value, kind, ctx);
}

function setPath(body: Record<string, unknown>, field: string, value: unknown): void {
  const [head, sub] = field.split('.');
  if (sub === undefined) body[head!] = value;
  else body[head!] = { ...((body[head!] as object | undefined) ?? {}), [sub]: value };
}

/** A row's intake body and the problems of its cells; `body` has only the fields whose cells read cleanly. */
export function rowToIntake(row: Sheet['rows'][number], columns: readonly MappedColumn[], ctx: NumberContext): { body: Record<string, unknown>; problems: CellProblem[] } {
  const body: Record<string, unknown> = {};
  const problems: CellProblem[] = [];
  for (const col of columns) {
    if (col.field === null) continue;
    const cell = row.cells.get(col.column);
    if (!cell || (cell.value.kind === 'empty' && cell.formula === undefined && !cell.merged)) continue;
    const r = readCell(cell, col.field, ctx);
    if (r.problem !== undefined) problems.push({ row: row.row, column: col.column, header: col.header, field: col.field, message: r.problem });
    else setPath(body, col.field, r.value);
  }
  return { body, problems };
}
