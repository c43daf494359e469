// Runs Great Expectations test-definition files (any folder of them) through Traction's own
// checks on a real engine: each dataset is loaded into a table, each case mapped by
// ge-adapter.ts and run by the same runner `traction data check` uses.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkSchema } from '../../domain/checks.js';
import { datasetSchema } from '../../domain/dataset.js';
import { errorOutcome } from '../check-evaluation.js';
import { compileChecks } from '../check-compiler.js';
import { runDataset } from '../run-dataset.js';
import type { SourceConnection } from '../source-connection.js';
import { appliesTo, compareOutcome, expectsError, mapCase, type GeDataset, type GeFile } from './ge-adapter.js';

export interface ConformanceEngine {
  name: string;
  /** GE backend labels this engine answers to in only_for / suppress_test_for. */
  labels: string[];
  conn: SourceConnection;
  /**
   * Runs set-up DDL and inserts with the engine's own rights: `conn` runs only guarded,
   * read-only SELECTs, as it does for a company's database.
   */
  exec(sql: string): Promise<unknown>;
  /** Type names this engine uses for the canonical column types of the data. */
  types: { integer: string; number: string; text: string; timestamp: string; date: string; boolean: string };
}

/**
 * Every case lands in exactly one of: pass, fail, skip. The skips are split by why:
 * `notForSql` - GE marks the case for other backends (only_for / suppress_test_for name
 * neither this engine nor sqlalchemy), so it does not apply to a SQL engine; `refused` - a
 * deliberate difference, each named in docs/readiness.md ("Conformance"); `notOffered` - the
 * expectation itself is not offered (listed per expectation in `notOfferedTypes`). The pass
 * rate is pass / (pass + fail + refused + notOffered): every case that applies to SQL engines,
 * a refusal or an expectation not offered counted as a miss.
 */
export interface Totals {
  pass: number;
  fail: number;
  skip: number;
  notForSql: number;
  refused: number;
  notOffered: number;
  notOfferedTypes: string[];
}

/** GE's files are written by Python's json, which allows Infinity and NaN; JSON.parse does not. */
export function parseGeJson(text: string): GeFile {
  const marked = text.replace(/(?<=[[,:]\s*)(-?Infinity|NaN)(?=\s*[\],}])/g, '"__$1__"');
  return JSON.parse(marked, (_k, v: unknown) => (v === '__Infinity__' ? Infinity : v === '__-Infinity__' ? -Infinity : v === '__NaN__' ? NaN : v)) as GeFile;
}

export function findDefinitionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findDefinitionFiles(full));
    else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}

function columnType(engine: ConformanceEngine, declared: string | undefined, values: unknown[]): string {
  const t = engine.types;
  const d = (declared ?? '').toUpperCase();
  if (/INT/.test(d)) return t.integer;
  if (/FLOAT|DOUBLE|REAL|NUMERIC|DECIMAL/.test(d)) return t.number;
  if (/TIMESTAMP|DATETIME/.test(d)) return t.timestamp;
  if (d === 'DATE') return t.date;
  if (/BOOL/.test(d)) return t.boolean;
  if (d !== '') return t.text;
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every((v) => typeof v === 'boolean')) return t.boolean;
  if (present.length && present.every((v) => typeof v === 'number')) return present.every((v) => Number.isInteger(v)) ? t.integer : t.number;
  return t.text;
}

/** The dataset's tables: the one its cases check first, then (multi-table) the others by GE's dataset_name. */
function tablesOf(ds: GeDataset): { name?: string; data: Record<string, unknown[]> }[] {
  return Array.isArray(ds.data) ? ds.data.map((t) => ({ name: t.dataset_name, data: t.data })) : [{ data: ds.data }];
}

async function loadTables(engine: ConformanceEngine, table: string, ds: GeDataset): Promise<Map<string, string>> {
  const others = new Map<string, string>();
  for (const [j, t] of tablesOf(ds).entries()) {
    const name = j === 0 ? table : `${table}_${j}`;
    await loadTable(engine, name, { ...ds, data: t.data });
    if (j > 0 && t.name !== undefined) others.set(t.name, name);
  }
  return others;
}

async function loadTable(engine: ConformanceEngine, table: string, ds: GeDataset & { data: Record<string, unknown[]> }): Promise<void> {
  const d = engine.conn.dialect;
  const schema = ds.schemas?.postgresql ?? ds.schemas?.sqlite ?? {};
  const cols = Object.keys(ds.data);
  const defs = cols.map((c) => `${d.quote(c)} ${columnType(engine, schema[c], ds.data[c] ?? [])}`);
  await engine.exec(`drop table if exists ${d.quote(table)}`);
  await engine.exec(`create table ${d.quote(table)} (${defs.join(', ')})`);
  const n = Math.max(0, ...cols.map((c) => ds.data[c]?.length ?? 0));
  if (n === 0) return;
  // PostgreSQL parses dates like "Jan 01 1970 12:00:01" itself; DuckDB wants ISO, so the
  // loader (not the checks) normalises timestamp text that JavaScript can read.
  const timestampCols = new Set(cols.filter((c) => columnType(engine, schema[c], ds.data[c] ?? []) === engine.types.timestamp));
  const isoOf = (v: string) => {
    const t = Date.parse(`${v} UTC`);
    return /^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t) ? v : new Date(t).toISOString().replace('T', ' ').replace('Z', '');
  };
  const lit = (v: unknown) => (v === null || v === undefined ? 'null' : typeof v === 'object' ? d.string(JSON.stringify(v)) : d.literal(v as string | number | boolean));
  const value = (c: string, r: number) => {
    const v = ds.data[c]?.[r];
    return timestampCols.has(c) && typeof v === 'string' ? isoOf(v) : v;
  };
  // A text column holding numbers (GE's mixed columns) gets them as text: ClickHouse converts
  // no number to a String on insert; the other engines store the same text either way.
  const textCols = new Set(cols.filter((c) => columnType(engine, schema[c], ds.data[c] ?? []) === engine.types.text));
  // And the other way: a number column holding numbers written as text (GE's "numeric":
  // ["1", "2", ...] declared INTEGER) gets them as numbers, as PostgreSQL and SQLite convert
  // such text on insert and ClickHouse 18.16 does not (a type mismatch in VALUES).
  const numberCols = new Set(cols.filter((c) => [engine.types.integer, engine.types.number].includes(columnType(engine, schema[c], ds.data[c] ?? []))));
  const litIn = (c: string, v: unknown) => {
    if (textCols.has(c) && (typeof v === 'number' || typeof v === 'boolean') && Number.isFinite(Number(v))) return d.string(String(v));
    if (numberCols.has(c) && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return d.literal(Number(v));
    return lit(v);
  };
  const rows = Array.from({ length: n }, (_, r) => `(${cols.map((c) => litIn(c, value(c, r))).join(', ')})`);
  await engine.exec(`insert into ${d.quote(table)} values ${rows.join(', ')}`);
}

export async function runConformance(files: string[], engine: ConformanceEngine, print: (line: string) => void, tableSchema?: string): Promise<Totals> {
  const totals: Totals = { pass: 0, fail: 0, skip: 0, notForSql: 0, refused: 0, notOffered: 0, notOfferedTypes: [] };
  const say = (verdict: keyof Totals, id: string, detail = '') => {
    totals[verdict]++;
    print(`${verdict} ${engine.name} ${id}${detail ? `: ${detail}` : ''}`);
  };
  for (const file of files) {
    const ge = parseGeJson(readFileSync(file, 'utf8'));
    for (const [k, ds] of ge.datasets.entries()) {
      const table = `ge_${k}`;
      let loaded: string | null = null;
      let others = new Map<string, string>();
      for (const c of ds.tests) {
        const id = `${ge.expectation_type}/${c.title}`;
        const notHere = appliesTo(engine.labels, ds, c);
        if (notHere) {
          totals.notForSql++;
          say('skip', id, notHere);
          continue;
        }
        const mapped = mapCase(ge.expectation_type, c.in, { now: new Date(), expectsError: expectsError(c.in, c.out, c.error) });
        if ('skip' in mapped) {
          if (mapped.skip === `expectation ${ge.expectation_type} not offered`) {
            totals.notOffered++;
            if (!totals.notOfferedTypes.includes(ge.expectation_type)) totals.notOfferedTypes.push(ge.expectation_type);
          } else totals.refused++;
          say('skip', id, mapped.skip);
          continue;
        }
        if (c.in.row_condition !== undefined) {
          totals.refused++;
          say('skip', id, 'row_condition syntax not offered (use where:)');
          continue;
        }
        if (loaded === null)
          loaded = await loadTables(engine, table, ds).then(
            (loadedOthers) => ((others = loadedOthers), ''),
            (e: Error) => e.message.split('\n')[0] as string,
          );
        if (loaded !== '') {
          totals.refused++;
          say('skip', id, `the data does not load on ${engine.name}: ${loaded}`);
          continue;
        }
        const difference = await runCase(engine, table, mapped.checks, mapped.all === true, c.in, c.out, c.tolerance, tableSchema, c.error, others);
        if (difference === null) say('pass', id);
        else say('fail', id, difference);
      }
    }
  }
  return totals;
}

async function runCase(
  engine: ConformanceEngine,
  table: string,
  raw: Record<string, unknown>[],
  all: boolean,
  input: Record<string, unknown>,
  out: Record<string, unknown>,
  tolerance: number | undefined,
  tableSchema: string | undefined,
  error: unknown,
  others: ReadonlyMap<string, string> = new Map(),
): Promise<string | null> {
  const parsed = raw.map((r) => checkSchema.safeParse(r));
  const bad = parsed.find((p) => !p.success);
  if (bad && !bad.success) {
    // Our schema refuses the parameters: that is an error outcome, as GE raising would be.
    const plan = compileChecks({ relation: '?', checks: [{ type: 'row_count', min: 0, severity: 'fail' }], dialect: engine.conn.dialect });
    return compareOutcome(input, out, [errorOutcome(plan.checks[0] as never, bad.error.issues[0]?.message ?? 'invalid')], all, tolerance, error);
  }
  const qualified = (t: string) => (tableSchema ? `${tableSchema}.${t}` : t);
  const dataset = datasetSchema.parse({ id: 'ge', source: 'ge', table: qualified(table), checks: parsed.map((p) => p.data) });
  // The file's other tables (multi-table expectations) are datasets named by their dataset_name.
  const resolve = async (id: string) => {
    const other = others.get(id);
    return other === undefined ? undefined : { dataset: datasetSchema.parse({ id, source: 'ge', table: qualified(other) }), conn: engine.conn };
  };
  const run = await runDataset({ dataset, conn: engine.conn, resolve, now: new Date(0) });
  return compareOutcome(input, out, run.outcomes, all, tolerance, error);
}
