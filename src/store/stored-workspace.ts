// The applied workspace as the modules take it (config, sources, datasets, use cases), read
// from the store's live definitions rather than from files: the server computes what the
// store says, including use cases that came in through the intake form. `root` is the
// workspace folder the server was started on, against which file sources resolve. A use
// case's stage is the one the decision log says, else the one declared.
//
// The portfolio (ranking, matrix thresholds, roadmap) reads `portfolioWorkspace`, and only
// it: a proposal counts once a portfolio owner has accepted it (src/application/triage.ts);
// use cases applied from files have no proposal and count by construction.
import type { Kysely } from 'kysely';
import type { Dataset } from '../domain/dataset.js';
import type { Source } from '../domain/source.js';
import type { UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { CONFIG_ID } from '../workspace/definitions.js';
import type { UseCaseContext } from '../workspace/validate-use-case.js';
import type { Database } from './database.js';
import { latestStages } from './decision-repository.js';
import { listDefinitions } from './definition-repository.js';
import { notAcceptedIds } from './proposal-repository.js';

export const NO_WORKSPACE = 'the store holds no workspace yet; run `traction apply` on the workspace first';

/** Every live definition as a workspace; undefined while nothing has been applied. */
export async function readStoredWorkspace(db: Kysely<Database>, root: string): Promise<Workspace | undefined> {
  const defs = await listDefinitions(db);
  const config = defs.find((d) => d.kind === 'config' && d.id === CONFIG_ID);
  if (!config) return undefined;
  const stages = await latestStages(db);
  const bodies = <T>(kind: string) => defs.filter((d) => d.kind === kind).map((d) => d.body as T);
  return {
    root,
    config: config.body as WorkspaceConfig,
    sources: bodies<Source>('source'),
    datasets: bodies<Dataset>('dataset'),
    // The id is the row's: a body written around the API may lack one.
    useCases: defs.filter((d) => d.kind === 'use_case').map((d) => ({ ...(d.body as UseCase), id: d.id, stage: stages.get(d.id) ?? (d.body as UseCase).stage })),
  };
}

/** The workspace without the use cases whose proposal is not accepted (proposed, changes asked, rejected, merged). */
export function withoutProposals(ws: Workspace, notAccepted: ReadonlySet<string>): Workspace {
  return { ...ws, useCases: ws.useCases.filter((u) => !notAccepted.has(u.id)) };
}

/** What the portfolio ranks, draws on the matrix and plans: the stored workspace, accepted use cases only. */
export async function portfolioWorkspace(db: Kysely<Database>, root: string): Promise<Workspace | undefined> {
  const ws = await readStoredWorkspace(db, root);
  return ws && withoutProposals(ws, await notAcceptedIds(db));
}

/**
 * The stored workspace as the context a use case is validated against. Stored bodies are
 * read as they are: one written around the API (a broken row) must not make the check of
 * another use case crash, so its dependencies count only when they are a list of ids.
 */
export function validationContext(ws: Workspace): UseCaseContext {
  const useCases = ws.useCases.map((u) => {
    const deps: unknown = (u as { depends_on?: unknown }).depends_on;
    return { id: u.id, depends_on: Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : [] };
  });
  return { config: ws.config, useCases, datasets: ws.datasets, sources: ws.sources };
}
