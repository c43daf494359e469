// Every statement Traction itself sends for the example company's checks and profiles, for a
// given dialect: the runner and the profiler run against a recording connection (no database),
// plus the ordered follow-ups, failing-rows and referential-integrity SQL. The guards must
// accept all of it (they sit in front of every statement).
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import type { Dataset } from '../../src/domain/dataset.js';
import { compileChecks } from '../../src/readiness/check-compiler.js';
import type { ColumnInfo, Row } from '../../src/readiness/check-evaluation.js';
import { failingRowsSql } from '../../src/readiness/failing-rows.js';
import { profileDataset } from '../../src/readiness/profile.js';
import { runDataset } from '../../src/readiness/run-dataset.js';
import type { SourceConnection } from '../../src/readiness/source-connection.js';
import type { SqlDialect } from '../../src/readiness/sql-dialect.js';

function recorder(dialect: SqlDialect, columns: ColumnInfo[], sent: string[]): SourceConnection {
  const record = async (sql: string): Promise<Row[]> => (sent.push(sql), []);
  return {
    dialect,
    sourceId: 'recorder',
    engineKey: 'recorder',
    queryConcurrency: 1,
    relation: async (dataset: Dataset) => dialect.qualified(`warehouse.${dataset.id}`),
    query: record,
    queryReadOnly: record,
    stream: (sql: string) => {
      sent.push(sql);
      return (async function* () {})();
    },
    columns: async () => columns,
    close: async () => undefined,
  };
}

/** The Northwind statements in `dialect`, without the custom SQL (written for DuckDB there). */
export async function northwindSql(dialect: SqlDialect): Promise<string[]> {
  const loaded = await loadWorkspace(new URL('../../examples/northwind', import.meta.url).pathname);
  if (!loaded.workspace) throw new Error(`examples/northwind does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const sent: string[] = [];
  for (const ds of loaded.workspace.datasets) {
    const dataset = { ...ds, checks: ds.checks.filter((c) => c.type !== 'custom_sql') };
    const columns = Object.entries(dataset.columns ?? {}).map(([name, c]) => ({ name, type: c.type ?? 'string', nativeType: c.type ?? 'text' }));
    const conn = recorder(dialect, columns, sent);
    const types = new Map(columns.map((c) => [c.name, c.type]));
    const relation = await conn.relation(dataset);
    const target = { dataset, conn };
    await runDataset({ dataset, conn, resolve: async () => target, now: new Date(0) });
    await profileDataset(conn, dataset.id, relation, columns);
    const plan = compileChecks({ relation, checks: dataset.checks, dialect, types });
    for (const o of plan.ordered) for (const n of [1, 2, 7]) sent.push(o.build(n)?.sql ?? '');
    for (const c of dataset.checks) sent.push(failingRowsSql(c, dataset, relation, conn, types, relation) ?? '');
  }
  return [...new Set(sent.filter((s) => s !== ''))];
}
