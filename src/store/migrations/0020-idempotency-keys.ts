// Idempotency keys (docs/server.md "Idempotency-Key"): a write sent with an `Idempotency-Key`
// header is carried out once per (caller, key), whichever replica each attempt reaches, and a
// repeat gets the first answer back.
// idempotency_keys: one row per (scope, key); scope is the caller (`user:<id>`).
//   fingerprint: the request the key was first used for (method, path, body hash).
//   attempt: the attempt that may write; a later attempt takes the key over while nothing is
//     written, and a write commits only if its transaction still names its attempt (a fence).
//   committed_at: set by the first write transaction that committed under the key.
//   status, headers, body, answered_at: the answer, once given (null until then).
//   expires_at: the key may be used for another request after this (24 hours).
// Not append-only: a row goes from claimed to committed to answered, and is deleted after it
// expires (replaced when its key is used again, or purged with the caller's other expired keys).
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('attempt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('status', 'integer')
    .addColumn('headers', 'text')
    .addColumn('body', 'text')
    .addColumn('answered_at', 'text')
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();
}
