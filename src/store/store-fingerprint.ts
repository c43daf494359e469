// The store's fingerprint: a value that changes whenever anything a computed view depends on
// changes (definitions, evidence with readiness scores among it, gate decisions, proposals).
// It is the `content` counter of the store_revision row and the time it was last raised
// (migration 0021): the database raises it in the transaction of every such write, whoever
// writes, so reading it costs one row whatever the store holds. The server validates its caches
// with it on every request, so replicas never serve a stale portfolio and need no invalidation.
// The same row's `access` counter moves with users, sessions and API tokens: a replica keeps a
// principal while it is unchanged (src/server/request-lookups.ts).
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** The revision row's columns, prefixed `r_`: to select from `store_revision` or join it (request-lookups.ts). */
export const REVISION_COLUMNS = 'store_revision.content as r_content, store_revision.content_at as r_content_at, store_revision.access as r_access, store_revision.access_at as r_access_at';

type RevisionRow = Record<string, string | number | null | undefined>;

/** The fingerprint of a row holding REVISION_COLUMNS. */
export const formatFingerprint = (r: RevisionRow): string => `${r.r_content}@${r.r_content_at}`;
/** The access revision of a row holding REVISION_COLUMNS: unchanged while no user, session or token is. */
export const formatAccessRevision = (r: RevisionRow): string => `${r.r_access}@${r.r_access_at}`;

export async function storeFingerprint(db: Kysely<Database>): Promise<string> {
  const r = await sql<RevisionRow>`select ${sql.raw(REVISION_COLUMNS)} from store_revision`.execute(db);
  return formatFingerprint(r.rows[0]!);
}
