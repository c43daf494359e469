// The audit log a page at a time, newest first, for the API and the dashboard (by offset, or by a
// keyset cursor on seq for deep pages).
import { sql, type Kysely } from 'kysely';
import { toAuditEntry, type AuditEntry } from './audit-repository.js';
import type { Database } from './database.js';

export interface AuditFilter {
  objectKind?: string;
  objectId?: string;
  actor?: string;
  /** An action (`api_token.revoked`) or every action of a kind (`api_token`). */
  action?: string;
  /** ISO-8601 instants; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

/**
 * A page of matching entries, newest first, and how many match in all. `before` is a keyset
 * cursor: only entries with a lower seq (the last seq of the page before), found through the
 * primary key however deep the page, where an offset makes the database step over every
 * entry it skips; `offset` then counts from the cursor.
 */
export async function auditPage(db: Kysely<Database>, filter: AuditFilter, page: { limit: number; offset: number; before?: number }): Promise<{ items: AuditEntry[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (filter.objectKind) q = q.where('object_kind', '=', filter.objectKind);
  if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.action) {
    const action = filter.action;
    // substr rather than LIKE: `_` in action names is a LIKE wildcard, and both databases have substr.
    q = q.where((eb) => eb.or([eb('action', '=', action), eb(sql<string>`substr(action, 1, ${action.length + 1})`, '=', `${action}.`)]));
  }
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await (page.before === undefined ? q : q.where('seq', '<', page.before)).selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toAuditEntry), total: Number(total.n) };
}

/**
 * A revision of the audit log: its row count and highest seq. The log is append-only (the
 * database refuses updates and deletes), so every entry committed, by any process, raises the
 * count; the count, not the highest seq alone, because on PostgreSQL a transaction holding a
 * lower seq can commit after one holding a higher. The count is what an unfiltered page's
 * `total` needs anyway: one count over the smallest index, linear in the log's length.
 */
export async function auditRevision(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom('audit_log').select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('seq').as('seq')]).executeTakeFirstOrThrow();
  return `${Number(r.n)}:${Number(r.seq ?? 0)}`;
}
