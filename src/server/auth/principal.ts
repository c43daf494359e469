// Who is calling: resolved from the session cookie or an `Authorization: Bearer` API token,
// checked against the database on every request (no state in the replica). A route states
// the permission it needs in its config; `authorize` enforces role, token scope, CSRF and
// the forced password change in one place.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { roleAllows, scopeAllows, type Permission, type TokenScope } from '../../domain/account.js';
import { findApiTokenByHash } from '../../store/api-token-repository.js';
import { findSession, type Session } from '../../store/session-repository.js';
import type { Store } from '../../store/store.js';
import { getUser, type User } from '../../store/user-repository.js';
import { ApiError } from '../errors.js';

export const SESSION_COOKIE = 'traction_session';
export const CSRF_HEADER = 'x-csrf-token';
export const TOKEN_PREFIX = 'trc_';

export type Principal =
  | { via: 'session'; user: User; session: Session }
  | { via: 'token'; user: User; tokenId: string; scope: TokenScope; expiresAt: string | null };

export interface RouteAccess {
  /** The permission the route needs; `public` routes need none. */
  permission?: Permission;
  public?: boolean;
  /** Allowed while the user must still change a one-time password (session, password change, logout). */
  beforePasswordChange?: boolean;
  /** Only a logged-in session, never an API token (a password change, logging out). */
  sessionOnly?: boolean;
  /** The answer shows a secret once (a token, a one-time password, single-use links): never kept, so it takes no Idempotency-Key. */
  secretAnswer?: boolean;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function resolvePrincipal(store: Store, request: FastifyRequest, now: Date): Promise<Principal | undefined> {
  const auth = request.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m || !m[1]?.startsWith(TOKEN_PREFIX)) throw new ApiError(401, 'unauthenticated', 'Authorization must be "Bearer trc_..." with an API token');
    const token = await findApiTokenByHash(store.db, sha256(m[1]));
    if (!token || token.revokedAt !== null) throw new ApiError(401, 'unauthenticated', 'the API token is unknown or revoked');
    if (token.expiresAt !== null && token.expiresAt <= now.toISOString()) throw new ApiError(401, 'unauthenticated', 'the API token has expired');
    const user = await activeUser(store, token.userId);
    return { via: 'token', user, tokenId: token.id, scope: token.scope, expiresAt: token.expiresAt };
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) return undefined;
  const session = await findSession(store.db, sha256(secret));
  if (!session || session.revokedAt !== null) throw new ApiError(401, 'session_expired', 'the session has ended; log in again');
  if (session.expiresAt <= now.toISOString()) throw new ApiError(401, 'session_expired', 'the session has expired; log in again');
  return { via: 'session', user: await activeUser(store, session.userId), session };
}

async function activeUser(store: Store, id: string): Promise<User> {
  const user = await getUser(store.db, id);
  if (!user || user.disabledAt !== null) throw new ApiError(401, 'unauthenticated', 'the account is disabled');
  return user;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authorize(principal: Principal | undefined, access: RouteAccess, method: string, csrfHeader: string | undefined): void {
  if (access.public) return;
  if (!principal) throw new ApiError(401, 'unauthenticated', 'log in, or send an API token as "Authorization: Bearer trc_..."');
  // Synchronizer token: a cookie rides along on cross-site requests, this header cannot.
  if (principal.via === 'session' && !SAFE_METHODS.has(method) && csrfHeader !== principal.session.csrfToken)
    throw new ApiError(403, 'csrf', `send the session's CSRF token in the ${CSRF_HEADER} header`);
  if (principal.user.mustChangePassword && !access.beforePasswordChange)
    throw new ApiError(403, 'password_change_required', 'change the one-time password first (POST /api/auth/password)');
  if (access.sessionOnly && principal.via !== 'session')
    throw new ApiError(403, 'session_only', 'this is done in a logged-in session, not with an API token');
  const permission = access.permission ?? 'read';
  if (!roleAllows(principal.user.role, permission))
    throw new ApiError(403, 'forbidden', `the ${principal.user.role} role may not ${permission.replace('_', ' ')}`);
  if (principal.via === 'token' && !scopeAllows(principal.scope, permission))
    throw new ApiError(
      403,
      'token_scope',
      principal.scope === 'ingest' ? 'this API token is scoped ingest: it may only send telemetry (POST /v1/traces)' : 'this API token is scoped read; create a write token to change anything',
    );
}

/** The name the audit log records for a principal. */
export function actorOf(principal: Principal): string {
  return principal.via === 'token' ? `${principal.user.username} (token ${principal.tokenId})` : principal.user.username;
}
