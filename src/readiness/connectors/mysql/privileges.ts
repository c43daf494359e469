// What a MySQL/MariaDB source's account could do beyond reading, from its own
// `SHOW GRANTS FOR CURRENT_USER()` (a read; nothing is written), on a short-lived connection
// of its own. Privileges are judged by an allow-list: anything not known to only read counts
// as a write, so a privilege a newer server adds is reported rather than missed.
import mysql from 'mysql2/promise';
import { SourceError } from '../../source-connection.js';
import type { PrivilegeFindings } from '../../source-privileges.js';

export interface MysqlPrivilegeOptions {
  sourceId: string;
  url: string;
  timeoutMs?: number;
}

/** Privileges that only read what checks read. */
const READ_ONLY = new Set(['SELECT', 'USAGE', 'SHOW VIEW']);
/** Privileges that write nothing but see beyond the source's tables (other sessions, the server's logs). */
const READS_BEYOND = new Set(['SHOW DATABASES', 'PROCESS', 'REPLICATION CLIENT', 'BINLOG MONITOR', 'SLAVE MONITOR', 'REPLICA MONITOR']);

export interface GrantFindings {
  writes: string[];
  reads: string[];
  /** Roles granted to the account; their own privileges are not in its grants. */
  roles: string[];
}

/**
 * Reads the lines of SHOW GRANTS: `GRANT SELECT, INSERT (col) ON `db`.* TO ...`, `GRANT ALL
 * PRIVILEGES ON *.* TO ... WITH GRANT OPTION`, `GRANT PROXY ON ...`, and role grants
 * `GRANT `role` TO ...`. One finding per line: "INSERT, UPDATE on `db`.*".
 */
export function judgeGrants(lines: string[]): GrantFindings {
  const found: GrantFindings = { writes: [], reads: [], roles: [] };
  for (const line of lines) {
    const grant = /^GRANT (.+?) ON (.+?) TO .+$/is.exec(line.trim());
    if (!grant) {
      const role = /^GRANT (.+?) TO /is.exec(line.trim());
      if (role?.[1]) found.roles.push(role[1]);
      continue;
    }
    const scope = grant[2] ?? '';
    const privileges = splitPrivileges(grant[1] ?? '');
    if (/\bWITH\b.*\bGRANT OPTION\b/i.test(line)) privileges.push('GRANT OPTION');
    const writes = privileges.filter((p) => !READ_ONLY.has(p) && !READS_BEYOND.has(p));
    const reads = privileges.filter((p) => READS_BEYOND.has(p));
    if (writes.length) found.writes.push(`${writes.join(', ')} on ${scope}`);
    if (reads.length) found.reads.push(`${reads.join(', ')} on ${scope}`);
  }
  return found;
}

/** "SELECT, INSERT (a, b), UPDATE" -> ["SELECT", "INSERT", "UPDATE"]: column lists dropped. */
function splitPrivileges(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else if (depth === 0) current += ch;
  }
  out.push(current);
  return out.map((p) => p.trim().toUpperCase().replace(/\s+/g, ' ')).filter((p) => p !== '');
}

export async function probeMysqlPrivileges(options: MysqlPrivilegeOptions): Promise<PrivilegeFindings> {
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({ uri: options.url, connectTimeout: options.timeoutMs ?? 10_000 });
  } catch (e) {
    throw new SourceError(`source ${options.sourceId}: cannot connect: ${(e as Error).message}`);
  }
  try {
    const timeout = options.timeoutMs ?? 10_000;
    const grantsOf = async (who: string) => {
      const [rows] = await conn.query({ sql: `show grants for ${who}`, timeout });
      return (rows as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]));
    };
    const [who] = await conn.query({ sql: 'select current_user() as account, database() as db', timeout });
    const found = judgeGrants(await grantsOf('current_user()'));
    await addRoleGrants(found, grantsOf);
    const me = (who as { account: string; db: string | null }[])[0];
    return { role: me?.account ?? 'unknown', writes: found.writes, reads: found.reads, notes: [`database ${me?.db ?? '(none selected)'}`] };
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/**
 * An account's grants do not list what its roles may do, and a role may hold further roles:
 * each is looked up once. A role whose grants the server will not show counts as a possible
 * write, since its privileges cannot be ruled out.
 */
async function addRoleGrants(found: GrantFindings, grantsOf: (who: string) => Promise<string[]>): Promise<void> {
  const seen = new Set<string>();
  const queue = [...found.roles];
  for (let role = queue.shift(); role !== undefined; role = queue.shift()) {
    if (seen.has(role)) continue;
    seen.add(role);
    try {
      const more = judgeGrants(await grantsOf(role));
      found.writes.push(...more.writes.map((w) => `${w} (through role ${role})`));
      found.reads.push(...more.reads.map((r) => `${r} (through role ${role})`));
      queue.push(...more.roles);
    } catch (e) {
      found.writes.push(`whatever role ${role} may do (its grants cannot be read: ${(e as Error).message})`);
    }
  }
}
