// API tokens for machines: shown once at creation, stored as SHA-256 (a token is 256
// random bits, so a fast hash is enough; passwords get argon2 because people choose them).
import type { Kysely } from 'kysely';
import type { TokenScope } from '../domain/account.js';
import { appendAudit } from './audit-repository.js';
import type { ApiTokensTable, Database } from './database.js';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function toApiToken(row: ApiTokensTable): ApiToken {
  return { id: row.id, userId: row.user_id, name: row.name, scope: row.scope as TokenScope, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at };
}

export async function insertApiToken(
  db: Kysely<Database>,
  t: { id: string; userId: string; name: string; scope: TokenScope; tokenHash: string; expiresAt: Date | null },
  actor: string,
  now: Date,
): Promise<ApiToken> {
  const row: ApiTokensTable = {
    id: t.id,
    user_id: t.userId,
    name: t.name,
    scope: t.scope,
    token_hash: t.tokenHash,
    created_at: now.toISOString(),
    expires_at: t.expiresAt?.toISOString() ?? null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  await appendAudit(db, { at: now, actor, action: 'api_token.created', objectKind: 'api_token', objectId: t.id, detail: { user: t.userId, name: t.name, scope: t.scope } });
  return toApiToken(row);
}

export async function findApiTokenByHash(db: Kysely<Database>, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toApiToken(row) : undefined;
}

export async function getApiToken(db: Kysely<Database>, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toApiToken(row) : undefined;
}

export async function listApiTokens(db: Kysely<Database>, filter: { userId?: string } = {}): Promise<ApiToken[]> {
  let q = db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id');
  if (filter.userId) q = q.where('user_id', '=', filter.userId);
  return (await q.execute()).map(toApiToken);
}

export async function revokeApiToken(db: Kysely<Database>, id: string, actor: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  await appendAudit(db, { at: now, actor, action: 'api_token.revoked', objectKind: 'api_token', objectId: id, detail: {} });
}

/** Revokes every live token of a user (an admin's password reset); one audit entry lists them. */
export async function revokeUserApiTokens(db: Kysely<Database>, userId: string, actor: string, now: Date): Promise<string[]> {
  const live = await db.selectFrom('api_tokens').select('id').where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('id').execute();
  if (live.length === 0) return [];
  await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  const ids = live.map((t) => t.id);
  await appendAudit(db, { at: now, actor, action: 'api_token.revoked', objectKind: 'user', objectId: userId, detail: { tokens: ids, reason: 'password reset' } });
  return ids;
}
