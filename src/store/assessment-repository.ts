// Assessment rounds, responses with their answers, and the tasks made from gap reports.
// One converter per table; every change writes the audit log. Call the writers inside
// `store.transaction` with whatever else must land with them (an invitation's use).
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Questionnaire, RespondentGroup } from '../assessment/questionnaire-schema.js';
import { appendAudit } from './audit-repository.js';
import type { AssessmentRoundsTable, AssessmentTasksTable, Database } from './database.js';
import { newId } from './evidence-repository.js';

export interface Round {
  id: string;
  title: string;
  questionnaire: Questionnaire;
  questionnaireHash: string;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
}

export interface StoredResponse {
  id: string;
  roundId: string;
  respondentKind: 'user' | 'invitation';
  respondent: string;
  group: RespondentGroup;
  submittedAt: string;
  answers: Map<string, number>;
}

export interface AssessmentTask {
  id: string;
  roundId: string;
  actionId: string;
  pillarId: string;
  kind: 'task' | 'use_case';
  title: string;
  useCaseId: string | null;
  createdAt: string;
  createdBy: string;
  doneAt: string | null;
  doneBy: string | null;
}

export function toRound(row: Selectable<AssessmentRoundsTable>): Round {
  return {
    id: row.id,
    title: row.title,
    questionnaire: JSON.parse(row.questionnaire) as Questionnaire,
    questionnaireHash: row.questionnaire_hash,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
  };
}

export function toTask(row: Selectable<AssessmentTasksTable>): AssessmentTask {
  return {
    id: row.id,
    roundId: row.round_id,
    actionId: row.action_id,
    pillarId: row.pillar_id,
    kind: row.kind as AssessmentTask['kind'],
    title: row.title,
    useCaseId: row.use_case_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    doneAt: row.done_at,
    doneBy: row.done_by,
  };
}

export async function insertRound(tx: Kysely<Database>, r: { title: string; questionnaire: Questionnaire; by: string; now: Date }): Promise<Round> {
  const body = JSON.stringify(r.questionnaire);
  const row = { id: newId('rnd'), title: r.title, questionnaire: body, questionnaire_hash: createHash('sha256').update(body).digest('hex'), opened_at: r.now.toISOString(), opened_by: r.by, closed_at: null, closed_by: null };
  await tx.insertInto('assessment_rounds').values(row).execute();
  await appendAudit(tx, { at: r.now, actor: r.by, action: 'assessment.open', objectKind: 'assessment', objectId: row.id, detail: { title: r.title, questionnaire: r.questionnaire.id, version: r.questionnaire.version } });
  return toRound(row);
}

export async function getRound(db: Kysely<Database>, id: string): Promise<Round | undefined> {
  const row = await db.selectFrom('assessment_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRound(row) : undefined;
}

/** Every round, oldest first. */
export async function listRounds(db: Kysely<Database>): Promise<Round[]> {
  return (await db.selectFrom('assessment_rounds').selectAll().orderBy('opened_at').orderBy('id').execute()).map(toRound);
}

/** Closes an open round; false when it was closed already (by someone else, concurrently). */
export async function markRoundClosed(tx: Kysely<Database>, id: string, by: string, now: Date): Promise<boolean> {
  const r = await tx.updateTable('assessment_rounds').set({ closed_at: now.toISOString(), closed_by: by }).where('id', '=', id).where('closed_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await appendAudit(tx, { at: now, actor: by, action: 'assessment.close', objectKind: 'assessment', objectId: id, detail: {} });
  return true;
}

export interface NewResponse {
  roundId: string;
  respondentKind: 'user' | 'invitation';
  respondent: string;
  group: RespondentGroup;
  answers: { item: string; level: number }[];
  now: Date;
}

/** Stores a response and its answers; the unique keys refuse a second response of the respondent and a second answer to an item. */
export async function insertResponse(tx: Kysely<Database>, r: NewResponse): Promise<StoredResponse> {
  const row = { id: newId('rsp'), round_id: r.roundId, respondent_kind: r.respondentKind, respondent: r.respondent, group_name: r.group, submitted_at: r.now.toISOString() };
  await tx.insertInto('assessment_responses').values(row).execute();
  if (r.answers.length > 0) await tx.insertInto('assessment_answers').values(r.answers.map((a) => ({ response_id: row.id, item_id: a.item, level: a.level }))).execute();
  // An invitation's respondent is named by the invitation id only: the audit log says a link was used, not by whom.
  await appendAudit(tx, { at: r.now, actor: r.respondentKind === 'user' ? r.respondent : `invitation ${r.respondent}`, action: 'assessment.respond', objectKind: 'assessment', objectId: r.roundId, detail: { response: row.id, group: r.group, answers: r.answers.length } });
  return { id: row.id, roundId: r.roundId, respondentKind: r.respondentKind, respondent: r.respondent, group: r.group, submittedAt: row.submitted_at, answers: new Map(r.answers.map((a) => [a.item, a.level])) };
}

export async function hasResponded(db: Kysely<Database>, roundId: string, kind: 'user' | 'invitation', respondent: string): Promise<boolean> {
  const row = await db.selectFrom('assessment_responses').select('id').where('round_id', '=', roundId).where('respondent_kind', '=', kind).where('respondent', '=', respondent).executeTakeFirst();
  return row !== undefined;
}

/** A round's responses with their answers, in the order received. */
export async function listResponses(db: Kysely<Database>, roundId: string): Promise<StoredResponse[]> {
  const rows = await db.selectFrom('assessment_responses').selectAll().where('round_id', '=', roundId).orderBy('submitted_at').orderBy('id').execute();
  const answers = await db
    .selectFrom('assessment_answers')
    .innerJoin('assessment_responses', 'assessment_responses.id', 'assessment_answers.response_id')
    .select(['assessment_answers.response_id', 'assessment_answers.item_id', 'assessment_answers.level'])
    .where('assessment_responses.round_id', '=', roundId)
    .execute();
  const byResponse = new Map<string, Map<string, number>>(rows.map((r) => [r.id, new Map()]));
  for (const a of answers) byResponse.get(a.response_id)?.set(a.item_id, Number(a.level));
  return rows.map((r) => ({
    id: r.id,
    roundId: r.round_id,
    respondentKind: r.respondent_kind as StoredResponse['respondentKind'],
    respondent: r.respondent,
    group: r.group_name as RespondentGroup,
    submittedAt: r.submitted_at,
    answers: byResponse.get(r.id)!,
  }));
}

/** Respondents per round and group, for every round at once. */
export async function respondentCounts(db: Kysely<Database>): Promise<Map<string, { leadership: number; staff: number }>> {
  const rows = await db.selectFrom('assessment_responses').select(['round_id', 'group_name']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy(['round_id', 'group_name']).execute();
  const counts = new Map<string, { leadership: number; staff: number }>();
  for (const r of rows) {
    const c = counts.get(r.round_id) ?? { leadership: 0, staff: 0 };
    c[r.group_name as RespondentGroup] = Number(r.n);
    counts.set(r.round_id, c);
  }
  return counts;
}

export async function insertTask(tx: Kysely<Database>, t: Omit<AssessmentTask, 'id' | 'createdAt' | 'doneAt' | 'doneBy'> & { now: Date }): Promise<AssessmentTask> {
  const row = { id: newId('task'), round_id: t.roundId, action_id: t.actionId, pillar_id: t.pillarId, kind: t.kind, title: t.title, use_case_id: t.useCaseId, created_at: t.now.toISOString(), created_by: t.createdBy, done_at: null, done_by: null };
  await tx.insertInto('assessment_tasks').values(row).execute();
  await appendAudit(tx, { at: t.now, actor: t.createdBy, action: t.kind === 'task' ? 'assessment.task' : 'assessment.use_case', objectKind: 'assessment', objectId: t.roundId, detail: { task: row.id, action: t.actionId, ...(t.useCaseId ? { use_case: t.useCaseId } : {}) } });
  return toTask(row);
}

export async function getTask(db: Kysely<Database>, id: string): Promise<AssessmentTask | undefined> {
  const row = await db.selectFrom('assessment_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTask(row) : undefined;
}

/** Newest first. */
export async function listTasks(db: Kysely<Database>, filter: { roundId?: string; status?: 'open' | 'done' } = {}): Promise<AssessmentTask[]> {
  let q = db.selectFrom('assessment_tasks').selectAll();
  if (filter.roundId !== undefined) q = q.where('round_id', '=', filter.roundId);
  if (filter.status === 'open') q = q.where('done_at', 'is', null);
  if (filter.status === 'done') q = q.where('done_at', 'is not', null);
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toTask);
}

/** Marks an open task done; false when it was done already. */
export async function markTaskDone(tx: Kysely<Database>, id: string, by: string, now: Date): Promise<boolean> {
  const r = await tx.updateTable('assessment_tasks').set({ done_at: now.toISOString(), done_by: by }).where('id', '=', id).where('done_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  const task = await getTask(tx, id);
  await appendAudit(tx, { at: now, actor: by, action: 'assessment.task_done', objectKind: 'assessment', objectId: task!.roundId, detail: { task: id } });
  return true;
}
