// One-time invitation links for people without an account, generic over what they open: a
// scope kind (`assessment`: a round of the readiness assessment; `pulse`: a pulse survey) and
// the scope's id. A link carries a random 256-bit token after a `#`, so browsers never send it
// in a request line or a Referer; the page hands it to the API in the `x-invitation-token`
// header. The store keeps only the token's SHA-256 (a leaked table opens nothing), and a
// token is usable once, before it expires, for its one scope, and for nothing else: it is not
// an API token nor a session, and only the routes that ask for this header read it.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const INVITATION_SCOPES = ['assessment', 'pulse'] as const;
export const invitationScopeSchema = z.enum(INVITATION_SCOPES);
export type InvitationScopeKind = z.infer<typeof invitationScopeSchema>;

export const INVITATION_HEADER = 'x-invitation-token';
export const INVITATION_TOKEN_PREFIX = 'inv_';
/** `inv_` + 32 random bytes in base64url (43 characters). */
export const invitationTokenSchema = z.string().regex(/^inv_[A-Za-z0-9_-]{43}$/, 'an invitation token: "inv_" and 43 letters, digits, "-" or "_"');

/** Longest an invitation may stay open. */
export const MAX_INVITATION_DAYS = 90;

export interface Invitation {
  id: string;
  scopeKind: InvitationScopeKind;
  scopeId: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
}

export type InvitationState = 'open' | 'used' | 'expired' | 'revoked';

export function invitationState(inv: Pick<Invitation, 'usedAt' | 'revokedAt' | 'expiresAt'>, now: Date): InvitationState {
  if (inv.usedAt !== null) return 'used';
  if (inv.revokedAt !== null) return 'revoked';
  if (inv.expiresAt <= now.toISOString()) return 'expired';
  return 'open';
}

export function newInvitationToken(): string {
  return INVITATION_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The dashboard path a token opens; the token sits in the fragment, which is never sent to a server. */
export function invitationPath(scopeKind: InvitationScopeKind, token: string): string {
  return `/${scopeKind}/respond#${token}`;
}

export type InvitationRefusal = 'unknown' | 'used' | 'expired' | 'revoked';

const REFUSALS: Record<InvitationRefusal, string> = {
  unknown: 'this invitation link is not valid: check that it was copied whole, or ask for a new one',
  used: 'this invitation link has been used already: each link answers once; ask for a new one',
  expired: 'this invitation link has expired; ask for a new one',
  revoked: 'this invitation link was withdrawn; ask for a new one',
};

/** Why a token cannot be used. A token of another scope is `unknown`: it says nothing about what else exists. */
export class InvitationError extends Error {
  constructor(readonly reason: InvitationRefusal) {
    super(REFUSALS[reason]);
    this.name = 'InvitationError';
  }
}
