// The applied workspace config (traction.yaml) from the store; the API needs one to know
// stages and teams.
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { getDefinition } from '../store/definition-repository.js';
import { CONFIG_ID } from '../workspace/definitions.js';
import type { AppDeps } from './app.js';
import { ApiError } from './errors.js';

export async function loadConfig(deps: AppDeps, db = deps.store.db): Promise<WorkspaceConfig> {
  const d = await getDefinition(db, 'config', CONFIG_ID);
  if (!d || d.archivedAt !== null) throw new ApiError(409, 'no_workspace', 'the store holds no workspace yet; run `traction apply` on the workspace first');
  return d.body as WorkspaceConfig;
}
