// One cheap query whose answer changes whenever anything a computed view depends on changes:
// definitions (every change raises one row's version; rows are never deleted), evidence
// (readiness scores among it), gate decisions (both append-only) and proposals (every triage
// decision raises the row's version, and only accepted proposals are ranked). The server validates its caches with it on
// every request, so replicas never serve a stale portfolio and need no invalidation.
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

export async function storeFingerprint(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ n: number | string; v: number | string | null; evidence: number | string; decisions: number | string; proposals: number | string | null }>`
    select
      (select count(*) from definitions) as n,
      (select sum(version) from definitions) as v,
      (select count(*) from evidence) as evidence,
      (select count(*) from gate_decisions) as decisions,
      (select sum(version) + count(*) from proposals) as proposals`.execute(db);
  const row = r.rows[0]!;
  return `${Number(row.n)}:${Number(row.v ?? 0)}|${Number(row.evidence)}|${Number(row.decisions)}|${Number(row.proposals ?? 0)}`;
}
