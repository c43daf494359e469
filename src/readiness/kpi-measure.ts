// KPI measures: a KPI's `measure.sql` runs against one of the workspace's sources through the
// same containment as custom checks, on every engine (PostgreSQL, MySQL/MariaDB, SQLite, files
// through DuckDB): SourceConnection.queryReadOnly, which guards the statement by parsing it and
// runs it read-only with a timeout. `kpi refresh` and its --dry-run both come here; the CLI
// only phrases the rows or the error. Connection strings are env references, resolved only
// when a source is first used and never printed.
import type { Kpi } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import type { Row } from './check-evaluation.js';
import { SourceConnections, type ConnectionOptions } from './source-connections.js';

/** A measure that does not answer in a minute fails (the others go on). */
export const MEASURE_TIMEOUT_MS = 60_000;

export type KpiMeasure = NonNullable<Kpi['measure']>;

/** Runs the measures of one refresh; each source is opened once and closed by close(). */
export class KpiMeasures {
  private readonly connections: SourceConnections;

  constructor(workspace: Pick<Workspace, 'root' | 'sources'>, env: Record<string, string | undefined>, options: ConnectionOptions = {}) {
    this.connections = new SourceConnections(workspace, env, { timeoutMs: MEASURE_TIMEOUT_MS, poolSize: 1, ...options });
  }

  /** The measure's rows; rejects with a SourceError (UnsafeSqlError when refused) naming the source. */
  async run(measure: KpiMeasure): Promise<Row[]> {
    const conn = await this.connections.get(measure.source);
    return conn.queryReadOnly(measure.sql);
  }

  close(): Promise<void> {
    return this.connections.closeAll();
  }
}
