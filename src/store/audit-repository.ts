// The append-only audit log: who did what to which object, when. The database refuses
// UPDATE and DELETE on this table (see migration-helpers.ts), and this module offers neither.
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from './database.js';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  objectKind: string;
  objectId: string;
  detail: unknown;
}

export function toAuditEntry(row: Omit<AuditLogTable, 'seq'> & { seq: number }): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    objectKind: row.object_kind,
    objectId: row.object_id,
    detail: JSON.parse(row.detail) as unknown,
  };
}

export async function appendAudit(
  db: Kysely<Database>,
  e: { at: Date; actor: string; action: string; objectKind: string; objectId: string; detail: unknown },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: e.at.toISOString(), actor: e.actor, action: e.action, object_kind: e.objectKind, object_id: e.objectId, detail: JSON.stringify(e.detail ?? {}) })
    .execute();
}

export async function listAudit(
  db: Kysely<Database>,
  filter: { objectKind?: string; objectId?: string; limit?: number; afterSeq?: number } = {},
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (filter.objectKind) q = q.where('object_kind', '=', filter.objectKind);
  if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
  if (filter.afterSeq !== undefined) q = q.where('seq', '>', filter.afterSeq);
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return (await q.execute()).map(toAuditEntry);
}
