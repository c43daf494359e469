// `traction doctor`: for each source of a workspace, whether the account Traction connects
// with could write, or read beyond what checks need. Each engine's probe lives in
// connectors/<name>/privileges.ts and only reads the catalog (or the file system); this file
// runs them, one source after another, and turns what they found into one verdict per source.
import path from 'node:path';
import type { Source } from '../domain/source.js';
import type { Workspace } from '../domain/workspace.js';
import { MissingEnvError, resolveEnvRefs } from '../workspace/env-ref.js';
import { probeClickhousePrivileges } from './connectors/clickhouse/privileges.js';
import { probeFilesPrivileges } from './connectors/duckdb/privileges.js';
import { probeMysqlPrivileges } from './connectors/mysql/privileges.js';
import { probePostgresPrivileges } from './connectors/postgres/privileges.js';
import { probeSqlitePrivileges } from './connectors/sqlite/privileges.js';
import { SourceError } from './source-connection.js';

/** What one probe found about the account a source connects with. */
export interface PrivilegeFindings {
  /** Who the source connects as: the database role or account, or the OS user for files. */
  role: string;
  /** What it could change, one short phrase each ("INSERT on 12 tables"); empty when nothing. */
  writes: string[];
  /** What it could read beyond the source's tables ("read files on the database server"). */
  reads: string[];
  /** Facts for information that do not change the verdict. */
  notes: string[];
}

/**
 * read-only: nothing found beyond reading. can-write / reads-beyond: the account should be
 * narrowed (docs/sources.md). cannot-connect: the probe could not run. misconfigured: the
 * source's definition cannot be used as it stands (a variable it needs is not set).
 */
export type PrivilegeVerdict = 'read-only' | 'can-write' | 'reads-beyond' | 'cannot-connect' | 'misconfigured';

export interface SourcePrivileges {
  source: string;
  engine: Source['kind'];
  role: string | null;
  verdict: PrivilegeVerdict;
  writes: string[];
  reads: string[];
  notes: string[];
  /** Why the probe could not run (cannot-connect, misconfigured). */
  error: string | null;
}

export interface InspectOptions {
  /** Time limit for connecting and for each catalog query. */
  timeoutMs?: number;
}

export async function inspectSourcePrivileges(workspace: Pick<Workspace, 'root' | 'sources'>, env: Record<string, string | undefined>, options: InspectOptions = {}): Promise<SourcePrivileges[]> {
  const results: SourcePrivileges[] = [];
  for (const source of workspace.sources) results.push(await inspectOne(workspace.root, source, env, options));
  return results;
}

async function inspectOne(root: string, source: Source, env: Record<string, string | undefined>, options: InspectOptions): Promise<SourcePrivileges> {
  const base = { source: source.id, engine: source.kind, role: null, writes: [], reads: [], notes: [] };
  try {
    const found = await probe(root, source, env, options);
    const verdict: PrivilegeVerdict = found.writes.length ? 'can-write' : found.reads.length ? 'reads-beyond' : 'read-only';
    return { ...base, ...found, verdict, error: null };
  } catch (e) {
    if (e instanceof MissingEnvError) return { ...base, verdict: 'misconfigured', error: e.message };
    if (e instanceof SourceError) return { ...base, verdict: 'cannot-connect', error: e.message.replace(`source ${source.id}: `, '') };
    // A driver's own failure (an unparsable URL, a query the server refused) is still this source's.
    return { ...base, verdict: 'cannot-connect', error: (e as Error).message };
  }
}

function probe(root: string, source: Source, env: Record<string, string | undefined>, options: InspectOptions): Promise<PrivilegeFindings> {
  const usedBy = `source ${source.id}`;
  const timeout = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
  switch (source.kind) {
    case 'postgres':
      return probePostgresPrivileges({ sourceId: source.id, url: resolveEnvRefs(source.connection, env, usedBy), ...(source.schema ? { schema: source.schema } : {}), ...timeout });
    case 'mysql':
      return probeMysqlPrivileges({ sourceId: source.id, url: resolveEnvRefs(source.connection, env, usedBy), ...timeout });
    case 'clickhouse':
      return probeClickhousePrivileges({ sourceId: source.id, url: resolveEnvRefs(source.connection, env, usedBy), ...timeout });
    case 'sqlite':
      return probeSqlitePrivileges({ sourceId: source.id, file: path.resolve(root, resolveEnvRefs(source.path, env, usedBy)) });
    case 'files':
      return probeFilesPrivileges({ sourceId: source.id, root: path.resolve(root, source.root) });
  }
}

/** The verdict in words: "read-only", "can write: INSERT on 12 tables, CREATE on schema public". */
export function describeVerdict(p: SourcePrivileges): string {
  switch (p.verdict) {
    case 'read-only':
      return 'read-only';
    case 'can-write':
      return `can write: ${[...p.writes, ...p.reads].join(', ')}`;
    case 'reads-beyond':
      return `reads beyond its tables: ${p.reads.join(', ')}`;
    case 'cannot-connect':
      return `cannot connect: ${p.error ?? ''}`;
    case 'misconfigured':
      return `misconfigured: ${p.error ?? ''}`;
  }
}
