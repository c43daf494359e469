// Applied definitions: upsert a whole workspace in one transaction, idempotently. Every
// change is a new version row and an audit entry; a definition that left the workspace is
// archived (never deleted with its history) and restored if it comes back.
//
// One owner per definition (migration 0012, docs/workspace.md "Who owns a definition"):
// `apply` writes only what the files own. A definition created through the API is owned by
// the store and left alone. A file-owned definition edited through the API carries a pending
// change (its file's version as the base), compared three ways: the file still equals the
// base -> the edit is kept; the file equals the edit -> they agree and nothing is pending any
// more; anything else is a conflict, and the whole apply is refused before anything is
// written, unless the caller chose the files (`preferFiles`: the edit stays in the history).
import type { Kysely } from 'kysely';
import type { DefinitionKind } from '../domain/workspace.js';
import { canonicalJson, type Definition } from '../workspace/definitions.js';
import { appendAudit } from './audit-repository.js';
import type { Database, DefinitionsTable } from './database.js';
import type { Store } from './store.js';

/** `kept`: apply left the stored version in place because the store owns the newer one. */
export type ChangeKind = 'created' | 'updated' | 'unchanged' | 'archived' | 'restored' | 'kept';

export interface Change {
  kind: DefinitionKind;
  id: string;
  change: ChangeKind;
  version: number;
  /** Why a definition was kept: a store-owned one, or a file-owned one with a pending change. */
  reason?: 'store_owned' | 'pending_change';
}

export type DefinitionOwner = 'files' | 'store';

export interface PendingChange {
  /** Hash and body of the file's version the change was made on. */
  baseHash: string;
  baseBody: unknown;
  since: string;
  by: string;
}

export interface StoredDefinition {
  kind: DefinitionKind;
  id: string;
  version: number;
  hash: string;
  body: unknown;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  owner: DefinitionOwner;
  pending: PendingChange | null;
}

/** Why an apply was refused: each definition changed both in its file and through the API. */
export interface DefinitionConflict {
  kind: DefinitionKind;
  id: string;
  /** What the API did to it: an edit, or archiving it; `created`: the API made one with the id a file now has. */
  storeChange: 'edited' | 'archived' | 'created';
  /** What the files did: changed it, or removed it. */
  fileChange: 'changed' | 'removed';
}

export class DefinitionConflictError extends Error {
  constructor(readonly conflicts: DefinitionConflict[]) {
    super(`${conflicts.length} definition${conflicts.length === 1 ? '' : 's'} changed both in the files and in the store`);
    this.name = 'DefinitionConflictError';
  }
}

type DefinitionRow = Omit<DefinitionsTable, 'owner'> & { owner: DefinitionOwner };

export function toStoredDefinition(row: DefinitionRow): StoredDefinition {
  return {
    kind: row.kind as DefinitionKind,
    id: row.id,
    version: Number(row.version),
    hash: row.content_hash,
    body: JSON.parse(row.body) as unknown,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    owner: row.owner,
    pending:
      row.pending_base_hash === null
        ? null
        : { baseHash: row.pending_base_hash, baseBody: JSON.parse(row.pending_base_body ?? 'null') as unknown, since: row.pending_since ?? '', by: row.pending_by ?? '' },
  };
}

/** The columns that clear a pending change. */
export const NO_PENDING = { pending_base_hash: null, pending_base_body: null, pending_since: null, pending_by: null } as const;

type Plan =
  | { do: 'create'; def: Definition }
  | { do: 'update' | 'restore'; def: Definition }
  | { do: 'archive'; row: DefinitionRow }
  | { do: 'unchanged' | 'settle'; row: DefinitionRow }
  | { do: 'keep'; row: DefinitionRow; reason: 'store_owned' | 'pending_change' };

/** What apply does with one file definition and its row: pure, so the rule reads in one place. */
function planOne(d: Definition, row: DefinitionRow | undefined, preferFiles: boolean): Plan | DefinitionConflict {
  if (!row) return { do: 'create', def: d };
  const same = row.content_hash === d.hash && row.archived_at === null;
  if (row.owner === 'store') {
    // Archived through the API, nobody works on it any more: the file brings it back.
    if (row.archived_at !== null) return { do: 'restore', def: d };
    // A file with the id of a definition made through the API: the same content means the
    // file was written from the store (by pull or by hand) and takes it over.
    if (same) return { do: 'settle', row };
    return preferFiles ? { do: 'update', def: d } : { kind: d.kind, id: d.id, storeChange: 'created', fileChange: 'changed' };
  }
  if (row.pending_base_hash !== null) {
    if (same) return { do: 'settle', row }; // the file made the same change
    if (d.hash === row.pending_base_hash && !preferFiles) return { do: 'keep', row, reason: 'pending_change' };
    if (!preferFiles) return { kind: d.kind, id: d.id, storeChange: row.archived_at === null ? 'edited' : 'archived', fileChange: 'changed' };
  }
  if (same) return { do: 'unchanged', row };
  return { do: row.archived_at === null ? 'update' : 'restore', def: d };
}

/** What apply does with a stored definition no file defines any more. */
function planMissing(row: DefinitionRow, preferFiles: boolean): Plan | DefinitionConflict | undefined {
  if (row.owner === 'store') return row.archived_at === null ? { do: 'keep', row, reason: 'store_owned' } : undefined;
  if (row.pending_base_hash === null || preferFiles) return row.archived_at === null ? { do: 'archive', row } : undefined;
  // Archived through the API and removed from the files: both sides agree.
  if (row.archived_at !== null) return { do: 'settle', row };
  return { kind: row.kind as DefinitionKind, id: row.id, storeChange: 'edited', fileChange: 'removed' };
}

export async function applyDefinitions(store: Store, defs: Definition[], actor: string, now: Date, options: { preferFiles?: boolean } = {}): Promise<Change[]> {
  const at = now.toISOString();
  const preferFiles = options.preferFiles === true;
  return store.transaction(async (tx) => {
    const rows = new Map((await tx.selectFrom('definitions').selectAll().execute()).map((r) => [`${r.kind}:${r.id}`, r as DefinitionRow]));
    const existingRow = (kind: string, id: string) => rows.get(`${kind}:${id}`) as DefinitionRow;
    const existing = new Map(rows);
    const plans: Plan[] = [];
    const conflicts: DefinitionConflict[] = [];
    const add = (p: Plan | DefinitionConflict | undefined) => {
      if (p === undefined) return;
      if ('do' in p) plans.push(p);
      else conflicts.push(p);
    };
    for (const d of defs) {
      const key = `${d.kind}:${d.id}`;
      add(planOne(d, existing.get(key), preferFiles));
      existing.delete(key);
    }
    for (const row of existing.values()) add(planMissing(row, preferFiles));
    if (conflicts.length > 0) throw new DefinitionConflictError(conflicts);

    const changes: Change[] = [];
    const record = async (d: { kind: string; id: string; hash: string; body: string }, version: number, change: Exclude<ChangeKind, 'unchanged' | 'kept'>) => {
      await tx
        .insertInto('definition_versions')
        .values({ kind: d.kind, id: d.id, version, content_hash: d.hash, body: d.body, change, applied_at: at, applied_by: actor })
        .execute();
      await appendAudit(tx, { at: now, actor, action: `definition.${change}`, objectKind: d.kind, objectId: d.id, detail: { version, hash: d.hash } });
      changes.push({ kind: d.kind as DefinitionKind, id: d.id, change, version });
    };
    const where = (kind: string, id: string) => tx.updateTable('definitions').where('kind', '=', kind).where('id', '=', id);

    for (const p of plans) {
      switch (p.do) {
        case 'create': {
          const body = canonicalJson(p.def.body);
          await tx.insertInto('definitions').values({ kind: p.def.kind, id: p.def.id, version: 1, content_hash: p.def.hash, body, archived_at: null, created_at: at, updated_at: at, owner: 'files' }).execute();
          await record({ ...p.def, body }, 1, 'created');
          break;
        }
        case 'update':
        case 'restore': {
          const row = existingRow(p.def.kind, p.def.id);
          const version = Number(row.version) + 1;
          const body = canonicalJson(p.def.body);
          await where(p.def.kind, p.def.id).set({ version, content_hash: p.def.hash, body, archived_at: null, updated_at: at, owner: 'files', ...NO_PENDING }).execute();
          await record({ ...p.def, body }, version, p.do === 'update' ? 'updated' : 'restored');
          break;
        }
        case 'archive': {
          const version = Number(p.row.version) + 1;
          await where(p.row.kind, p.row.id).set({ version, archived_at: at, updated_at: at, ...NO_PENDING }).execute();
          await record({ kind: p.row.kind, id: p.row.id, hash: p.row.content_hash, body: p.row.body }, version, 'archived');
          break;
        }
        case 'settle':
          await where(p.row.kind, p.row.id).set({ owner: 'files', ...NO_PENDING }).execute();
          changes.push({ kind: p.row.kind as DefinitionKind, id: p.row.id, change: 'unchanged', version: Number(p.row.version) });
          break;
        case 'unchanged':
          changes.push({ kind: p.row.kind as DefinitionKind, id: p.row.id, change: 'unchanged', version: Number(p.row.version) });
          break;
        case 'keep':
          changes.push({ kind: p.row.kind as DefinitionKind, id: p.row.id, change: 'kept', version: Number(p.row.version), reason: p.reason });
          break;
      }
    }
    return changes;
  });
}

export async function listDefinitions(
  db: Kysely<Database>,
  options: { kind?: DefinitionKind; includeArchived?: boolean } = {},
): Promise<StoredDefinition[]> {
  let q = db.selectFrom('definitions').selectAll().orderBy('kind').orderBy('id');
  if (options.kind) q = q.where('kind', '=', options.kind);
  if (!options.includeArchived) q = q.where('archived_at', 'is', null);
  return (await q.execute()).map((r) => toStoredDefinition(r as DefinitionRow));
}

export async function getDefinition(db: Kysely<Database>, kind: DefinitionKind, id: string): Promise<StoredDefinition | undefined> {
  const row = await db.selectFrom('definitions').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  return row ? toStoredDefinition(row as DefinitionRow) : undefined;
}

export async function definitionHistory(db: Kysely<Database>, kind: DefinitionKind, id: string) {
  return db.selectFrom('definition_versions').selectAll().where('kind', '=', kind).where('id', '=', id).orderBy('version').execute();
}
