// The checks that are not aggregates of one relation: referential integrity (pushed down as
// one join when both datasets live in the same engine; otherwise the target's distinct keys
// are compared with the checked dataset's grouped keys, so only keys leave the databases)
// and custom SQL (run read-only, counted as failing rows).
import type { CheckOf } from '../domain/checks.js';
import type { Dataset } from '../domain/dataset.js';
import type { CompiledCheck } from './check-compiler.js';
import { referenceKeys } from './check-conditions.js';
import type { ExternalResult, Row } from './check-evaluation.js';
import type { SourceConnection } from './source-connection.js';
import { andWhere, type SqlDialect } from './sql-dialect.js';
import type { DatasetTarget } from './run-dataset.js';
import { isCatalogueQueryCheck, runCatalogueQuery } from './catalogue-checks.js';

export interface ExternalContext {
  relation: string;
  dataset: Dataset;
  conn: SourceConnection;
  resolve(datasetId: string): Promise<DatasetTarget | undefined>;
  /** Canonical column types, for checks that compare values (distinct_values). */
  types?: ReadonlyMap<string, string>;
}

/** Replaces {dataset} in user SQL with the dataset's relation. */
export function expandCustomSql(sql: string, relation: string): string {
  return sql.replace(/\{dataset\}/g, relation);
}

export function customSqlCountSql(check: CheckOf<'custom_sql'>, relation: string): string {
  return `select count(*) as n from (${expandCustomSql(check.sql.trim().replace(/;\s*$/, ''), relation)}) as traction_failing`;
}

/** DuckDB, PostgreSQL, MySQL and SQLite saying a table does not exist. */
const MISSING_TABLE = /Table with name \S+ does not exist|relation "[^"]+" does not exist|Table '[^']+' doesn't exist|no such table/i;

export async function runExternal(c: CompiledCheck, ctx: ExternalContext): Promise<ExternalResult> {
  if (c.check.type === 'custom_sql') {
    const rows = await ctx.conn.queryReadOnly(customSqlCountSql(c.check, ctx.relation)).catch((e: Error) => {
      // The dataset's id is not a table name in its source (a file is a view named otherwise).
      if (MISSING_TABLE.test(e.message)) e.message = `${e.message.split('\n')[0]} (write {dataset} for the table or file of dataset ${ctx.dataset.id})`;
      throw e;
    });
    return customSqlResult(rows[0]);
  }
  if (c.check.type === 'referential_integrity') return referentialIntegrity(c.check, ctx);
  if (c.check.type === 'row_count' && c.check.same_as !== undefined) return otherRowCount(c.check.same_as, ctx.resolve);
  if (isCatalogueQueryCheck(c.check)) return runCatalogueQuery(c.check, { relation: ctx.relation, conn: ctx.conn, types: ctx.types ?? new Map() });
  throw new Error(`${c.check.type} is not an external check`);
}

/** The row count of another dataset (row_count's same_as), whole: its own checks' filters do not apply. */
async function otherRowCount(datasetId: string, resolve: ExternalContext['resolve']): Promise<ExternalResult> {
  const other = await resolve(datasetId);
  if (!other) throw new Error(`unknown dataset "${datasetId}" in same_as`);
  const relation = await other.conn.relation(other.dataset);
  const rows = await other.conn.query(`select count(*) as n from ${relation}`);
  return { elements: 0, unexpected: 0, observed: Number(rows[0]?.n ?? 0) };
}

/** The target of a referential-integrity check, its columns checked by name. */
async function referenceTarget(check: CheckOf<'referential_integrity'>, resolve: ExternalContext['resolve']): Promise<{ conn: SourceConnection; relation: string; types: Map<string, string> }> {
  const target = await resolve(check.to.dataset);
  if (!target) throw new Error(`unknown dataset "${check.to.dataset}" in to.dataset`);
  const relation = await target.conn.relation(target.dataset);
  const columns = await target.conn.columns(relation);
  const targetColumns = columns.map((col) => col.name);
  for (const key of referenceKeys(check).to)
    if (!targetColumns.includes(key)) throw new Error(`unknown column "${key}" in dataset ${check.to.dataset} (columns: ${targetColumns.join(', ')})`);
  return { conn: target.conn, relation, types: new Map(columns.map((c) => [c.name, c.type])) };
}

/**
 * Whether the keys may be compared as they are rather than as text: when every pair is of
 * whole numbers on both sides (a whole number equals another exactly when their digits do;
 * any other pair, text included, is compared as text, whose collation is the same on both sides).
 */
export function integerKeys(check: CheckOf<'referential_integrity'>, fromTypes: ReadonlyMap<string, string> | undefined, toTypes: ReadonlyMap<string, string>): boolean {
  const { from, to } = referenceKeys(check);
  return from.every((c, i) => fromTypes?.get(c) === 'integer' && toTypes.get(to[i] as string) === 'integer');
}

/**
 * The rows a referential-integrity check judges: those whose key columns are all non-null
 * (SQL's MATCH SIMPLE: a key with a null part refers to nothing and is not judged), after
 * the check's `where`. Keys are compared as text, part by part, so an integer key matches
 * the same digits held as text in the other dataset.
 */
function judged(d: SqlDialect, check: CheckOf<'referential_integrity'>, relation: string, alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return `select * from ${relation} where ${referenceKeys(check).from.map((c) => `${p}${d.quote(c)} is not null`).join(' and ')}${andWhere(check.where)}`;
}

/** Same engine: the target's distinct keys, joined to the judged rows (alias t); r.k0 is null when missing. */
function sameEngineJoin(d: SqlDialect, check: CheckOf<'referential_integrity'>, relation: string, targetRelation: string, asIs = false): string {
  const { from, to } = referenceKeys(check);
  const key = asIs ? (e: string) => e : (e: string) => d.asText(e);
  const keys = `select distinct ${to.map((k, i) => `${key(d.quote(k))} as k${i}`).join(', ')} from ${targetRelation} where ${to.map((k) => `${d.quote(k)} is not null`).join(' and ')}`;
  const on = from.map((c, i) => `${key(`t.${d.quote(c)}`)} = r.k${i}`).join(' and ');
  return `(${judged(d, check, relation)}) t left join (${keys}) r on ${on}`;
}

/** Same engine: the judged rows and those without a match, in one query (see referentialCountResult). */
export function referentialCountSql(d: SqlDialect, check: CheckOf<'referential_integrity'>, relation: string, targetRelation: string, integer = false): string {
  return `select count(*) as elements, sum(case when r.k0 is null then 1 else 0 end) as unexpected from ${sameEngineJoin(d, check, relation, targetRelation, integer)}`;
}

export function referentialCountResult(row: Row | undefined): ExternalResult {
  return { elements: Number(row?.elements ?? 0), unexpected: Number(row?.unexpected ?? 0) };
}

/** Custom SQL's result from its count query's row. */
export function customSqlResult(row: Row | undefined): ExternalResult {
  return { elements: 0, unexpected: Number(row?.n ?? 0) };
}

const keyOf = (row: Row, n: number, prefix: string) => JSON.stringify(Array.from({ length: n }, (_, i) => String(row[`${prefix}${i}`])));

/** Another engine: the target's distinct keys, fetched (only keys leave the database). */
async function targetKeys(check: CheckOf<'referential_integrity'>, target: { conn: SourceConnection; relation: string }): Promise<Set<string>> {
  const td = target.conn.dialect;
  const to = referenceKeys(check).to;
  const keys = new Set<string>();
  const sql = `select distinct ${to.map((k, i) => `${td.asText(td.quote(k))} as k${i}`).join(', ')} from ${target.relation} where ${to.map((k) => `${td.quote(k)} is not null`).join(' and ')}`;
  for await (const row of target.conn.stream(sql)) keys.add(keyOf(row, to.length, 'k'));
  return keys;
}

async function referentialIntegrity(check: CheckOf<'referential_integrity'>, ctx: ExternalContext): Promise<ExternalResult> {
  const target = await referenceTarget(check, ctx.resolve);
  const d = ctx.conn.dialect;
  const from = referenceKeys(check).from;
  if (target.conn.engineKey === ctx.conn.engineKey)
    return referentialCountResult((await ctx.conn.query(referentialCountSql(d, check, ctx.relation, target.relation, integerKeys(check, ctx.types, target.types))))[0]);
  const keys = await targetKeys(check, target);
  let elements = 0;
  let unexpected = 0;
  const texts = from.map((c) => d.asText(d.quote(c)));
  const grouped = `select ${texts.map((t, i) => `${t} as v${i}`).join(', ')}, count(*) as n from (${judged(d, check, ctx.relation)}) t group by ${texts.join(', ')}`;
  for await (const row of ctx.conn.stream(grouped)) {
    const n = Number(row.n);
    elements += n;
    if (!keys.has(keyOf(row, from.length, 'v'))) unexpected += n;
  }
  return { elements, unexpected, observed: { target_keys: keys.size } };
}

/**
 * The failing rows of a referential-integrity check (primary key and key columns), in the
 * same engine by one join, across engines by streaming the checked rows against the target's
 * keys; stops after `limit` rows unless limit is 0.
 */
export async function* referentialFailingRows(
  check: CheckOf<'referential_integrity'>,
  ctx: Pick<ExternalContext, 'relation' | 'conn' | 'resolve'> & { primaryKey: string[] },
  limit: number,
): AsyncIterable<Row> {
  const target = await referenceTarget(check, ctx.resolve);
  const d = ctx.conn.dialect;
  const from = referenceKeys(check).from;
  const shown = [...new Set([...ctx.primaryKey, ...from])];
  let n = 0;
  if (target.conn.engineKey === ctx.conn.engineKey) {
    const sql = `select ${shown.map((c) => `t.${d.quote(c)}`).join(', ')} from ${sameEngineJoin(d, check, ctx.relation, target.relation)} where r.k0 is null`;
    for await (const row of ctx.conn.stream(limit > 0 ? `${sql} ${d.limit(limit)}` : sql)) {
      yield row;
      if (limit > 0 && ++n >= limit) return;
    }
    return;
  }
  const keys = await targetKeys(check, target);
  const sql = `select ${shown.map((c) => d.quote(c)).join(', ')}, ${from.map((c, i) => `${d.asText(d.quote(c))} as traction_k${i}`).join(', ')} from (${judged(d, check, ctx.relation)}) t`;
  for await (const row of ctx.conn.stream(sql)) {
    if (keys.has(keyOf(row, from.length, 'traction_k'))) continue;
    yield Object.fromEntries(shown.map((c) => [c, row[c]]));
    if (limit > 0 && ++n >= limit) return;
  }
}

/** Same engine: the SELECT of the failing rows (see referentialFailingRows). */
export function referentialFailingRowsSql(check: CheckOf<'referential_integrity'>, d: SqlDialect, primaryKey: string[], relation: string, targetRelation: string): string {
  const shown = [...new Set([...primaryKey, ...referenceKeys(check).from])];
  return `select ${shown.map((c) => `t.${d.quote(c)}`).join(', ')} from ${sameEngineJoin(d, check, relation, targetRelation)} where r.k0 is null`;
}
