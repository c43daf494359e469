// Who sees a proposal (docs/intake.md): until a portfolio owner accepts it, a use case proposed
// through the intake is seen by its author and by the reviewers, the portfolio owners of
// traction.yaml `roles` and the administrators, and by nobody else: not in the use-case list,
// the stage board, a use case's own page or any of its sub-resources, the decision log or the
// similar-use-case hints. One rule, applied by the server (`server/proposal-visibility.ts` for
// every /api/use-cases/:id route, the list, the decision log) and by triage.ts.
import type { Kysely } from 'kysely';
import type { Role } from '../domain/account.js';
import { PROPOSAL_STATUSES, type Proposal } from '../domain/proposal.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Database } from '../store/database.js';
import { getDefinition } from '../store/definition-repository.js';
import { getProposal, listProposals } from '../store/proposal-repository.js';
import { CONFIG_ID } from '../workspace/definitions.js';

/** The person asking: the username traction.yaml `roles` lists, and the account's role. */
export interface Viewer {
  username: string;
  role: Role;
}

export function isPortfolioOwner(config: Pick<WorkspaceConfig, 'roles'>, username: string): boolean {
  return (config.roles.portfolio_owner ?? []).includes(username);
}

export function isReviewer(config: Pick<WorkspaceConfig, 'roles'> | undefined, viewer: Viewer): boolean {
  return viewer.role === 'admin' || (config !== undefined && isPortfolioOwner(config, viewer.username));
}

/** A use case without a proposal came from the files, and is seen by everyone, as is an accepted one. */
export function maySeeProposal(p: Proposal | undefined, viewer: Pick<Viewer, 'username'>, reviewer: boolean): boolean {
  return p === undefined || p.status === 'accepted' || reviewer || p.author === viewer.username;
}

const NOT_ACCEPTED = PROPOSAL_STATUSES.filter((s) => s !== 'accepted');

async function configOf(db: Kysely<Database>): Promise<WorkspaceConfig | undefined> {
  return (await getDefinition(db, 'config', CONFIG_ID))?.body as WorkspaceConfig | undefined;
}

/** Whether the viewer may see one use case (one query when it is no proposal or an accepted one). */
export async function maySeeUseCase(db: Kysely<Database>, id: string, viewer: Viewer): Promise<boolean> {
  const p = await getProposal(db, id);
  if (maySeeProposal(p, viewer, viewer.role === 'admin')) return true;
  return isReviewer(await configOf(db), viewer);
}

/** The ids of the use cases the viewer may not see; usually empty, in one query when no proposal waits. */
export async function hiddenUseCases(db: Kysely<Database>, viewer: Viewer): Promise<ReadonlySet<string>> {
  const waiting = (await listProposals(db, { statuses: NOT_ACCEPTED })).filter((p) => p.author !== viewer.username);
  if (waiting.length === 0 || viewer.role === 'admin') return new Set();
  if (isReviewer(await configOf(db), viewer)) return new Set();
  return new Set(waiting.map((p) => p.useCaseId));
}
