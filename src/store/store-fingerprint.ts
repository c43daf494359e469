// One cheap query whose answer changes whenever anything a computed view depends on changes:
// definitions (every change raises one row's version; rows are never deleted), evidence
// (readiness scores among it), gate decisions (both append-only) and proposals (every triage
// decision raises the row's version, and only accepted proposals are ranked). The server validates its caches with it on
// every request, so replicas never serve a stale portfolio and need no invalidation.
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * The fingerprint's numbers as one row, columns f_n and f_v (definitions: count and sum of
 * versions, in one scan), f_evidence, f_decisions and f_proposals: a relation to select from, or
 * to join (src/server/request-lookups.ts reads it with the caller's credential).
 */
export const FINGERPRINT_RELATION =
  '(select count(*) as f_n, sum(version) as f_v from definitions) fd' +
  ' cross join (select count(*) as f_evidence from evidence) fe' +
  ' cross join (select count(*) as f_decisions from gate_decisions) fg' +
  ' cross join (select sum(version) + count(*) as f_proposals from proposals) fp';

export const FINGERPRINT_COLUMNS = 'f_n, f_v, f_evidence, f_decisions, f_proposals';

type FingerprintRow = Record<string, string | number | null | undefined>;
const num = (v: string | number | null | undefined) => Number(v ?? 0);

/** The fingerprint of a row holding FINGERPRINT_COLUMNS. */
export const formatFingerprint = (r: FingerprintRow): string => `${num(r.f_n)}:${num(r.f_v)}|${num(r.f_evidence)}|${num(r.f_decisions)}|${num(r.f_proposals)}`;

export async function storeFingerprint(db: Kysely<Database>): Promise<string> {
  const r = await sql<FingerprintRow>`select ${sql.raw(FINGERPRINT_COLUMNS)} from ${sql.raw(FINGERPRINT_RELATION)}`.execute(db);
  return formatFingerprint(r.rows[0]!);
}
