// Answers to the production-readiness rubric (ML Test Score), one row per answer.
// Append-only: a new answer to an item supersedes the earlier one, which stays on record.
import type { Kysely, Selectable } from 'kysely';
import type { RubricAnswer, RubricItemScore } from '../domain/decision.js';
import { appendAudit } from './audit-repository.js';
import type { Database, RubricAnswersTable } from './database.js';
import { newId } from './evidence-repository.js';

export function toRubricAnswer(row: Selectable<RubricAnswersTable>): RubricAnswer {
  return {
    id: row.id,
    useCaseId: row.use_case_id,
    itemId: row.item_id,
    score: Number(row.score) as RubricItemScore,
    note: row.note,
    link: row.link,
    at: row.at,
    recordedBy: row.recorded_by,
  };
}

export interface NewRubricAnswer {
  useCaseId: string;
  itemId: string;
  score: RubricItemScore;
  note: string | null;
  link: string | null;
  at: Date;
  by: string;
}

export async function appendRubricAnswer(db: Kysely<Database>, a: NewRubricAnswer): Promise<RubricAnswer> {
  const row = {
    id: newId('rb'),
    use_case_id: a.useCaseId,
    item_id: a.itemId,
    score: a.score,
    note: a.note,
    link: a.link,
    at: a.at.toISOString(),
    recorded_by: a.by,
  };
  await db.insertInto('rubric_answers').values(row).execute();
  await appendAudit(db, { at: a.at, actor: a.by, action: 'rubric.answer', objectKind: 'use_case', objectId: a.useCaseId, detail: { answer: row.id, item: a.itemId, score: a.score } });
  return toRubricAnswer({ ...row, seq: 0 });
}

/** Answers in the order recorded (the latest per item is the current one). */
export async function listRubricAnswers(db: Kysely<Database>, useCaseId: string): Promise<RubricAnswer[]> {
  const rows = await db.selectFrom('rubric_answers').selectAll().where('use_case_id', '=', useCaseId).orderBy('seq').execute();
  return rows.map(toRubricAnswer);
}
