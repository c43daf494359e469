// Which column of a sheet fills which intake field: guessed from the header names (the field's
// own name, the intake form's label, a few common synonyms; case, accents, spaces and
// punctuation ignored), overridden by an explicit mapping `header=field` or `B=field` (a
// column letter), where `header=` (no field) leaves a column out. Pure.
import { INTAKE_LABELS } from '../domain/intake.js';
import type { Sheet } from './spreadsheet.js';

export const IMPORT_FIELDS = [
  'id',
  'title',
  'problem',
  'objective',
  'owner',
  'sponsor',
  'department',
  'team',
  'value_kind',
  'monthly_value.low',
  'monthly_value.likely',
  'monthly_value.high',
  'build_cost',
  'run_monthly',
  'effort_person_weeks',
  'probability_of_success',
  'eu_ai_act',
  'tags',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields without which no row can be a use case: a sheet lacking a column for one is refused whole. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['title', 'problem', 'objective', 'owner', 'sponsor', 'department', 'team', 'monthly_value.low', 'monthly_value.likely', 'monthly_value.high', 'build_cost', 'run_monthly', 'effort_person_weeks'];

const SYNONYMS: Partial<Record<ImportField, string[]>> = {
  title: ['name', 'use case', 'use case name', 'idea'],
  problem: ['description', 'problem statement', 'pain point'],
  objective: ['goal', 'outcome'],
  owner: ['business owner', 'technical owner'],
  department: ['business unit', 'unit', 'function'],
  'monthly_value.low': ['value low', 'monthly value low', 'low'],
  'monthly_value.likely': ['value likely', 'monthly value likely', 'value', 'monthly value', 'likely'],
  'monthly_value.high': ['value high', 'monthly value high', 'high'],
  build_cost: ['build', 'one off cost', 'implementation cost'],
  run_monthly: ['run cost', 'running cost', 'monthly run cost', 'run cost per month'],
  effort_person_weeks: ['effort', 'person weeks', 'effort weeks'],
  probability_of_success: ['probability', 'chance of success', 'success probability', 'chance'],
  eu_ai_act: ['risk', 'eu ai act', 'ai act', 'risk class'],
  value_kind: ['kind of value', 'value type'],
};

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '');

/** Every spelling a header may take for `field`, normalised. */
function spellings(field: ImportField): Set<string> {
  return new Set([field, field.replace('.', ' '), INTAKE_LABELS[field] ?? '', ...(SYNONYMS[field] ?? [])].filter((s) => s !== '').map(norm));
}

export interface MappedColumn {
  column: string;
  header: string;
  field: ImportField | null;
  /** Where the field came from: guessed from the header, or named in the mapping. */
  by: 'header' | 'mapping' | null;
}

export interface ColumnMapping {
  columns: MappedColumn[];
  /** Problems with the mapping itself (an unknown field or column, a field named twice). */
  problems: string[];
  /** Required fields no column fills. */
  missing: ImportField[];
}

const isField = (f: string): f is ImportField => (IMPORT_FIELDS as readonly string[]).includes(f);

/** Parses `header=field` items (the CLI's `--map`, the API's `mapping`). */
export function parseMapping(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const i = item.lastIndexOf('=');
    if (i <= 0) throw new Error(`"${item}" is not column=field (such as "Use case name=title" or "B=title")`);
    out[item.slice(0, i).trim()] = item.slice(i + 1).trim();
  }
  return out;
}

export function mapColumns(sheet: Pick<Sheet, 'headers'>, explicit: Readonly<Record<string, string>> = {}): ColumnMapping {
  const problems: string[] = [];
  const columns: MappedColumn[] = sheet.headers.map((h) => {
    const guess = IMPORT_FIELDS.find((f) => spellings(f).has(norm(h.text)));
    return { column: h.column, header: h.text, field: guess ?? null, by: guess ? 'header' : null };
  });
  for (const [key, field] of Object.entries(explicit)) {
    const col = columns.find((c) => c.header === key) ?? columns.find((c) => norm(c.header) === norm(key)) ?? columns.find((c) => c.column === key.toUpperCase() && /^[A-Za-z]{1,3}$/.test(key));
    if (!col) {
      problems.push(`mapping "${key}=${field}": no column is headed "${key}" (the headers are ${columns.map((c) => `"${c.header}"`).join(', ')})`);
      continue;
    }
    if (field !== '' && field !== '-' && !isField(field)) {
      problems.push(`mapping "${key}=${field}": "${field}" is not a field (fields: ${IMPORT_FIELDS.join(', ')})`);
      continue;
    }
    col.field = isField(field) ? field : null;
    col.by = 'mapping';
    // A field named explicitly is taken from this column only.
    for (const other of columns)
      if (col.field !== null && other !== col && other.field === col.field && other.by === 'header') {
        other.field = null;
        other.by = null;
      }
  }
  for (const f of IMPORT_FIELDS) {
    const cols = columns.filter((c) => c.field === f);
    if (cols.length > 1) problems.push(`the field ${f} is filled by ${cols.length} columns (${cols.map((c) => `${c.column} "${c.header}"`).join(', ')}); map one of them to nothing, such as "${cols[1]!.header}="`);
  }
  const missing = REQUIRED_FIELDS.filter((f) => !columns.some((c) => c.field === f));
  return { columns, problems, missing };
}

/** How a missing field's column would be headed, for the message. */
export function headerHint(field: ImportField): string {
  return INTAKE_LABELS[field] ?? field;
}
