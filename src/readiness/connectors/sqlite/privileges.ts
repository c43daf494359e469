// What a SQLite source could change: Traction opens the file read-only (connection.ts), so
// nothing, whatever the file's permissions. Whether this OS user could write the file is
// said for information: a read-only file is the second lock on the same door.
import { accessSync, constants, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { SourceError } from '../../source-connection.js';
import type { PrivilegeFindings } from '../../source-privileges.js';

export interface SqlitePrivilegeOptions {
  sourceId: string;
  /** Absolute path of the database file. */
  file: string;
}

export function writableByMe(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export async function probeSqlitePrivileges(options: SqlitePrivilegeOptions): Promise<PrivilegeFindings> {
  if (!existsSync(options.file)) throw new SourceError(`source ${options.sourceId}: SQLite file not found: ${options.file}`);
  const writable = writableByMe(options.file);
  const notes = [
    'Traction opens the file read-only',
    `${options.file} is ${writable ? '' : 'not '}writable by OS user ${userInfo().username}${writable ? ' (chmod a-w makes it read-only for everyone)' : ''}`,
  ];
  return { role: `OS user ${userInfo().username}`, writes: [], reads: [], notes };
}
