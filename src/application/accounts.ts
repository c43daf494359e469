// Accounts and API tokens, once for every caller: list, create (with a one-time password when
// none is given), change role or name, disable, reset a password; create, list and revoke API
// tokens. The last active admin cannot be demoted or disabled. Disabling or resetting ends every
// session of the account at once; a reset also revokes its API tokens. Secrets are made and
// hashed by the caller's `Secrets` (argon2 and random bytes live with the server's auth), so
// this module stays free of any transport. Every write is one transaction.
import type { Kysely } from 'kysely';
import type { Role, TokenScope } from '../domain/account.js';
import { getApiToken, insertApiToken, listApiTokens, revokeApiToken, revokeUserApiTokens, type ApiToken } from '../store/api-token-repository.js';
import type { Database } from '../store/database.js';
import { newId } from '../store/evidence-repository.js';
import { revokeUserSessions } from '../store/session-repository.js';
import type { Store } from '../store/store.js';
import { createUser, findCredentials, getUser, listUsers, updateUser, type User } from '../store/user-repository.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';

export interface Secrets {
  hashPassword(password: string): Promise<string>;
  generatePassword(): string;
  /** A new API token's secret (`trc_...`) and the hash stored for it. */
  newToken(): { secret: string; hash: string };
}

/** Who asks: their account and whether their role manages accounts (sees and revokes every token). */
export interface Requester {
  userId: string;
  managesAccounts: boolean;
}

export async function listAccounts(db: Kysely<Database>): Promise<User[]> {
  return listUsers(db);
}

export async function createAccount(
  store: Store,
  secrets: Secrets,
  input: { username: string; displayName: string; role: Role; password?: string | undefined },
  actor: string,
  now: Date,
): Promise<{ user: User; oneTimePassword?: string }> {
  const password = input.password ?? secrets.generatePassword();
  const passwordHash = await secrets.hashPassword(password);
  const user = await store.transaction(async (tx) => {
    if (await findCredentials(tx, input.username)) throw new ConflictError(`the username "${input.username}" is taken`, 'conflict', 'username');
    return createUser(tx, { username: input.username, displayName: input.displayName, role: input.role, passwordHash, mustChangePassword: input.password === undefined }, actor, now);
  });
  return { user, ...(input.password === undefined ? { oneTimePassword: password } : {}) };
}

export async function updateAccount(
  store: Store,
  id: string,
  changes: { role?: Role | undefined; displayName?: string | undefined; disabled?: boolean | undefined },
  actor: string,
  now: Date,
): Promise<User> {
  return store.transaction(async (tx) => {
    const current = await getUser(tx, id);
    if (!current) throw new NotFoundError(`no user "${id}"`);
    const losesAdmin = current.role === 'admin' && current.disabledAt === null && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin && (await listUsers(tx)).filter((u) => u.role === 'admin' && u.disabledAt === null).length <= 1)
      throw new ConflictError('this is the last active admin; make another admin first', 'last_admin', changes.disabled ? 'disabled' : 'role');
    const updated = await updateUser(tx, id, { role: changes.role, displayName: changes.displayName, disabled: changes.disabled }, actor, now);
    if (changes.disabled) await revokeUserSessions(tx, id, now);
    return updated!;
  });
}

export async function resetPassword(store: Store, secrets: Secrets, id: string, password: string | undefined, actor: string, now: Date): Promise<{ user: User; oneTimePassword?: string; revokedTokens: string[] }> {
  const chosen = password ?? secrets.generatePassword();
  const passwordHash = await secrets.hashPassword(chosen);
  const result = await store.transaction(async (tx) => {
    if (!(await getUser(tx, id))) throw new NotFoundError(`no user "${id}"`);
    const user = await updateUser(tx, id, { passwordHash, mustChangePassword: true }, actor, now);
    await revokeUserSessions(tx, id, now);
    return { user: user!, revokedTokens: await revokeUserApiTokens(tx, id, actor, now) };
  });
  return { ...result, ...(password === undefined ? { oneTimePassword: chosen } : {}) };
}

export async function listTokens(db: Kysely<Database>, requester: Requester, all: boolean): Promise<ApiToken[]> {
  if (all && !requester.managesAccounts) throw new ForbiddenError('only admins list every token', 'forbidden', 'all');
  return listApiTokens(db, all ? {} : { userId: requester.userId });
}

/** A token for the requester; `expiresAt` is already bounded by the caller's policy (a token made with a token). */
export async function createToken(
  store: Store,
  secrets: Secrets,
  requester: Requester,
  input: { name: string; scope: TokenScope; expiresAt: Date | null },
  actor: string,
  now: Date,
): Promise<{ token: ApiToken; secret: string }> {
  const { secret, hash } = secrets.newToken();
  const token = await store.transaction((tx) => insertApiToken(tx, { id: newId('tok'), userId: requester.userId, name: input.name, scope: input.scope, tokenHash: hash, expiresAt: input.expiresAt }, actor, now));
  return { token, secret };
}

export async function revokeToken(store: Store, requester: Requester, id: string, actor: string, now: Date): Promise<void> {
  await store.transaction(async (tx) => {
    const token = await getApiToken(tx, id);
    // Someone else's token is "not found" to a non-admin: do not confirm it exists.
    if (!token || (token.userId !== requester.userId && !requester.managesAccounts)) throw new NotFoundError(`no token "${id}"`);
    await revokeApiToken(tx, token.id, actor, now);
  });
}
