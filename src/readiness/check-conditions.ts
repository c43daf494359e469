// Row-level checks as SQL conditions: for each "map" check, the condition that makes a row
// unexpected and the rows it is judged over. Shared by the one-scan compiler (which counts
// them) and the failing-rows query (which selects them), so both always agree.
import type { Check, CheckOf } from '../domain/checks.js';
import { catalogueColumnsOf, catalogueName, catalogueRowCondition, isCatalogueMapCheck, type CatalogueMapCheck } from './catalogue-checks.js';
import type { SqlDialect } from './sql-dialect.js';

export interface RowCondition {
  /** Rows the check is judged over (the denominator of `mostly`). */
  element: string;
  /** Rows among those that fail. */
  unexpected: string;
  /** Columns to show beside the primary key in failing rows. */
  columns: string[];
}

export type MapCheck =
  | CheckOf<'not_null' | 'accepted_values' | 'not_in_set' | 'range' | 'regex' | 'like' | 'length' | 'parseable_date' | 'column_pair'>
  | CatalogueMapCheck;

const MAP_TYPES = new Set<string>(['not_null', 'accepted_values', 'not_in_set', 'range', 'regex', 'like', 'length', 'parseable_date', 'column_pair']);
export const isMapCheck = (c: Check): c is MapCheck => MAP_TYPES.has(c.type) || isCatalogueMapCheck(c);

/** The canonical type of each column, when known (see connectors/<name>/column-types.ts). */
export type ColumnTypes = ReadonlyMap<string, string>;

/**
 * Values in a set: a numeric column against numbers compares numbers; anything else compares
 * as text, so a set of numbers also works on a text column (as it does in pandas).
 */
function inList(d: SqlDialect, col: string, values: (string | number | boolean)[], type: string | undefined): string {
  if (values.length === 0) return '1 = 0';
  const numericColumn = type === undefined || type === 'integer' || type === 'number';
  const numeric = numericColumn && values.every((v) => typeof v === 'number');
  const target = numeric ? col : d.asText(col);
  return `${target} in (${values.map((v) => (numeric ? d.literal(v) : d.string(String(v)))).join(', ')})`;
}

/** Seconds since 1970 of an ISO date or date-time bound (already checked), read as UTC. */
function isoEpochSeconds(bound: string): number {
  const [date, time = '00:00:00'] = bound.trim().split(/[ T]/);
  return Date.parse(`${date}T${time}Z`) / 1000;
}

function boundLiteral(d: SqlDialect, v: string | number): string {
  return typeof v === 'number' ? d.literal(v) : d.string(v);
}

export function rowCondition(c: MapCheck, d: SqlDialect, types: ColumnTypes = new Map()): RowCondition {
  if (isCatalogueMapCheck(c)) return catalogueRowCondition(c, d, types);
  if (c.type === 'not_null') {
    const col = d.quote(c.column);
    return { element: '1 = 1', unexpected: `${col} is null`, columns: [c.column] };
  }
  if (c.type === 'column_pair') {
    const [a, b] = [d.quote(c.a), d.quote(c.b)];
    const element = `${a} is not null and ${b} is not null`;
    const op = c.op === '!=' ? '<>' : c.op;
    return { element, unexpected: `${element} and not (${a} ${op} ${b})`, columns: [c.a, c.b] };
  }
  const col = d.quote(c.column);
  const element = `${col} is not null`;
  const bad = (cond: string): RowCondition => ({ element, unexpected: `${element} and ${cond}`, columns: [c.column] });
  switch (c.type) {
    case 'accepted_values':
      return bad(`not (${inList(d, col, c.values, types.get(c.column))})`);
    case 'not_in_set':
      return bad(`(${inList(d, col, c.values, types.get(c.column))})`);
    case 'range': {
      // Text against a number (or a number against text) compares as text on some engines and
      // is an error on others: refused here, by name, so the answer never depends on the engine.
      const type = types.get(c.column);
      const bounds = [c.min, c.max].filter((b) => b !== undefined);
      const numericBounds = bounds.every((b) => typeof b === 'number');
      if (type === 'string' && numericBounds) throw new Error(`range with numeric bounds needs a number column; column ${c.column} is text (declare its type, or cast it in the dataset's query)`);
      if ((type === 'integer' || type === 'number') && !numericBounds) throw new Error(`range on number column ${c.column} needs numeric bounds, found ${bounds.map((b) => JSON.stringify(b)).join(' and ')}`);
      if ((type === 'date' || type === 'timestamp') && bounds.some((b) => typeof b === 'string' && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:.]+)?$/.test(b)))
        throw new Error(`range on ${type} column ${c.column} needs ISO bounds such as 2024-01-31 or 2024-01-31 12:00:00`);
      const parts: string[] = [];
      const asEpoch = d.rangeAsEpoch && (type === 'date' || type === 'timestamp');
      const side = (b: string | number, op: string) => (asEpoch && typeof b === 'string' ? `${d.epochSeconds(col)} ${op} ${d.literal(isoEpochSeconds(b))}` : `${col} ${op} ${boundLiteral(d, b)}`);
      if (c.min !== undefined) parts.push(side(c.min, c.strict_min ? '<=' : '<'));
      if (c.max !== undefined) parts.push(side(c.max, c.strict_max ? '>=' : '>'));
      return bad(`(${parts.join(' or ')})`);
    }
    case 'regex':
      return bad(`not ${d.regexMatch(col, c.pattern, c.ignore_case)}`);
    case 'like':
      return bad(`not ${d.like(col, c.pattern)}`);
    case 'length': {
      const type = types.get(c.column);
      if (type !== undefined && type !== 'string') throw new Error(`length needs a text column; ${c.column} is ${type}`);
      const len = d.length(col);
      const parts: string[] = [];
      if (c.min !== undefined) parts.push(`${len} < ${c.min}`);
      if (c.max !== undefined) parts.push(`${len} > ${c.max}`);
      return bad(`(${parts.join(' or ')})`);
    }
    case 'parseable_date': {
      const type = types.get(c.column);
      if (type === 'date' || type === 'timestamp') return bad('1 = 0'); // already parsed by the source
      if (type !== undefined && type !== 'string') throw new Error(`parseable_date needs a text column; ${c.column} is ${type}`);
      return bad(`not ${d.parseableDate(col, c.format)}`);
    }
  }
}

/** The key of a referential-integrity check: its columns and the target's, in order. */
export function referenceKeys(c: CheckOf<'referential_integrity'>): { from: string[]; to: string[] } {
  return { from: c.columns ?? [c.column as string], to: c.to.columns ?? [c.to.column as string] };
}

/** The columns a check reads, to validate them against the dataset before running. */
export function columnsOf(c: Check): string[] {
  const catalogue = catalogueColumnsOf(c);
  if (catalogue) return catalogue;
  switch (c.type) {
    case 'row_count':
    case 'custom_sql':
    case 'schema':
      return [];
    case 'column_pair':
      return [c.a, c.b];
    case 'unique':
      return c.columns ?? (c.column !== undefined ? [c.column] : []);
    case 'duplicate_rows':
      return c.columns;
    case 'referential_integrity':
      return referenceKeys(c).from;
    default:
      return 'column' in c ? [c.column] : [];
  }
}

/** The name a check is reported and stored under: its own, or type(columns). */
export function defaultCheckName(c: Check): string {
  if (c.name !== undefined) return c.name;
  const catalogue = catalogueName(c);
  if (catalogue) return catalogue;
  switch (c.type) {
    case 'row_count':
    case 'schema':
    case 'custom_sql':
      return c.type;
    case 'column_pair':
      return `column_pair(${c.a} ${c.op} ${c.b})`;
    case 'aggregate':
      return `aggregate(${c.metric}${c.metric === 'quantile' ? ` ${c.q}` : ''} of ${c.column})`;
    case 'referential_integrity':
    {
      const { from, to } = referenceKeys(c);
      const list = (cols: string[]) => (cols.length === 1 ? (cols[0] as string) : `(${cols.join(', ')})`);
      return `referential_integrity(${list(from)} -> ${c.to.dataset}.${list(to)})`;
    }
    default:
      return `${c.type}(${columnsOf(c).join(', ')})`;
  }
}
