// Importing use cases from a spreadsheet (XLSX or CSV), for the CLI (`traction import
// usecases`) and the API alike. The file is checked whole first (the upload screen for CSV,
// the archive guard for XLSX), its columns mapped to intake fields, and every row read and
// checked exactly as an intake typed into the form is (`intakeProblems`, then
// `useCaseFromIntake`: the same schema and workspace checks). Every problem is located by row
// and column. Nothing is written unless every row is good, or, when asked, only the good rows;
// always in one transaction. Imported use cases enter as proposals by the importer, whoever
// that is, so the portfolio owner triages each as any other (docs/intake.md, docs/imports.md).
import type { Kysely } from 'kysely';
import { idFromTitle, intakeProblems, type Intake } from '../domain/intake.js';
import { headerHint, mapColumns, type ColumnMapping, type MappedColumn } from '../imports/column-mapping.js';
import { readSheet, SheetRefused, type Sheet } from '../imports/spreadsheet.js';
import { rowToIntake, type CellProblem } from '../imports/use-case-rows.js';
import type { Database } from '../store/database.js';
import { definitionStamps } from '../store/definition-edits.js';
import { NO_WORKSPACE, readStoredWorkspace } from '../store/stored-workspace.js';
import type { Workspace } from '../domain/workspace.js';
import { ConflictError, InvalidError, type ActionProblem } from './errors.js';
import { screenProblems } from './upload-screen.js';
import { storeProposal, useCaseFromIntake, type Caller, type UseCaseDeps } from './use-cases.js';

export interface SpreadsheetInput {
  fileName: string;
  bytes: Buffer;
  /** `header=field` or `B=field` overrides of the guessed mapping (column-mapping.ts). */
  mapping?: Readonly<Record<string, string>>;
  sheet?: string;
}

export interface RowReport {
  row: number;
  id: string | null;
  title: string | null;
  ok: boolean;
  problems: CellProblem[];
}

export interface UseCaseImportReport {
  file: string;
  kind: Sheet['kind'];
  header_row: number;
  columns: MappedColumn[];
  /** Problems of the mapping (or of the sheet as a whole): none may remain for anything to be written. */
  mapping_problems: string[];
  rows: RowReport[];
  good: number;
  bad: number;
  /** Ids of the use cases written as proposals (empty on a preview or a dry run). */
  imported: string[];
  written: boolean;
}

/** "row 4, column C (Effort): ..." — how every problem is told, on the terminal and in the API's problems. */
export function locate(p: CellProblem): string {
  return `row ${p.row}${p.column ? `, column ${p.column}${p.header ? ` (${p.header})` : ''}` : ''}`;
}

async function sheetOf(input: SpreadsheetInput): Promise<Sheet> {
  if (/\.(csv|txt)$/i.test(input.fileName)) {
    const problems = screenProblems(input.bytes.toString('utf8'), input.fileName);
    if (problems.length > 0) throw new InvalidError(`${problems[0]!.field}: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing imported`, 'file', problems, 'bad_upload');
  }
  try {
    return await readSheet(input.fileName, input.bytes, input.sheet);
  } catch (e) {
    if (e instanceof SheetRefused) throw new InvalidError(`${e.message}; nothing imported`, 'file', [{ field: 'file', message: `${e.fileName} ${e.reason}` }], 'bad_upload');
    throw e;
  }
}

function mappingProblems(m: ColumnMapping, sheet: Sheet): string[] {
  if (sheet.headers.length === 0) return ['the sheet is empty: the first row should name the columns (Title, Problem, Owner, ...)'];
  return [...m.problems, ...m.missing.map((f) => `no column for ${f} (head a column "${headerHint(f)}", or map one with ${'"<header>='}${f}")`)];
}

/** Where an intake field's problem sits in the sheet: the column that fills it (a range's problem at its likely column). */
function columnFor(columns: readonly MappedColumn[], field: string): MappedColumn | undefined {
  const head = field.split('.')[0]!;
  return columns.find((c) => c.field === field) ?? columns.find((c) => c.field === `${head}.likely`) ?? columns.find((c) => c.field?.split('.')[0] === head);
}

function intakeRowProblems(row: number, columns: readonly MappedColumn[], problems: readonly ActionProblem[]): CellProblem[] {
  return problems.map((p) => {
    const col = columnFor(columns, p.field);
    return { row, column: col?.column ?? null, header: col?.header ?? null, field: p.field, message: p.message };
  });
}

async function analyse(db: Kysely<Database>, ws: Workspace, input: SpreadsheetInput, sheet: Sheet): Promise<UseCaseImportReport & { intakes: Map<number, Intake & { id: string }> }> {
  const mapping = mapColumns(sheet, input.mapping);
  const report = { file: input.fileName, kind: sheet.kind, header_row: sheet.headerRow, columns: mapping.columns, mapping_problems: mappingProblems(mapping, sheet), rows: [] as RowReport[], good: 0, bad: 0, imported: [], written: false };
  const intakes = new Map<number, Intake & { id: string }>();
  if (report.mapping_problems.length > 0) return { ...report, intakes };
  const stored = new Map((await definitionStamps(db, 'use_case')).map((s) => [s.id, s]));
  const seen = new Map<string, number>();
  const ctx = { locale: ws.config.locale ?? 'en', currency: ws.config.currency };
  for (const row of sheet.rows) {
    const { body, problems } = rowToIntake(row, mapping.columns, ctx);
    // Fields whose cell had a problem are absent from `body`: the intake would only repeat them as missing.
    const told = new Set(problems.map((p) => p.field.split('.')[0]));
    const checked = intakeProblems(body);
    problems.push(...intakeRowProblems(row.row, mapping.columns, checked.problems.filter((p) => !told.has(p.field.split('.')[0]))));
    const idField = typeof body.id === 'string' ? 'id' : 'title';
    const id: string | null = typeof body.id === 'string' ? body.id : typeof body.title === 'string' && body.title.trim() !== '' ? idFromTitle(body.title, new Set()) : null;
    if (id !== null) {
      const first = seen.get(id);
      if (first !== undefined) problems.push(...intakeRowProblems(row.row, mapping.columns, [{ field: idField, message: `the same use case id "${id}" as row ${first}${idField === 'title' ? ' (made from the title)' : ''}: each row is a use case of its own` }]));
      else seen.set(id, row.row);
      const existing = stored.get(id);
      if (existing) problems.push(...intakeRowProblems(row.row, mapping.columns, [{ field: idField, message: `a use case "${id}" exists already${existing.archivedAt ? ' (archived)' : ''}; give this one a title or id of its own, or leave the row out` }]));
    }
    if (checked.value !== undefined && id !== null) {
      problems.push(...intakeRowProblems(row.row, mapping.columns, useCaseFromIntake(ws, checked.value, id).problems));
      if (problems.length === 0) intakes.set(row.row, { ...checked.value, id });
    }
    const ok = problems.length === 0;
    report.rows.push({ row: row.row, id, title: typeof body.title === 'string' ? body.title : null, ok, problems });
    if (ok) report.good++;
    else report.bad++;
  }
  return { ...report, intakes };
}

async function workspaceOf(deps: UseCaseDeps, db: Kysely<Database>): Promise<Workspace> {
  const ws = await readStoredWorkspace(db, deps.workspaceRoot);
  if (!ws) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
  return ws;
}

const strip = ({ intakes: _intakes, ...r }: UseCaseImportReport & { intakes?: unknown }): UseCaseImportReport => r;

/** What an import would do: the mapping and every row with its problems; writes nothing. */
export async function previewUseCaseImport(deps: UseCaseDeps, input: SpreadsheetInput): Promise<UseCaseImportReport> {
  const sheet = await sheetOf(input);
  return strip(await analyse(deps.store.db, await workspaceOf(deps, deps.store.db), input, sheet));
}

function refusal(report: UseCaseImportReport): InvalidError {
  if (report.mapping_problems.length > 0)
    return new InvalidError(`${report.file}: ${report.mapping_problems[0]}${report.mapping_problems.length > 1 ? ` (and ${report.mapping_problems.length - 1} more)` : ''}; nothing imported`, 'mapping', report.mapping_problems.map((message) => ({ field: 'mapping', message })), 'bad_mapping');
  const problems = report.rows.flatMap((r) => r.problems).map((p) => ({ field: locate(p), message: p.message }));
  if (problems.length === 0) return new InvalidError(`${report.file}: no rows of use cases below the header row; nothing imported`, 'file', [], 'empty');
  return new InvalidError(
    `${report.file}: ${report.bad} of ${report.rows.length} rows have problems (first: ${problems[0]!.field}: ${problems[0]!.message}); nothing imported. Fix them, or import only the good rows`,
    problems[0]!.field,
    problems,
    'bad_rows',
  );
}

/**
 * Imports the sheet's use cases as proposals by the caller, all in one transaction: every row,
 * or with `onlyGoodRows` the rows without a problem; `dryRun` checks as the import would and
 * writes nothing. Refused (InvalidError, every problem located) when something would be left out unasked.
 */
export async function importUseCases(deps: UseCaseDeps, input: SpreadsheetInput, options: { onlyGoodRows?: boolean; dryRun?: boolean }, caller: Caller): Promise<UseCaseImportReport> {
  const sheet = await sheetOf(input);
  return deps.store.transaction(async (tx) => {
    const report = await analyse(tx, await workspaceOf(deps, tx), input, sheet);
    if (report.mapping_problems.length > 0 || report.good === 0 || (report.bad > 0 && !options.onlyGoodRows)) throw refusal(strip(report));
    if (options.dryRun) return strip(report);
    const at = deps.now();
    const ws = await workspaceOf(deps, tx);
    const imported: string[] = [];
    for (const [row, intake] of report.intakes) {
      const { value } = useCaseFromIntake(ws, intake, intake.id);
      // Checked in `analyse` within this transaction; a row that no longer passes would be a bug, refused rather than stored.
      if (value === undefined) throw new ConflictError(`row ${row} no longer passes its checks; nothing imported`);
      await storeProposal(tx, value, caller, at, { via: 'import', file: input.fileName, row });
      imported.push(value.id);
    }
    return { ...strip(report), imported, written: true };
  });
}
