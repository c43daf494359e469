// Triage of proposals: a use case proposed through the intake form waits for a portfolio
// owner (traction.yaml `roles: portfolio_owner`), who accepts it, asks its author for
// changes with a comment, rejects it with a reason, or merges it into a use case it
// duplicates. Until accepted it is neither ranked nor planned (store/stored-workspace.ts);
// rejected and merged ones are archived, kept with their history. Proposals are visible to
// the portfolio owners and to their author.
import type { Kysely } from 'kysely';
import { OPEN_STATUSES, type Proposal, type ProposalDecision, type ProposalStatus } from '../domain/proposal.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Database } from '../store/database.js';
import { archiveDefinition } from '../store/definition-edits.js';
import { getDefinition, listDefinitions } from '../store/definition-repository.js';
import { getProposal, listProposals, setProposalStatus } from '../store/proposal-repository.js';
import { NO_WORKSPACE, readStoredWorkspace, validationContext } from '../store/stored-workspace.js';
import { CONFIG_ID } from '../workspace/definitions.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';
import { reviewAsked } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { isPortfolioOwner, maySeeProposal } from './proposal-visibility.js';
import { similarity, SIMILAR_FROM, type SimilarityInput } from './triage-similarity.js';
import type { UseCaseDeps } from './use-cases.js';

export interface Similar {
  id: string;
  title: string;
  /** What goes wrong today, so a reviewer reads the two side by side. */
  problem: string;
  /** 0 to 1 (triage-similarity.ts). */
  score: number;
}

/** The use cases reading like `input` (title and problem), most alike first, at most `limit`. */
export function similarUseCases(useCases: readonly Pick<UseCase, 'id' | 'title' | 'problem'>[], input: SimilarityInput, excludeId?: string, limit = 5): Similar[] {
  return useCases
    .filter((u) => u.id !== excludeId && typeof u.title === 'string')
    .map((u) => ({ id: u.id, title: u.title, problem: typeof u.problem === 'string' ? u.problem : '', score: Math.round(similarity(input, { title: u.title, problem: u.problem }) * 100) / 100 }))
    .filter((s) => s.score >= SIMILAR_FROM)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** A proposal as its author and the reviewers see it: with what it says, and the use cases it reads like. */
export interface ProposalView extends Proposal {
  title: string;
  /** The title of the use case it was merged into, when merged. */
  mergedIntoTitle: string | null;
  problem: string;
  objective: string;
  department: string;
  owner: string;
  similar: Similar[];
}

async function config(db: Kysely<Database>): Promise<WorkspaceConfig> {
  const d = await getDefinition(db, 'config', CONFIG_ID);
  if (!d || d.archivedAt !== null) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
  return d.body as WorkspaceConfig;
}

/** Live use cases the caller may see: every accepted or applied one, their own proposals, and all of them for a portfolio owner. */
async function visibleUseCases(db: Kysely<Database>, username: string, reviewer: boolean): Promise<{ useCases: UseCase[]; proposals: Map<string, Proposal> }> {
  const proposals = new Map((await listProposals(db)).map((p) => [p.useCaseId, p]));
  const defs = await listDefinitions(db);
  const useCases = defs
    .filter((d) => d.kind === 'use_case')
    .map((d) => ({ ...(d.body as UseCase), id: d.id }))
    .filter((u) => maySeeProposal(proposals.get(u.id), { username }, reviewer));
  return { useCases, proposals };
}

async function views(db: Kysely<Database>, proposals: Proposal[], others: readonly UseCase[]): Promise<ProposalView[]> {
  const out: ProposalView[] = [];
  for (const p of proposals) {
    const body = ((await getDefinition(db, 'use_case', p.useCaseId))?.body ?? {}) as Partial<UseCase>;
    const text = (k: keyof UseCase) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const into = p.mergedInto ? ((await getDefinition(db, 'use_case', p.mergedInto))?.body as Partial<UseCase> | undefined)?.title : undefined;
    out.push({ ...p, mergedIntoTitle: p.mergedInto ? (typeof into === 'string' ? into : p.mergedInto) : null, title: text('title') || p.useCaseId, problem: text('problem'), objective: text('objective'), department: text('department'), owner: text('owner'), similar: similarUseCases(others, { title: text('title'), problem: text('problem') }, p.useCaseId) });
  }
  return out;
}

/** Proposals for the triage page: every one for a portfolio owner (open ones by default), refused to anyone else. */
export async function proposalsForReview(deps: UseCaseDeps, username: string, statuses: readonly ProposalStatus[] = OPEN_STATUSES): Promise<ProposalView[]> {
  const db = deps.store.db;
  if (!isPortfolioOwner(await config(db), username)) throw notOwner(username, await config(db));
  const { useCases } = await visibleUseCases(db, username, true);
  return views(db, await listProposals(db, { statuses }), useCases);
}

/** The caller's own proposals, whatever their status, oldest first. */
export async function myProposals(deps: UseCaseDeps, username: string): Promise<ProposalView[]> {
  const db = deps.store.db;
  const { useCases } = await visibleUseCases(db, username, isPortfolioOwner(await config(db), username));
  return views(db, await listProposals(db, { author: username }), useCases);
}

/** One use case's proposal, for its author and the portfolio owners; an accepted one for anyone. Undefined: it came from files. */
export async function proposalOf(deps: UseCaseDeps, id: string, username: string): Promise<ProposalView | undefined> {
  const db = deps.store.db;
  const p = await getProposal(db, id);
  if (!p) {
    if (!(await getDefinition(db, 'use_case', id))) throw new NotFoundError(`no use case "${id}"`);
    return undefined;
  }
  const reviewer = isPortfolioOwner(await config(db), username);
  if (!reviewer && p.author !== username && p.status !== 'accepted') throw new NotFoundError(`no proposal "${id}" you may see`);
  const { useCases } = await visibleUseCases(db, username, reviewer);
  return (await views(db, [p], useCases))[0];
}

/** Use cases reading like a title and problem being typed, among those the caller may see. */
export async function similarToDraft(deps: UseCaseDeps, username: string, draft: SimilarityInput): Promise<Similar[]> {
  const db = deps.store.db;
  const { useCases } = await visibleUseCases(db, username, isPortfolioOwner(await config(db), username));
  return similarUseCases(useCases, draft);
}

function notOwner(username: string, c: WorkspaceConfig): ForbiddenError {
  const holders = c.roles.portfolio_owner ?? [];
  return new ForbiddenError(`${username} is not a portfolio owner (${holders.length > 0 ? `portfolio owners: ${holders.join(', ')}` : 'nobody is one yet'}; see roles in traction.yaml)`, 'not_role_holder');
}

/**
 * A portfolio owner's decision on an open proposal, in one transaction: the status, and for a
 * rejection or a merge the archiving of the use case. Nothing changes on a refusal.
 */
export async function decideProposal(deps: UseCaseDeps, id: string, decision: ProposalDecision, who: { actor: string; username: string }): Promise<ProposalView> {
  const decided = await deps.store.transaction(async (tx) => {
    const ws = await readStoredWorkspace(tx, deps.workspaceRoot);
    if (!ws) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
    if (!isPortfolioOwner(ws.config, who.username)) throw notOwner(who.username, ws.config);
    const p = await getProposal(tx, id);
    if (!p) throw new NotFoundError(`no proposal "${id}" (a use case applied from files needs no triage)`);
    if (!OPEN_STATUSES.includes(p.status)) throw new ConflictError(`the proposal "${id}" is ${p.status} already${p.decidedBy ? ` (by ${p.decidedBy})` : ''}; nothing changed`, 'decided');
    const now = deps.now();
    const change = await statusChange(tx, id, decision);
    const next = await setProposalStatus(tx, p, { ...change, decided: true }, who.actor, now);
    if (!next) throw new ConflictError(`the proposal "${id}" changed meanwhile; reload and decide again`, 'version_conflict');
    if (change.status === 'changes_requested') await recordEvent(tx, reviewAsked({ useCaseId: id, author: p.author, comment: change.comment, by: who.username }), now);
    if (change.status === 'rejected' || change.status === 'merged') {
      const referred = validationContext(ws).useCases.filter((u) => u.id !== id && u.depends_on.includes(id));
      if (referred.length > 0) throw new ConflictError(`the use case "${id}" is still referred to by ${referred.map((u) => `"${u.id}"`).join(', ')} (depends_on); change those first; nothing changed`);
      const def = await getDefinition(tx, 'use_case', id);
      if (def && def.archivedAt === null) await archiveDefinition(tx, def, who.actor, now, { via: 'triage', decision: change.status });
    }
    return next;
  });
  return (await proposalOf(deps, decided.useCaseId, who.username))!;
}

async function statusChange(tx: Kysely<Database>, id: string, d: ProposalDecision): Promise<{ status: ProposalStatus; comment?: string | null; mergedInto?: string | null }> {
  switch (d.decision) {
    case 'accept':
      return { status: 'accepted' };
    case 'request_changes':
      return { status: 'changes_requested', comment: d.comment };
    case 'reject':
      return { status: 'rejected', comment: d.reason };
    case 'merge': {
      if (d.into === id) throw new ConflictError('a proposal cannot be merged into itself; nothing changed', 'conflict', 'into');
      const target = await getDefinition(tx, 'use_case', d.into);
      if (!target || target.archivedAt !== null) throw new NotFoundError(`no live use case "${d.into}" to merge into`);
      const tp = await getProposal(tx, d.into);
      if (tp && !OPEN_STATUSES.includes(tp.status) && tp.status !== 'accepted') throw new ConflictError(`"${d.into}" was ${tp.status} itself; merge into a live one`, 'conflict', 'into');
      return { status: 'merged', mergedInto: d.into, comment: d.comment ?? null };
    }
  }
}

/** For the inbox: proposals waiting for `username`'s triage (none unless a portfolio owner). */
export async function proposalsToReview(db: Kysely<Database>, username: string): Promise<Proposal[]> {
  const d = await getDefinition(db, 'config', CONFIG_ID);
  if (!d || !isPortfolioOwner(d.body as WorkspaceConfig, username)) return [];
  return listProposals(db, { statuses: ['proposed'] });
}

/** For the inbox: `username`'s proposals on which a portfolio owner asked for changes. */
export async function changesAskedOf(db: Kysely<Database>, username: string): Promise<Proposal[]> {
  return listProposals(db, { author: username, statuses: ['changes_requested'] });
}
