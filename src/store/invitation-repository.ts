// Invitations (src/assessment/invitation.ts): created in batches, listed per scope, revoked,
// and redeemed once. Redeeming is one conditional UPDATE (unused, unrevoked, unexpired, of
// this scope), run inside the caller's transaction with the write it authorises: two
// concurrent uses cannot both succeed, and a refused write leaves the link unused.
import type { Kysely, Selectable } from 'kysely';
import {
  hashInvitationToken,
  invitationState,
  invitationTokenSchema,
  InvitationError,
  newInvitationToken,
  type Invitation,
  type InvitationScopeKind,
} from '../assessment/invitation.js';
import { appendAudit } from './audit-repository.js';
import type { Database, InvitationsTable } from './database.js';
import { newId } from './evidence-repository.js';

export function toInvitation(row: Selectable<InvitationsTable>): Invitation {
  return {
    id: row.id,
    scopeKind: row.scope_kind as InvitationScopeKind,
    scopeId: row.scope_id,
    note: row.note,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

export interface NewInvitations {
  scopeKind: InvitationScopeKind;
  scopeId: string;
  count: number;
  expiresAt: Date;
  note: string | null;
  by: string;
  now: Date;
}

/** Creates `count` invitations; the tokens are returned here once and never stored. Call inside a transaction. */
export async function createInvitations(tx: Kysely<Database>, n: NewInvitations): Promise<{ invitation: Invitation; token: string }[]> {
  const made: { invitation: Invitation; token: string }[] = [];
  for (let i = 0; i < n.count; i++) {
    const token = newInvitationToken();
    const row = {
      id: newId('inv'),
      token_hash: hashInvitationToken(token),
      scope_kind: n.scopeKind,
      scope_id: n.scopeId,
      note: n.note,
      created_at: n.now.toISOString(),
      created_by: n.by,
      expires_at: n.expiresAt.toISOString(),
      used_at: null,
      revoked_at: null,
    };
    await tx.insertInto('invitations').values(row).execute();
    made.push({ invitation: toInvitation(row), token });
  }
  await appendAudit(tx, { at: n.now, actor: n.by, action: 'invitation.create', objectKind: n.scopeKind, objectId: n.scopeId, detail: { invitations: made.map((m) => m.invitation.id), expires_at: n.expiresAt.toISOString() } });
  return made;
}

export async function listInvitations(db: Kysely<Database>, scopeKind: InvitationScopeKind, scopeId: string): Promise<Invitation[]> {
  const rows = await db.selectFrom('invitations').selectAll().where('scope_kind', '=', scopeKind).where('scope_id', '=', scopeId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toInvitation);
}

export async function getInvitation(db: Kysely<Database>, id: string): Promise<Invitation | undefined> {
  const row = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** The open invitation a token stands for, of this scope kind; refused (InvitationError) otherwise. Reads only. */
export async function openInvitation(db: Kysely<Database>, token: unknown, scopeKind: InvitationScopeKind, now: Date): Promise<Invitation> {
  const parsed = invitationTokenSchema.safeParse(token);
  if (!parsed.success) throw new InvitationError('unknown');
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', hashInvitationToken(parsed.data)).executeTakeFirst();
  if (!row || row.scope_kind !== scopeKind) throw new InvitationError('unknown');
  const inv = toInvitation(row);
  const state = invitationState(inv, now);
  if (state !== 'open') throw new InvitationError(state);
  return inv;
}

/**
 * Marks the token's invitation used, or refuses. Run it in the transaction that writes what
 * the invitation allows, so both land or neither does.
 */
export async function redeemInvitation(tx: Kysely<Database>, token: unknown, scopeKind: InvitationScopeKind, now: Date): Promise<Invitation> {
  const inv = await openInvitation(tx, token, scopeKind, now);
  const at = now.toISOString();
  const r = await tx
    .updateTable('invitations')
    .set({ used_at: at })
    .where('id', '=', inv.id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  // Lost a race with another use of the same link since the read above.
  if (Number(r.numUpdatedRows) !== 1) throw new InvitationError('used');
  await appendAudit(tx, { at: now, actor: `invitation ${inv.id}`, action: 'invitation.use', objectKind: inv.scopeKind, objectId: inv.scopeId, detail: { invitation: inv.id } });
  return { ...inv, usedAt: at };
}

/** Withdraws an unused invitation; false when there is none of that id and scope, or it was used. */
export async function revokeInvitation(tx: Kysely<Database>, id: string, scopeKind: InvitationScopeKind, by: string, now: Date): Promise<Invitation | undefined> {
  const at = now.toISOString();
  const r = await tx.updateTable('invitations').set({ revoked_at: at }).where('id', '=', id).where('scope_kind', '=', scopeKind).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  const inv = await getInvitation(tx, id);
  await appendAudit(tx, { at: now, actor: by, action: 'invitation.revoke', objectKind: scopeKind, objectId: inv!.scopeId, detail: { invitation: id } });
  return inv;
}
