// A located problem in a workspace file: what every validation error becomes, so the CLI,
// the server and tests all print and compare the same thing.
export interface Problem {
  file: string; // relative to the workspace root, '/'-separated
  line: number; // 1-based; 0 when the file itself is the problem
  column: number; // 1-based
  path: string; // field path such as value_streams[0].kind, '' for the whole file
  message: string; // what was expected and what was found
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** Raised when a workspace cannot be used; carries every problem found, not just the first. */
export class WorkspaceError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the workspace`);
    this.name = 'WorkspaceError';
  }
}
