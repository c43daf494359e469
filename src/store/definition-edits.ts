// One definition at a time, for the server: intake creates a use case, an edit updates it,
// archiving hides it. The same versions and audit entries as `apply` (definition-repository.ts),
// so history reads the same whichever way a change came in. Call inside store.transaction.
//
// Ownership (migration 0012) is kept here, so every caller gets it: a definition created here
// is owned by the store; an edit or archive of a file-owned one becomes a pending change whose
// base is the file's version (kept from the first edit on, and dropped when an edit brings the
// body back to it), which `apply` and `pull` compare against (definition-repository.ts).
import type { Kysely } from 'kysely';
import type { DefinitionKind } from '../domain/workspace.js';
import { canonicalJson, contentHash } from '../workspace/definitions.js';
import { appendAudit } from './audit-repository.js';
import type { Database, DefinitionVersionsTable } from './database.js';
import { getDefinition, NO_PENDING, toStoredDefinition, type StoredDefinition } from './definition-repository.js';

type Change = DefinitionVersionsTable['change'];

async function recordVersion(
  tx: Kysely<Database>,
  d: { kind: DefinitionKind; id: string; version: number; hash: string; body: string },
  change: Change,
  actor: string,
  now: Date,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx
    .insertInto('definition_versions')
    .values({ kind: d.kind, id: d.id, version: d.version, content_hash: d.hash, body: d.body, change, applied_at: now.toISOString(), applied_by: actor })
    .execute();
  await appendAudit(tx, { at: now, actor, action: `definition.${change}`, objectKind: d.kind, objectId: d.id, detail: { version: d.version, hash: d.hash, ...detail } });
}

/**
 * The pending-change columns after an API edit (`hash`: the new body's; undefined when
 * archiving): nothing for a store-owned definition; for a file-owned one, the base is the
 * version before the first pending edit, and an edit back to the base leaves nothing pending.
 * Read from the row, not from `current`, which a caller may have read earlier.
 */
async function pendingAfterEdit(tx: Kysely<Database>, current: StoredDefinition, hash: string | undefined, actor: string, now: Date) {
  const row = await tx
    .selectFrom('definitions')
    .select(['owner', 'content_hash', 'body', 'pending_base_hash', 'pending_since', 'pending_by'])
    .where('kind', '=', current.kind)
    .where('id', '=', current.id)
    .executeTakeFirstOrThrow();
  if (row.owner === 'store') return {};
  if (row.pending_base_hash === null) return { pending_base_hash: row.content_hash, pending_base_body: row.body, pending_since: now.toISOString(), pending_by: actor };
  if (hash === row.pending_base_hash) return NO_PENDING;
  return {};
}

export async function createDefinition(
  tx: Kysely<Database>,
  d: { kind: DefinitionKind; id: string; body: unknown },
  actor: string,
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<StoredDefinition> {
  const at = now.toISOString();
  const body = canonicalJson(d.body);
  const hash = contentHash(d.body);
  await tx.insertInto('definitions').values({ kind: d.kind, id: d.id, version: 1, content_hash: hash, body, archived_at: null, created_at: at, updated_at: at, owner: 'store' }).execute();
  await recordVersion(tx, { kind: d.kind, id: d.id, version: 1, hash, body }, 'created', actor, now, detail);
  return (await getDefinition(tx, d.kind, d.id)) as StoredDefinition;
}

/** Replaces the body; a body equal to the stored one is no change (no version, no audit). */
export async function updateDefinition(
  tx: Kysely<Database>,
  current: StoredDefinition,
  body: unknown,
  actor: string,
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<StoredDefinition> {
  const hash = contentHash(body);
  if (hash === current.hash) return current;
  const version = current.version + 1;
  const text = canonicalJson(body);
  const pending = await pendingAfterEdit(tx, current, hash, actor, now);
  await tx
    .updateTable('definitions')
    .set({ version, content_hash: hash, body: text, updated_at: now.toISOString(), ...pending })
    .where('kind', '=', current.kind)
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .execute();
  await recordVersion(tx, { kind: current.kind, id: current.id, version, hash, body: text }, 'updated', actor, now, detail);
  return (await getDefinition(tx, current.kind, current.id)) as StoredDefinition;
}

export async function archiveDefinition(tx: Kysely<Database>, current: StoredDefinition, actor: string, now: Date, detail: Record<string, unknown> = {}): Promise<StoredDefinition> {
  if (current.archivedAt !== null) return current;
  const version = current.version + 1;
  const at = now.toISOString();
  const pending = await pendingAfterEdit(tx, current, undefined, actor, now);
  await tx.updateTable('definitions').set({ version, archived_at: at, updated_at: at, ...pending }).where('kind', '=', current.kind).where('id', '=', current.id).execute();
  await recordVersion(tx, { kind: current.kind, id: current.id, version, hash: current.hash, body: canonicalJson(current.body) }, 'archived', actor, now, detail);
  return (await getDefinition(tx, current.kind, current.id)) as StoredDefinition;
}

/** Id, version and hash of every definition of a kind, without bodies: cheap to read on every request. */
export async function definitionStamps(db: Kysely<Database>, kind: DefinitionKind): Promise<{ id: string; hash: string; version: number; archivedAt: string | null; updatedAt: string }[]> {
  const rows = await db.selectFrom('definitions').select(['id', 'content_hash', 'version', 'archived_at', 'updated_at']).where('kind', '=', kind).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, hash: r.content_hash, version: Number(r.version), archivedAt: r.archived_at, updatedAt: r.updated_at }));
}

export async function getDefinitionsByIds(db: Kysely<Database>, kind: DefinitionKind, ids: string[]): Promise<StoredDefinition[]> {
  const out: StoredDefinition[] = [];
  // Chunked: SQLite limits the bound parameters of one statement.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('definitions').selectAll().where('kind', '=', kind).where('id', 'in', ids.slice(i, i + 500)).execute();
    out.push(...rows.map(toStoredDefinition));
  }
  return out;
}

/**
 * Changes whenever any definition changes: rows are never deleted and every change raises
 * one row's version, so (count, sum of versions) strictly grows. One aggregate query, cheap
 * enough to run per request to validate a cache.
 */
export async function definitionsFingerprint(db: Kysely<Database>): Promise<string> {
  const r = await db
    .selectFrom('definitions')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number | string | null>('version').as('v')])
    .executeTakeFirstOrThrow();
  return `${Number(r.n)}:${Number(r.v ?? 0)}`;
}
