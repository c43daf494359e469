// The `Idempotency-Key` request header on writes (POST, PUT, PATCH, DELETE by a logged-in user
// or an API token): the HTTP side of src/application/idempotent-requests.ts. Before the handler
// the key is claimed (or its stored answer sent again); while the handler runs, every write
// transaction of the store is fenced on the key (the store handed to the routes is wrapped
// here, and the attempt travels in an AsyncLocalStorage, so no route knows about keys); the
// answer is stored before it is sent, so a client that got it can always get it again.
// Registered once in app.ts.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { claimKey, fenceWrite, finishAttempt, IdempotencyKeyError } from '../application/idempotent-requests.js';
import type { KeyRef, StoredAnswer } from '../store/idempotency-key-repository.js';
import type { Store } from '../store/store.js';
import { ApiError } from './errors.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer sent again from the store rather than produced by carrying the request out. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Visible ASCII, 1-255 characters: a UUID, a ULID, any random token the client makes. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Answer headers kept and sent again with the answer; never Set-Cookie. */
const KEPT_HEADERS = ['content-type', 'location', 'etag', 'last-modified'];
/** Larger answers (or streamed ones) are not kept: a repeat is told the change was made. */
const MAX_KEPT_BODY = 1024 * 1024;

interface Attempt {
  key: KeyRef;
  attempt: string;
  /** Until the answer is stored: writes made after it (background work) are not fenced. */
  open: boolean;
}

const current = new AsyncLocalStorage<Attempt>();
const attempts = new WeakMap<FastifyRequest, Attempt>();

/**
 * The key from the header, bare (`Idempotency-Key: 4f1c...`) or as the draft's structured-field
 * string (`Idempotency-Key: "4f1c..."`); undefined without one. Throws 400 for a malformed key.
 */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new ApiError(400, 'invalid', 'send one Idempotency-Key header, not several', 'Idempotency-Key');
  const quoted = /^"(.*)"$/.exec(raw.trim());
  const key = quoted ? quoted[1]! : raw.trim();
  if (!KEY_PATTERN.test(key)) throw new ApiError(400, 'invalid', 'Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good one)', 'Idempotency-Key');
  return key;
}

/** The request a key is bound to: method, path with query, and the body as parsed (JSON keeps its order). */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const bytes = body === undefined ? '' : Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body);
  return createHash('sha256').update(`${method} ${url}\n`).update(bytes).digest('base64url');
}

function sendStored(reply: FastifyReply, answer: StoredAnswer): void {
  if (answer.body === null) {
    reply.code(409).send({ error: { code: 'idempotency_key_done', message: 'the request made with this Idempotency-Key was carried out, but its answer was not kept (over 1 MiB, or streamed); read the result back', field: 'Idempotency-Key' } });
    return;
  }
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  reply.code(answer.status).header(REPLAYED_HEADER, 'true').send(answer.body);
}

function sendRefusal(reply: FastifyReply, e: IdempotencyKeyError): void {
  // 422 for a key reused on another request, as the draft says (section 2.7); 409 otherwise.
  reply.code(e.code === 'idempotency_key_reused' ? 422 : 409).send({ error: { code: e.code, message: e.message, field: 'Idempotency-Key' } });
}

/** Registers the hooks on `app` and answers the store the routes must use (writes fenced). */
export function idempotentWrites(app: FastifyInstance, store: Store, now: () => Date): Store {
  app.addHook('preHandler', (request, reply, done) => {
    if (!WRITE_METHODS.has(request.method) || !request.principal) return done();
    let key: string | undefined;
    try {
      key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    } catch (e) {
      return done(e as Error);
    }
    if (key === undefined) return done();
    const access = request.routeOptions.config.access;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    // A route whose answer shows a secret once says so (`secretAnswer`): keeping that answer would
    // keep the secret in the store, which holds only hashes of them. Public and session-only
    // routes (login, password change, logout) take no key either.
    if (!access || access.public || access.sessionOnly || access.secretAnswer)
      return done(new ApiError(400, 'invalid', `${route} takes no Idempotency-Key: ${access?.public ? 'it is public (no user to keep the key for)' : access?.sessionOnly ? "it changes the session's own account (logout, password)" : 'its answer shows a secret once, and answers with a key are kept'}; send it without one`, 'Idempotency-Key'));
    const ref: KeyRef = { scope: `user:${request.principal.user.id}`, key };
    claimKey(store.db, { ...ref, fingerprint: requestFingerprint(request.method, request.url, request.body) }, now).then(
      (claim) => {
        if (claim.kind === 'replay') return sendStored(reply, claim.answer);
        const attempt: Attempt = { key: ref, attempt: claim.attempt, open: true };
        attempts.set(request, attempt);
        // The handler runs inside done(): its awaits keep this context, so its transactions see it.
        current.run(attempt, () => done());
      },
      (e: unknown) => (e instanceof IdempotencyKeyError ? sendRefusal(reply, e) : done(e as Error)),
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const attempt = attempts.get(request);
    if (!attempt?.open) return payload;
    attempt.open = false;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const body = payload === undefined || payload === null ? '' : typeof payload === 'string' && payload.length <= MAX_KEPT_BODY ? payload : null;
    try {
      await finishAttempt(store.db, attempt.key, attempt.attempt, { status: reply.statusCode, headers, body }, now());
    } catch (e) {
      // The answer still goes out; a repeat then finds no answer: 409 done if this attempt wrote.
      request.log.warn({ err: e }, 'could not store the answer of an idempotent request');
    }
    return payload;
  });

  return {
    ...store,
    transaction: (fn) =>
      store.transaction(async (tx) => {
        const result = await fn(tx);
        const attempt = current.getStore();
        if (attempt?.open) await fenceWrite(tx, attempt.key, attempt.attempt, now());
        return result;
      }),
  };
}
