// Who is calling: resolved from the session cookie or an `Authorization: Bearer` API token,
// checked against the database on every request (no state in the replica). A route states
// the permission it needs in its config; `authorize` enforces role, token scope, CSRF and
// the forced password change in one place.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { roleAllows, scopeAllows, type Permission, type TokenScope } from '../../domain/account.js';
import type { Session } from '../../store/session-repository.js';
import type { User } from '../../store/user-repository.js';
import { ApiError } from '../errors.js';
import type { Credential, Found, RequestLookups } from '../request-lookups.js';

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

/** The credential the request carries, if any; a malformed Authorization header is a 401. */
export function credentialOf(request: FastifyRequest): Credential | undefined {
  const auth = request.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m || !m[1]?.startsWith(TOKEN_PREFIX)) throw new ApiError(401, 'unauthenticated', 'Authorization must be "Bearer trc_..." with an API token');
    return { via: 'token', hash: sha256(m[1]) };
  }
  const secret = request.cookies[SESSION_COOKIE];
  return secret ? { via: 'session', hash: sha256(secret) } : undefined;
}

/** Who calls with `credential`, given what the store holds for it (request-lookups.ts); 401 when it is unknown, ended or its user disabled. */
export function principalOf(credential: Credential, found: Found, now: Date): Principal {
  if (credential.via === 'token') {
    const token = found.token;
    if (!token || token.revokedAt !== null) throw new ApiError(401, 'unauthenticated', 'the API token is unknown or revoked');
    if (token.expiresAt !== null && token.expiresAt <= now.toISOString()) throw new ApiError(401, 'unauthenticated', 'the API token has expired');
    return { via: 'token', user: activeUser(found.user), tokenId: token.id, scope: token.scope, expiresAt: token.expiresAt };
  }
  const session = found.session;
  if (!session || session.revokedAt !== null) throw new ApiError(401, 'session_expired', 'the session has ended; log in again');
  if (session.expiresAt <= now.toISOString()) throw new ApiError(401, 'session_expired', 'the session has expired; log in again');
  return { via: 'session', user: activeUser(found.user), session };
}

/**
 * Who is calling (undefined: no credential), checked against the store on every request, and
 * the store's fingerprint when `withFingerprint` (for the routes whose answers are cached), in
 * one round trip on PostgreSQL.
 */
export async function resolveRequest(lookups: RequestLookups, request: FastifyRequest, now: Date, withFingerprint: boolean): Promise<{ principal: Principal | undefined; fingerprint: string | undefined }> {
  const credential = credentialOf(request);
  if (!credential) return { principal: undefined, fingerprint: undefined };
  const found = await lookups.find(credential, withFingerprint);
  return { principal: principalOf(credential, found, now), fingerprint: found.fingerprint };
}

function activeUser(user: User | undefined): User {
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
