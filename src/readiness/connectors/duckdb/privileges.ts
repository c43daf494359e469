// What a files source could change: the files are read through embedded DuckDB inside the
// source's root folder, and no statement of a check writes there. Whether this OS user could
// write the folder is said for information only.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { SourceError } from '../../source-connection.js';
import type { PrivilegeFindings } from '../../source-privileges.js';

export interface FilesPrivilegeOptions {
  sourceId: string;
  /** Absolute root folder of the source. */
  root: string;
}

export async function probeFilesPrivileges(options: FilesPrivilegeOptions): Promise<PrivilegeFindings> {
  if (!existsSync(options.root) || !statSync(options.root).isDirectory()) throw new SourceError(`source ${options.sourceId}: root folder not found: ${options.root}`);
  let writable = true;
  try {
    accessSync(options.root, constants.W_OK);
  } catch {
    writable = false;
  }
  const notes = [`Traction reads files only inside ${options.root}`, `the folder is ${writable ? '' : 'not '}writable by OS user ${userInfo().username}`];
  return { role: `OS user ${userInfo().username}`, writes: [], reads: [], notes };
}
