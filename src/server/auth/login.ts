// Logging in: rate limit, verify, start a session. Failed attempts are counted in the
// database per username and per client address over a sliding window, so the limit holds
// across replicas and a restart does not reset it.
import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { appendAudit } from '../../store/audit-repository.js';
import { limitReachingFailure, recordLoginAttempt } from '../../store/login-attempt-repository.js';
import { insertSession } from '../../store/session-repository.js';
import { findCredentials, type User } from '../../store/user-repository.js';
import { ApiError, RetryLaterError } from '../errors.js';
import { verifyPassword } from './passwords.js';
import { sha256 } from './principal.js';

export interface LoginLimits {
  windowMinutes: number;
  maxFailuresPerUsername: number;
  maxFailuresPerIp: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMinutes: 15, maxFailuresPerUsername: 5, maxFailuresPerIp: 50 };

export interface StartedSession {
  user: User;
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(
  store: Store,
  attempt: { username: string; password: string; ip: string },
  now: Date,
  options: { limits: LoginLimits; sessionHours: number },
): Promise<StartedSession> {
  const lockedFor = await lockoutSeconds(store, attempt, now, options.limits);
  if (lockedFor > 0) {
    const minutes = Math.ceil(lockedFor / 60);
    throw new RetryLaterError(429, 'too_many_attempts', `too many failed logins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, lockedFor);
  }

  const found = await findCredentials(store.db, attempt.username);
  const ok = (await verifyPassword(found?.passwordHash, attempt.password)) && found !== undefined && found.user.disabledAt === null;
  await recordLoginAttempt(store.db, { username: attempt.username, ip: attempt.ip, at: now, succeeded: ok });
  if (!ok || !found) throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
  return startSession(store, found.user, now, options.sessionHours);
}

/**
 * Seconds until this username and this address may try again (0: not locked out). The
 * address is the socket peer unless the request came through a configured proxy (app.ts).
 */
async function lockoutSeconds(store: Store, attempt: { username: string; ip: string }, now: Date, limits: LoginLimits): Promise<number> {
  const windowMs = limits.windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const reached = await Promise.all([
    limitReachingFailure(store.db, { column: 'username', value: attempt.username, since, limit: limits.maxFailuresPerUsername }),
    limitReachingFailure(store.db, { column: 'ip', value: attempt.ip, since, limit: limits.maxFailuresPerIp }),
  ]);
  const ends = reached.filter((d): d is Date => d !== undefined).map((d) => d.getTime() + windowMs - now.getTime());
  return ends.length === 0 ? 0 : Math.ceil(Math.max(...ends) / 1000);
}

export async function startSession(store: Store, user: User, now: Date, sessionHours: number): Promise<StartedSession> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
  await store.transaction(async (tx) => {
    await insertSession(tx, { idHash: sha256(secret), userId: user.id, csrfToken, createdAt: now, expiresAt });
    await appendAudit(tx, { at: now, actor: user.username, action: 'session.started', objectKind: 'user', objectId: user.id, detail: {} });
  });
  return { user, secret, csrfToken, expiresAt };
}
