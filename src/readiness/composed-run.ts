// One statement for a dataset's queries over a file parsed whole on reading (a CSV on DuckDB):
// the file is read once, in a materialised CTE, and DuckDB parses only the columns the
// statement uses, where a table of the file must parse and keep every column (custom SQL may
// name any). The scans, the group-bys that always run, custom SQL counts and referential
// integrity within the same connection go in (a target file of the same connection as a CTE
// of its own); what depends on another query's answer (a group-by run only when its scan finds
// a duplicate, ordered follow-ups) or streams (the catalogue's own queries) runs afterwards
// over the file's table, as before. If the statement fails (custom SQL naming an unknown
// column, a value the CSV sniffer did not expect), none of it is used: the dataset then runs
// the usual way, which pins the failure on its check.
import type { CheckOf } from '../domain/checks.js';
import type { Dataset } from '../domain/dataset.js';
import type { CompiledCheck, CompiledPlan } from './check-compiler.js';
import { referenceKeys } from './check-conditions.js';
import type { ColumnInfo, ExternalResult, Row } from './check-evaluation.js';
import { customSqlCountSql, customSqlResult, integerKeys, referentialCountResult, referentialCountSql } from './external-checks.js';
import type { DatasetTarget } from './run-dataset.js';
import type { PreparedRelation, SourceConnection } from './source-connection.js';

export interface ComposedInput {
  plan: CompiledPlan;
  externals: CompiledCheck[];
  dataset: Dataset;
  prepared: PreparedRelation;
  conn: SourceConnection;
  resolve(datasetId: string): Promise<DatasetTarget | undefined>;
}

/** What the one statement answered; everything else of the plan is still to run. */
export interface Composed {
  scans: Map<string, Row>;
  groups: Map<string, Row[]>;
  external: Map<number, ExternalResult>;
  parts: number;
}

/** Runs the composable queries of a plan as one statement; undefined when there is none or it failed. */
export async function runComposed(input: ComposedInput): Promise<Composed | undefined> {
  const { plan, prepared, conn } = input;
  if (!conn.composed || prepared.cte === undefined) return undefined;
  const ctes = new Map([[prepared.name, prepared.cte]]);
  const out: Composed = { scans: new Map(), groups: new Map(), external: new Map(), parts: 0 };
  const parts: { sql: string; take(rows: Row[]): void }[] = [];
  for (const s of plan.scans) parts.push({ sql: s.sql, take: (rows) => out.scans.set(s.key, rows[0] ?? {}) });
  for (const g of plan.groups) if (g.skipUnlessDuplicates === undefined) parts.push({ sql: g.sql, take: (rows) => out.groups.set(g.key, rows) });
  for (const c of input.externals) {
    const check = c.check;
    if (check.type === 'custom_sql') parts.push({ sql: customSqlCountSql(check, prepared.name), take: (rows) => out.external.set(c.index, customSqlResult(rows[0])) });
    if (check.type !== 'referential_integrity') continue;
    const target = await composableTarget(check, input, ctes).catch(() => undefined);
    if (target === undefined) continue;
    const integer = integerKeys(check, new Map(prepared.columns.map((col) => [col.name, col.type])), target.types);
    parts.push({ sql: referentialCountSql(conn.dialect, check, prepared.name, target.name, integer), take: (rows) => out.external.set(c.index, referentialCountResult(rows[0])) });
  }
  if (parts.length === 0) return undefined;
  let results: Row[][];
  try {
    results = await conn.composed([...ctes.values()], parts.map((p) => p.sql));
  } catch {
    return undefined;
  }
  parts.forEach((p, i) => p.take(results[i] ?? []));
  out.parts = parts.length;
  return out;
}

/**
 * The relation a referential-integrity check's target has inside the statement: the dataset
 * itself, another file of the same connection as a CTE added to `ctes`, or a table or view of
 * the same engine. Undefined (the check then runs on its own, which says what is wrong) for
 * another engine, an unknown dataset or a key column the target does not have.
 */
async function composableTarget(check: CheckOf<'referential_integrity'>, input: ComposedInput, ctes: Map<string, string>): Promise<{ name: string; types: Map<string, string> } | undefined> {
  const target = await input.resolve(check.to.dataset);
  if (!target || target.conn.engineKey !== input.conn.engineKey) return undefined;
  let name: string;
  let columns: ColumnInfo[];
  const sameConn = target.conn === input.conn;
  const prepared = !sameConn ? undefined : target.dataset.id === input.dataset.id ? input.prepared : await input.conn.prepare?.(target.dataset);
  if (prepared?.cte !== undefined) {
    ({ name, columns } = prepared);
    if (!ctes.has(name)) ctes.set(name, prepared.cte);
  } else {
    name = await target.conn.relation(target.dataset);
    columns = await target.conn.columns(name);
  }
  const types = new Map(columns.map((c) => [c.name, c.type]));
  return referenceKeys(check).to.every((k) => types.has(k)) ? { name, types } : undefined;
}
