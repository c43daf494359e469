// The applied workspace as the modules take it (config, sources, datasets, use cases), read
// from the store's live definitions rather than from files: the server computes what the
// store says, including use cases that came in through the intake form. `root` is the
// workspace folder the server was started on, against which file sources resolve. A use
// case's stage is the one the decision log says, else the one declared.
import type { Kysely } from 'kysely';
import type { Dataset } from '../domain/dataset.js';
import type { Source } from '../domain/source.js';
import type { UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Database } from '../store/database.js';
import { latestStages } from '../store/decision-repository.js';
import { listDefinitions } from '../store/definition-repository.js';
import { CONFIG_ID } from '../workspace/definitions.js';
import { ApiError } from './errors.js';

export async function loadStoredWorkspace(db: Kysely<Database>, root: string): Promise<Workspace> {
  const defs = await listDefinitions(db);
  const config = defs.find((d) => d.kind === 'config' && d.id === CONFIG_ID);
  if (!config) throw new ApiError(409, 'no_workspace', 'the store holds no workspace yet; run `traction apply` on the workspace first');
  const stages = await latestStages(db);
  const bodies = <T>(kind: string) => defs.filter((d) => d.kind === kind).map((d) => d.body as T);
  return {
    root,
    config: config.body as WorkspaceConfig,
    sources: bodies<Source>('source'),
    datasets: bodies<Dataset>('dataset'),
    useCases: bodies<UseCase>('use_case').map((u) => ({ ...u, stage: stages.get(u.id) ?? u.stage })),
  };
}
