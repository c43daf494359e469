// Sign-offs by role. Each is also recorded as `signoff` evidence (the gate evaluator reads
// evidence); the row here keeps the note and links to that evidence. Append-only: a changed
// mind is a new sign-off, the newest per role counts.
import type { Kysely, Selectable } from 'kysely';
import type { Signoff, SignoffDecision } from '../domain/decision.js';
import type { SignoffRole } from '../domain/stages.js';
import type { Database, SignoffsTable } from './database.js';
import { newId, recordEvidence } from './evidence-repository.js';

export function toSignoff(row: Selectable<SignoffsTable>): Signoff {
  return {
    id: row.id,
    useCaseId: row.use_case_id,
    role: row.role as SignoffRole,
    person: row.person,
    decision: row.decision as SignoffDecision,
    fromStage: row.from_stage,
    toStage: row.to_stage,
    note: row.note,
    at: row.at,
    recordedBy: row.recorded_by,
    evidenceId: row.evidence_id,
  };
}

export interface NewSignoff {
  useCaseId: string;
  role: SignoffRole;
  person: string;
  decision: SignoffDecision;
  fromStage: string;
  toStage: string;
  note: string | null;
  at: Date;
  by: string;
}

/** Records the sign-off and its evidence (and audit entry); call inside a transaction. */
export async function recordSignoff(db: Kysely<Database>, s: NewSignoff): Promise<Signoff> {
  const evidence = await recordEvidence(db, {
    useCaseId: s.useCaseId,
    kind: 'signoff',
    at: s.at,
    by: s.by,
    source: `traction signoff --role ${s.role}`,
    payload: { role: s.role, person: s.person, decision: s.decision, to_stage: s.toStage, from_stage: s.fromStage, ...(s.note !== null ? { note: s.note } : {}) },
  });
  const row = {
    id: newId('so'),
    use_case_id: s.useCaseId,
    role: s.role,
    person: s.person,
    decision: s.decision,
    from_stage: s.fromStage,
    to_stage: s.toStage,
    note: s.note,
    at: s.at.toISOString(),
    recorded_by: s.by,
    evidence_id: evidence.id,
  };
  await db.insertInto('signoffs').values(row).execute();
  return toSignoff({ ...row, seq: 0 });
}

export async function listSignoffs(db: Kysely<Database>, filter: { useCaseId?: string } = {}): Promise<Signoff[]> {
  let q = db.selectFrom('signoffs').selectAll().orderBy('seq');
  if (filter.useCaseId) q = q.where('use_case_id', '=', filter.useCaseId);
  return (await q.execute()).map(toSignoff);
}
