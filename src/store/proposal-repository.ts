// The proposals table (migration 0013): rows become domain objects here and only here.
// Every change raises the row's version and leaves an audit entry. Call inside
// store.transaction when the change goes with another (the use case it is about).
import type { Kysely, Selectable } from 'kysely';
import type { Proposal, ProposalStatus } from '../domain/proposal.js';
import { appendAudit } from './audit-repository.js';
import type { Database } from './database.js';

export interface ProposalsTable {
  use_case_id: string;
  author: string;
  status: ProposalStatus;
  comment: string | null;
  merged_into: string | null;
  version: number;
  proposed_at: string;
  decided_at: string | null;
  decided_by: string | null;
  updated_at: string;
}

// Joins the store's Database type here, so triage's migration and repository stay in files of their own.
declare module './database.js' {
  interface Database {
    proposals: ProposalsTable;
  }
}

export function toProposal(r: Selectable<ProposalsTable>): Proposal {
  return {
    useCaseId: r.use_case_id,
    author: r.author,
    status: r.status,
    comment: r.comment,
    mergedInto: r.merged_into,
    version: Number(r.version),
    proposedAt: r.proposed_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    updatedAt: r.updated_at,
  };
}

export async function insertProposal(db: Kysely<Database>, p: { useCaseId: string; author: string; at: Date }): Promise<Proposal> {
  const at = p.at.toISOString();
  const row: ProposalsTable = { use_case_id: p.useCaseId, author: p.author, status: 'proposed', comment: null, merged_into: null, version: 1, proposed_at: at, decided_at: null, decided_by: null, updated_at: at };
  await db.insertInto('proposals').values(row).execute();
  await appendAudit(db, { at: p.at, actor: p.author, action: 'proposal.proposed', objectKind: 'use_case', objectId: p.useCaseId, detail: {} });
  return toProposal(row);
}

export async function getProposal(db: Kysely<Database>, useCaseId: string): Promise<Proposal | undefined> {
  const r = await db.selectFrom('proposals').selectAll().where('use_case_id', '=', useCaseId).executeTakeFirst();
  return r ? toProposal(r) : undefined;
}

export async function listProposals(db: Kysely<Database>, filter: { author?: string; statuses?: readonly ProposalStatus[] } = {}): Promise<Proposal[]> {
  let q = db.selectFrom('proposals').selectAll();
  if (filter.author !== undefined) q = q.where('author', '=', filter.author);
  if (filter.statuses !== undefined) q = q.where('status', 'in', filter.statuses.length > 0 ? [...filter.statuses] : ['__none__' as ProposalStatus]);
  return (await q.orderBy('proposed_at').orderBy('use_case_id').execute()).map(toProposal);
}

/** Ids of the use cases whose proposal is not accepted: left out of ranking, matrix and roadmap. */
export async function notAcceptedIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('proposals').select('use_case_id').where('status', '!=', 'accepted').execute();
  return new Set(rows.map((r) => r.use_case_id));
}

/**
 * Moves a proposal to `status`, only from the version read (a concurrent decision makes the
 * update touch no row, and the caller's transaction is refused rather than overwriting it).
 */
export async function setProposalStatus(
  db: Kysely<Database>,
  current: Proposal,
  change: { status: ProposalStatus; comment?: string | null; mergedInto?: string | null; decided: boolean },
  actor: string,
  now: Date,
): Promise<Proposal | undefined> {
  const at = now.toISOString();
  const r = await db
    .updateTable('proposals')
    .set({
      status: change.status,
      comment: change.comment === undefined ? current.comment : change.comment,
      merged_into: change.mergedInto === undefined ? current.mergedInto : change.mergedInto,
      version: current.version + 1,
      updated_at: at,
      ...(change.decided ? { decided_at: at, decided_by: actor } : {}),
    })
    .where('use_case_id', '=', current.useCaseId)
    .where('version', '=', current.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  await appendAudit(db, { at: now, actor, action: `proposal.${change.status}`, objectKind: 'use_case', objectId: current.useCaseId, detail: { ...(change.comment ? { comment: change.comment } : {}), ...(change.mergedInto ? { merged_into: change.mergedInto } : {}) } });
  return getProposal(db, current.useCaseId);
}
