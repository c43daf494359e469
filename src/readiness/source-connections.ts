// Opens each source of a workspace once per run, lazily, resolving `${env:...}` references
// only at that moment. File sources share one embedded DuckDB database, which may read only
// their roots.
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Source } from '../domain/source.js';
import type { Workspace } from '../domain/workspace.js';
import { resolveEnvRefs } from '../workspace/env-ref.js';
import { openClickhouseConnection } from './connectors/clickhouse/connection.js';
import { createDuckdbInstance, openDuckdbConnection } from './connectors/duckdb/connection.js';
import { openMysqlConnection } from './connectors/mysql/connection.js';
import { openPostgresConnection } from './connectors/postgres/connection.js';
import { openSqliteConnection } from './connectors/sqlite/connection.js';
import { SourceError, type SourceConnection } from './source-connection.js';

export interface ConnectionOptions {
  /** Per-query time limit; a source that does not answer in time fails its datasets. */
  timeoutMs?: number;
  poolSize?: number;
  /** DuckDB's memory limit for file sources (e.g. 1GB); beyond it DuckDB spills to disk. */
  duckdbMemoryLimit?: string;
}

export class SourceConnections {
  private readonly open = new Map<string, Promise<SourceConnection>>();
  private duckdb: Promise<DuckDBInstance> | undefined;

  constructor(
    private readonly workspace: Pick<Workspace, 'root' | 'sources'>,
    private readonly env: Record<string, string | undefined>,
    private readonly options: ConnectionOptions = {},
  ) {}

  get(sourceId: string): Promise<SourceConnection> {
    let conn = this.open.get(sourceId);
    if (!conn) {
      conn = this.connect(sourceId);
      this.open.set(sourceId, conn);
    }
    return conn;
  }

  private async connect(sourceId: string): Promise<SourceConnection> {
    const source = this.workspace.sources.find((s) => s.id === sourceId);
    if (!source) throw new SourceError(`unknown source "${sourceId}"`);
    return this.connectSource(source);
  }

  private async connectSource(source: Source): Promise<SourceConnection> {
    const { timeoutMs, poolSize } = this.options;
    const usedBy = `source ${source.id}`;
    switch (source.kind) {
      case 'files':
        this.duckdb ??= createDuckdbInstance({ roots: this.filesRoots(), ...(this.options.duckdbMemoryLimit ? { memoryLimit: this.options.duckdbMemoryLimit } : {}) });
        return openDuckdbConnection(await this.duckdb, { sourceId: source.id, root: path.resolve(this.workspace.root, source.root), ...(timeoutMs ? { timeoutMs } : {}), ...(source.csv ? { csv: source.csv } : {}) });
      case 'postgres':
        return openPostgresConnection({ sourceId: source.id, url: resolveEnvRefs(source.connection, this.env, usedBy), ...(source.schema ? { schema: source.schema } : {}), ...(timeoutMs ? { timeoutMs } : {}), ...(poolSize ? { poolSize } : {}) });
      case 'mysql':
        return openMysqlConnection({ sourceId: source.id, url: resolveEnvRefs(source.connection, this.env, usedBy), ...(timeoutMs ? { timeoutMs } : {}), ...(poolSize ? { poolSize } : {}) });
      case 'clickhouse':
        return openClickhouseConnection({ sourceId: source.id, url: resolveEnvRefs(source.connection, this.env, usedBy), ...(timeoutMs ? { timeoutMs } : {}), ...(poolSize ? { poolSize } : {}) });
      case 'sqlite':
        return openSqliteConnection({ sourceId: source.id, file: path.resolve(this.workspace.root, resolveEnvRefs(source.path, this.env, usedBy)), ...(timeoutMs ? { timeoutMs } : {}) });
    }
  }

  /**
   * The roots of every files source: the one shared DuckDB instance may read them and nothing
   * else, and its configuration is locked once created, so all are known up front.
   */
  private filesRoots(): string[] {
    return this.workspace.sources.flatMap((s) => (s.kind === 'files' ? [path.resolve(this.workspace.root, s.root)] : []));
  }

  async closeAll(): Promise<void> {
    for (const conn of this.open.values()) await conn.then((c) => c.close()).catch(() => undefined);
    this.open.clear();
    if (this.duckdb) (await this.duckdb).closeSync();
  }
}
