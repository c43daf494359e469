// What a ClickHouse source's account could change. ClickHouse 18.16 has no grants to read
// (SQL-driven access control came later): what an account may do is its settings profile's
// `readonly` (0: anything; 1: reads only, settings fixed; 2: reads only, settings adjustable)
// and `allow_ddl`. Traction sends readonly=1 with every query of an account whose profile
// allows writes, so its own queries cannot write either way; the verdict says whether the
// account itself could, for anyone who holds its password.
import { createClient, ClickHouseLogLevel } from '@clickhouse/client';
import { SourceError } from '../../source-connection.js';
import type { PrivilegeFindings } from '../../source-privileges.js';
import { clickhouseUrlParts } from './connection.js';

export interface ClickhousePrivilegeOptions {
  sourceId: string;
  url: string;
  timeoutMs?: number;
}

export async function probeClickhousePrivileges(options: ClickhousePrivilegeOptions): Promise<PrivilegeFindings> {
  const parts = clickhouseUrlParts(options.url);
  const client = createClient({ url: parts.origin, username: parts.username, password: parts.password, database: parts.database, request_timeout: options.timeoutMs ?? 10_000, log: { level: ClickHouseLogLevel.OFF } });
  try {
    const rs = await client.query({ query: "select name, value from system.settings where name in ('readonly', 'allow_ddl')", format: 'JSONEachRow' });
    const rows = (await rs.json()) as { name: string; value: string }[];
    const setting = (name: string) => rows.find((r) => r.name === name)?.value;
    const readonly = setting('readonly') ?? '0';
    const writes = readonly === '0' ? [`anything its profile allows: readonly=0${setting('allow_ddl') === '0' ? ' (DDL off by allow_ddl=0, INSERT still allowed)' : ''}`] : [];
    const notes = [readonly === '0' ? 'Traction sends readonly=1 with every query, so its own queries cannot write' : `the profile has readonly=${readonly}`];
    if (readonly === '1') notes.push('readonly=1 forbids the per-query limits Traction sets: use readonly=2');
    return { role: parts.username, writes, reads: [], notes };
  } catch (e) {
    throw new SourceError(`source ${options.sourceId}: cannot connect to ${parts.shown}: ${(e as Error).message}`);
  } finally {
    await client.close();
  }
}
