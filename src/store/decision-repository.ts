// The decision log: every stage transition with who, when, from, to, the gate evaluation it
// rested on and, for an override, the reason. Append-only: this module offers no update or
// delete, and the database refuses them (migration 0004).
import type { Kysely, Selectable } from 'kysely';
import type { GateDecision, GateEvaluation } from '../domain/decision.js';
import { appendAudit } from './audit-repository.js';
import type { Database, GateDecisionsTable } from './database.js';
import { newId } from './evidence-repository.js';

export function toGateDecision(row: Selectable<GateDecisionsTable>): GateDecision {
  return {
    id: row.id,
    number: Number(row.number),
    useCaseId: row.use_case_id,
    at: row.at,
    actor: row.actor,
    from: row.from_stage,
    to: row.to_stage,
    forced: Number(row.forced) === 1,
    reason: row.reason,
    evaluation: JSON.parse(row.evaluation) as GateEvaluation,
  };
}

export interface NewDecision {
  useCaseId: string;
  at: Date;
  actor: string;
  from: string;
  to: string;
  forced: boolean;
  reason: string | null;
  evaluation: GateEvaluation;
}

/** Appends a decision and its audit entry; call inside a transaction with the reads it rests on. */
export async function appendDecision(db: Kysely<Database>, d: NewDecision): Promise<GateDecision> {
  const last = await db
    .selectFrom('gate_decisions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('use_case_id', '=', d.useCaseId)
    .executeTakeFirst();
  const row = {
    id: newId('dec'),
    use_case_id: d.useCaseId,
    number: Number(last?.n ?? 0) + 1,
    at: d.at.toISOString(),
    actor: d.actor,
    from_stage: d.from,
    to_stage: d.to,
    forced: d.forced ? 1 : 0,
    reason: d.reason,
    evaluation: JSON.stringify(d.evaluation),
  };
  await db.insertInto('gate_decisions').values(row).execute();
  await appendAudit(db, {
    at: d.at,
    actor: d.actor,
    action: d.forced ? 'gate.override' : 'gate.advance',
    objectKind: 'use_case',
    objectId: d.useCaseId,
    detail: { decision: row.id, from: d.from, to: d.to, ...(d.reason !== null ? { reason: d.reason } : {}) },
  });
  return toGateDecision({ ...row, seq: 0 });
}

/** The log in the order it was written, for one use case or all. */
export async function listDecisions(db: Kysely<Database>, filter: { useCaseId?: string } = {}): Promise<GateDecision[]> {
  let q = db.selectFrom('gate_decisions').selectAll().orderBy('seq');
  if (filter.useCaseId) q = q.where('use_case_id', '=', filter.useCaseId);
  return (await q.execute()).map(toGateDecision);
}

/**
 * Each use case's stage per the log: the `to` of its latest decision (use cases without one
 * are absent; their declared stage stands). One query, for lists and the portfolio.
 */
export async function latestStages(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('gate_decisions as d')
    .select(['d.use_case_id', 'd.to_stage'])
    .where('d.seq', 'in', (eb) => eb.selectFrom('gate_decisions').select((x) => x.fn.max('seq').as('seq')).groupBy('use_case_id'))
    .execute();
  return new Map(rows.map((r) => [r.use_case_id, r.to_stage]));
}
