// The checks that are not aggregates of one relation: referential integrity (pushed down as
// one join when both datasets live in the same engine; otherwise the target's distinct keys
// are compared with the checked dataset's grouped keys, so only keys leave the databases)
// and custom SQL (run read-only, counted as failing rows).
import type { CheckOf } from '../domain/checks.js';
import type { Dataset } from '../domain/dataset.js';
import type { CompiledCheck } from './check-compiler.js';
import type { ExternalResult } from './check-evaluation.js';
import type { SourceConnection } from './source-connection.js';
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

const whereAnd = (where: string | undefined) => (where === undefined ? '' : ` and (${where})`);

export async function runExternal(c: CompiledCheck, ctx: ExternalContext): Promise<ExternalResult> {
  if (c.check.type === 'custom_sql') {
    const rows = await ctx.conn.queryReadOnly(customSqlCountSql(c.check, ctx.relation)).catch((e: Error) => {
      // The dataset's id is not a table name in its source (a file is a view named otherwise).
      if (MISSING_TABLE.test(e.message)) e.message = `${e.message.split('\n')[0]} (write {dataset} for the table or file of dataset ${ctx.dataset.id})`;
      throw e;
    });
    return { elements: 0, unexpected: Number(rows[0]?.n ?? 0) };
  }
  if (c.check.type === 'referential_integrity') return referentialIntegrity(c.check, ctx);
  if (isCatalogueQueryCheck(c.check)) return runCatalogueQuery(c.check, { relation: ctx.relation, conn: ctx.conn, types: ctx.types ?? new Map() });
  throw new Error(`${c.check.type} is not an external check`);
}

async function referentialIntegrity(check: CheckOf<'referential_integrity'>, ctx: ExternalContext): Promise<ExternalResult> {
  const target = await ctx.resolve(check.to.dataset);
  if (!target) throw new Error(`unknown dataset "${check.to.dataset}" in to.dataset`);
  const d = ctx.conn.dialect;
  const targetRelation = await target.conn.relation(target.dataset);
  const targetColumns = (await target.conn.columns(targetRelation)).map((col) => col.name);
  if (!targetColumns.includes(check.to.column)) throw new Error(`unknown column "${check.to.column}" in dataset ${check.to.dataset} (columns: ${targetColumns.join(', ')})`);
  const col = d.quote(check.column);
  if (target.conn.engineKey === ctx.conn.engineKey) {
    const key = d.quote(check.to.column);
    const sql =
      `select count(*) as elements, sum(case when r.k is null then 1 else 0 end) as unexpected` +
      ` from (select ${d.asText(col)} as v from ${ctx.relation} where ${col} is not null${whereAnd(check.where)}) t` +
      ` left join (select distinct ${d.asText(key)} as k from ${targetRelation} where ${key} is not null) r on t.v = r.k`;
    const row = (await ctx.conn.query(sql))[0] ?? {};
    return { elements: Number(row.elements ?? 0), unexpected: Number(row.unexpected ?? 0) };
  }
  const td = target.conn.dialect;
  const tkey = td.quote(check.to.column);
  const keys = new Set<string>();
  for await (const row of target.conn.stream(`select distinct ${td.asText(tkey)} as k from ${targetRelation} where ${tkey} is not null`)) keys.add(String(row.k));
  let elements = 0;
  let unexpected = 0;
  const grouped = `select ${d.asText(col)} as v, count(*) as n from ${ctx.relation} where ${col} is not null${whereAnd(check.where)} group by ${d.asText(col)}`;
  for await (const row of ctx.conn.stream(grouped)) {
    const n = Number(row.n);
    elements += n;
    if (!keys.has(String(row.v))) unexpected += n;
  }
  return { elements, unexpected, observed: { target_keys: keys.size } };
}
