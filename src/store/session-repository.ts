// Browser sessions. The cookie carries a random secret; only its SHA-256 is stored, so a
// copy of the database does not let anyone log in. Sessions live in the database, not in
// a replica's memory, which keeps the server stateless.
import type { Kysely } from 'kysely';
import type { Database, SessionsTable } from './database.js';

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export function toSession(row: SessionsTable): Session {
  return { idHash: row.id_hash, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at };
}

export async function insertSession(db: Kysely<Database>, s: { idHash: string; userId: string; csrfToken: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt.toISOString(), expires_at: s.expiresAt.toISOString(), revoked_at: null })
    .execute();
}

export async function findSession(db: Kysely<Database>, idHash: string): Promise<Session | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  return row ? toSession(row) : undefined;
}

export async function revokeSession(db: Kysely<Database>, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a user (password change, account disabled). */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
