// Evidence: recorded facts gates decide on. Append-only like the audit log; the newest
// record of a kind is the current one.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Evidence, EvidenceKind } from '../domain/evidence.js';
import { appendAudit } from './audit-repository.js';
import type { Database, EvidenceTable } from './database.js';

let lastMs = 0;
let sequence = 0;

/**
 * A readable, time-ordered id: prefix, milliseconds, a per-process sequence, random bits.
 * Rows recorded in the same millisecond (two sign-offs in one command) still sort in the
 * order they were made, so "the newest" is always defined when ordering by time, then id.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  const random = randomUUID().replace(/-/g, '').slice(0, 8);
  return `${prefix}_${now.toString(16).padStart(12, '0')}${sequence.toString(16).padStart(4, '0')}${random}`;
}

export function toEvidence(row: EvidenceTable): Evidence {
  return {
    id: row.id,
    useCaseId: row.use_case_id,
    kind: row.kind as EvidenceKind,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    source: row.source,
    payload: JSON.parse(row.payload) as unknown,
  };
}

/** Records evidence and its audit entry; call inside a transaction when part of a larger write. */
export async function recordEvidence(
  db: Kysely<Database>,
  e: { useCaseId: string; kind: EvidenceKind; at: Date; by: string; source: string; payload: unknown },
): Promise<Evidence> {
  const row: EvidenceTable = {
    id: newId('ev'),
    use_case_id: e.useCaseId,
    kind: e.kind,
    recorded_at: e.at.toISOString(),
    recorded_by: e.by,
    source: e.source,
    payload: JSON.stringify(e.payload),
  };
  await db.insertInto('evidence').values(row).execute();
  await appendAudit(db, { at: e.at, actor: e.by, action: `evidence.${e.kind}`, objectKind: 'use_case', objectId: e.useCaseId, detail: { evidence: row.id, source: e.source } });
  return toEvidence(row);
}

export async function listEvidence(db: Kysely<Database>, filter: { useCaseId?: string; kind?: EvidenceKind } = {}): Promise<Evidence[]> {
  let q = db.selectFrom('evidence').selectAll().orderBy('recorded_at').orderBy('id');
  if (filter.useCaseId) q = q.where('use_case_id', '=', filter.useCaseId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return (await q.execute()).map(toEvidence);
}
