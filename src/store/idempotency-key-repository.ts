// Rows of idempotency_keys (migration 0020): claim a key for an attempt, take it over, fence a
// write transaction on it, record the answer. The rules about when each happens are the
// application layer's (src/application/idempotent-requests.ts); every function here is one
// statement, so each is atomic on its own.
import { sql, type Kysely } from 'kysely';
import type { Database, IdempotencyKeysTable } from './database.js';

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export interface IdempotencyKeyRow {
  fingerprint: string;
  attempt: string;
  committedAt: string | null;
  expiresAt: string;
  answer: StoredAnswer | undefined;
}

function toRow(r: IdempotencyKeysTable): IdempotencyKeyRow {
  return {
    fingerprint: r.fingerprint,
    attempt: r.attempt,
    committedAt: r.committed_at,
    expiresAt: r.expires_at,
    answer: r.status === null ? undefined : { status: r.status, headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : {}, body: r.body },
  };
}

export interface KeyRef {
  scope: string;
  key: string;
}

/** Deletes this caller's keys that expired before `now` (their keys may be used afresh). */
export async function deleteExpiredKeys(db: Kysely<Database>, scope: string, now: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('expires_at', '<=', now).execute();
}

/** Deletes this one key if it expired before `now`. */
export async function deleteKeyIfExpired(db: Kysely<Database>, k: KeyRef & { now: string }): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', k.scope).where('key', '=', k.key).where('expires_at', '<=', k.now).execute();
}

/** Inserts the key for `attempt`; false when the key is already there. */
export async function insertKey(db: Kysely<Database>, k: KeyRef & { fingerprint: string; attempt: string; now: string; expiresAt: string }): Promise<boolean> {
  const r = await db
    .insertInto('idempotency_keys')
    .values({ scope: k.scope, key: k.key, fingerprint: k.fingerprint, attempt: k.attempt, created_at: k.now, expires_at: k.expiresAt, committed_at: null, status: null, headers: null, body: null, answered_at: null })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function findKey(db: Kysely<Database>, k: KeyRef): Promise<IdempotencyKeyRow | undefined> {
  const r = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', k.scope).where('key', '=', k.key).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** Hands the key from `from` to `to`, only while nothing was written under it and no answer given. */
export async function takeOverKey(db: Kysely<Database>, k: KeyRef & { from: string; to: string }): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ attempt: k.to })
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .where('attempt', '=', k.from)
    .where('committed_at', 'is', null)
    .where('status', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Inside a write transaction: records that `attempt` wrote under the key. False when another
 * attempt holds the key now; the caller must then roll the transaction back. On PostgreSQL the
 * row stays locked until the transaction ends, so a takeover waits and then sees the commit.
 */
export async function markCommitted(db: Kysely<Database>, k: KeyRef & { attempt: string; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ committed_at: sql<string>`coalesce(committed_at, ${k.now})` })
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .where('attempt', '=', k.attempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Stores the answer `attempt` gave; false when another attempt holds the key. */
export async function storeAnswer(db: Kysely<Database>, k: KeyRef & { attempt: string; answer: StoredAnswer; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ status: k.answer.status, headers: JSON.stringify(k.answer.headers), body: k.answer.body, answered_at: k.now })
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .where('attempt', '=', k.attempt)
    .where('status', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Frees the key when `attempt` wrote nothing (it failed before any write), so a repeat runs afresh. */
export async function releaseKey(db: Kysely<Database>, k: KeyRef & { attempt: string }): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', k.scope).where('key', '=', k.key).where('attempt', '=', k.attempt).where('committed_at', 'is', null).where('status', 'is', null).execute();
}
