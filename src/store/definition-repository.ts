// Applied definitions: upsert a whole workspace in one transaction, idempotently. Every
// change is a new version row and an audit entry; a definition that left the workspace is
// archived (never deleted with its history) and restored if it comes back.
import type { Kysely } from 'kysely';
import type { DefinitionKind } from '../domain/workspace.js';
import { canonicalJson, type Definition } from '../workspace/definitions.js';
import { appendAudit } from './audit-repository.js';
import type { Database, DefinitionsTable } from './database.js';
import type { Store } from './store.js';

export type ChangeKind = 'created' | 'updated' | 'unchanged' | 'archived' | 'restored';

export interface Change {
  kind: DefinitionKind;
  id: string;
  change: ChangeKind;
  version: number;
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
}

export function toStoredDefinition(row: DefinitionsTable): StoredDefinition {
  return {
    kind: row.kind as DefinitionKind,
    id: row.id,
    version: row.version,
    hash: row.content_hash,
    body: JSON.parse(row.body) as unknown,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function applyDefinitions(store: Store, defs: Definition[], actor: string, now: Date): Promise<Change[]> {
  const at = now.toISOString();
  return store.transaction(async (tx) => {
    const existing = new Map((await tx.selectFrom('definitions').selectAll().execute()).map((r) => [`${r.kind}:${r.id}`, r]));
    const changes: Change[] = [];
    const record = async (d: { kind: string; id: string; hash: string; body: string }, version: number, change: Exclude<ChangeKind, 'unchanged'>) => {
      await tx
        .insertInto('definition_versions')
        .values({ kind: d.kind, id: d.id, version, content_hash: d.hash, body: d.body, change, applied_at: at, applied_by: actor })
        .execute();
      await appendAudit(tx, { at: now, actor, action: `definition.${change}`, objectKind: d.kind, objectId: d.id, detail: { version, hash: d.hash } });
      changes.push({ kind: d.kind as DefinitionKind, id: d.id, change, version });
    };

    for (const d of defs) {
      const key = `${d.kind}:${d.id}`;
      const row = existing.get(key);
      existing.delete(key);
      const body = canonicalJson(d.body);
      if (!row) {
        await tx.insertInto('definitions').values({ kind: d.kind, id: d.id, version: 1, content_hash: d.hash, body, archived_at: null, created_at: at, updated_at: at }).execute();
        await record({ ...d, body }, 1, 'created');
      } else if (row.content_hash === d.hash && row.archived_at === null) {
        changes.push({ kind: d.kind, id: d.id, change: 'unchanged', version: row.version });
      } else {
        const version = row.version + 1;
        await tx
          .updateTable('definitions')
          .set({ version, content_hash: d.hash, body, archived_at: null, updated_at: at })
          .where('kind', '=', d.kind)
          .where('id', '=', d.id)
          .execute();
        await record({ ...d, body }, version, row.archived_at === null ? 'updated' : 'restored');
      }
    }
    for (const row of existing.values()) {
      if (row.archived_at !== null) continue;
      const version = row.version + 1;
      await tx.updateTable('definitions').set({ version, archived_at: at, updated_at: at }).where('kind', '=', row.kind).where('id', '=', row.id).execute();
      await record({ kind: row.kind, id: row.id, hash: row.content_hash, body: row.body }, version, 'archived');
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
  return (await q.execute()).map(toStoredDefinition);
}

export async function getDefinition(db: Kysely<Database>, kind: DefinitionKind, id: string): Promise<StoredDefinition | undefined> {
  const row = await db.selectFrom('definitions').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  return row ? toStoredDefinition(row) : undefined;
}

export async function definitionHistory(db: Kysely<Database>, kind: DefinitionKind, id: string) {
  return db.selectFrom('definition_versions').selectAll().where('kind', '=', kind).where('id', '=', id).orderBy('version').execute();
}
