// Requests made idempotent by a key the client chooses (the `Idempotency-Key` header, IETF
// draft-ietf-httpapi-idempotency-key-header): a write repeated with the same key, on any
// replica, is carried out once, and the repeat gets the first answer back. What makes it hold
// when a replica dies in the middle is that the key's row is written in the same transaction as
// the change (a fence): either both commit or neither does. So a repeat knows which case it is in:
//
//   no row, or a row nothing was written under -> carry it out (taking the key over: the earlier
//       attempt, if it is still alive, can no longer commit, see markCommitted)
//   a row with an answer                      -> that answer again
//   written under, no answer yet              -> the first attempt is finishing its answer: wait
//       a little for it; if it does not come (its replica died between commit and answer), say
//       that the change was made and the answer is gone, and never make the change again
//   another request under the same key        -> refused (422), nothing done
//
// A change made outside the store's write transactions is not fenced; every mutation goes
// through one (src/server/README.md).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { deleteExpiredKeys, deleteKeyIfExpired, findKey, insertKey, markCommitted, releaseKey, storeAnswer, takeOverKey, type KeyRef, type StoredAnswer } from '../store/idempotency-key-repository.js';
import { ActionError, ConflictError } from './errors.js';

/** How long a key stays bound to its request and answer (Stripe keeps them 24 hours too). */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/**
 * How long a repeat waits for the answer of an attempt that has written but not answered: an
 * attempt alive stores its answer within milliseconds of its commit.
 */
export const ANSWER_WAIT_MS = 2000;

export interface IdempotentRequest extends KeyRef {
  /** What the request is (method, path, body): a key answers only the request it was made for. */
  fingerprint: string;
}

export type Claim =
  | { kind: 'run'; attempt: string }
  | { kind: 'replay'; answer: StoredAnswer };

/** The key was used for another request, or the request it was used for was made and its answer is gone. */
export class IdempotencyKeyError extends ActionError {
  constructor(kind: 'invalid' | 'conflict', code: string, message: string) {
    super(kind, code, message, 'Idempotency-Key');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Decides what an attempt with this key does: run the request (with the attempt id that fences
 * its writes) or give the stored answer. Throws IdempotencyKeyError for the refusals.
 */
export async function claimKey(db: Kysely<Database>, request: IdempotentRequest, now: () => Date): Promise<Claim> {
  const random = randomBytes(9);
  const attempt = `att_${random.toString('base64url')}`;
  const at = now();
  if (await insertKey(db, { ...request, attempt, now: at.toISOString(), expiresAt: new Date(at.getTime() + KEY_LIFETIME_MS).toISOString() })) {
    // The caller's other expired keys go now and then (one claim in 32), not at every claim:
    // a round trip less on the write path; an expired key met on a claim is replaced below.
    if (random[0]! % 32 === 0) await deleteExpiredKeys(db, request.scope, at.toISOString());
    return { kind: 'run', attempt };
  }
  const waitUntil = Date.now() + ANSWER_WAIT_MS;
  for (;;) {
    const row = await findKey(db, request);
    const checkedAt = now().toISOString();
    if (!row || row.expiresAt <= checkedAt) {
      // Released (its attempt failed before writing) or expired: claim it afresh.
      if (row) await deleteKeyIfExpired(db, { ...request, now: checkedAt });
      return claimKey(db, request, now);
    }
    if (row.fingerprint !== request.fingerprint)
      throw new IdempotencyKeyError('invalid', 'idempotency_key_reused', 'this Idempotency-Key was used for another request (method, path or body differ); use a new key for a new request; nothing was done');
    if (row.answer) return { kind: 'replay', answer: row.answer };
    if (row.committedAt === null) {
      if (await takeOverKey(db, { ...request, from: row.attempt, to: attempt })) return { kind: 'run', attempt };
      continue; // it changed under us: committed, answered or taken over by another repeat
    }
    if (Date.now() < waitUntil) {
      await sleep(100);
      continue;
    }
    // Written and still unanswered after the wait: its replica most likely died between the
    // commit and storing the answer (measured: as often as not, for a write caught by a SIGKILL,
    // test/cluster/writes-under-kill.test.ts). Never written again; the answer is not to be had.
    throw new IdempotencyKeyError(
      'conflict',
      'idempotency_key_done',
      `the request made with this Idempotency-Key made its change at ${row.committedAt}, but its answer is not available (the replica that ran it stopped before answering, or is still answering); read the result back, and do not make the change again under a new key`,
    );
  }
}

/**
 * Inside the write transaction of an attempt: binds the change to the key, or refuses (rolling
 * the transaction back) when a later attempt with the same key has taken it over.
 */
export async function fenceWrite(tx: Kysely<Database>, key: KeyRef, attempt: string, now: Date): Promise<void> {
  if (!(await markCommitted(tx, { ...key, attempt, now: now.toISOString() })))
    throw new ConflictError('a later request with the same Idempotency-Key took this one over; its answer is the one that counts; nothing was written by this one', 'idempotency_key_taken_over');
}

/**
 * Records how the attempt ended: its answer kept for repeats, or, when it failed (5xx) before
 * writing anything, the key freed so a repeat carries the request out afresh.
 */
export async function finishAttempt(db: Kysely<Database>, key: KeyRef, attempt: string, answer: StoredAnswer, now: Date): Promise<void> {
  if (answer.status >= 500) {
    await releaseKey(db, { ...key, attempt });
    // A 5xx after a write is kept below: the change was made, a repeat must not make it again.
    const row = await findKey(db, key);
    if (!row || row.attempt !== attempt) return;
  }
  await storeAnswer(db, { ...key, attempt, answer, now: now.toISOString() });
}
