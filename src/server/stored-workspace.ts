// The stored workspace for the server's routes (src/store/stored-workspace.ts reads it): a
// store with nothing applied yet is answered 409 no_workspace.
import type { Kysely } from 'kysely';
import type { Workspace } from '../domain/workspace.js';
import type { Database } from '../store/database.js';
import { NO_WORKSPACE, portfolioWorkspace, readStoredWorkspace } from '../store/stored-workspace.js';
import { ApiError } from './errors.js';

export { validationContext } from '../store/stored-workspace.js';

export async function loadStoredWorkspace(db: Kysely<Database>, root: string): Promise<Workspace> {
  const ws = await readStoredWorkspace(db, root);
  if (!ws) throw new ApiError(409, 'no_workspace', NO_WORKSPACE);
  return ws;
}

/** Accepted use cases only: what the ranking, the matrix and the roadmap are computed from. */
export async function loadPortfolioWorkspace(db: Kysely<Database>, root: string): Promise<Workspace> {
  const ws = await portfolioWorkspace(db, root);
  if (!ws) throw new ApiError(409, 'no_workspace', NO_WORKSPACE);
  return ws;
}
