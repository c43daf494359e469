// The pulse's tables (migration 0011): surveys, the department of each pulse link, and the
// answers. Rows become domain objects here and only here. The answers table is append-only in
// the database; this module offers no update or delete of it.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PulseAnswer, PulseResponse, PulseSurvey } from '../domain/pulse.js';
import { appendAudit } from './audit-repository.js';
import type { Database } from './database.js';
import { newId } from './evidence-repository.js';

export interface PulseSurveysTable {
  id: string;
  use_case_id: string;
  period: string;
  opened_at: string;
  opened_by: string;
  closes_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface PulseLinksTable {
  invitation_id: string;
  survey_id: string;
  department: string | null;
}

export interface PulseResponsesTable {
  id: string;
  survey_id: string;
  department: string | null;
  quality: number;
  effort: number;
  speed: number;
  productivity: number;
}

// The pulse's tables join the store's Database type here rather than in database.ts, so the
// pulse's migration and repository stay in files of their own.
declare module './database.js' {
  interface Database {
    pulse_surveys: PulseSurveysTable;
    pulse_links: PulseLinksTable;
    pulse_responses: PulseResponsesTable;
  }
}

export function toPulseSurvey(row: Selectable<PulseSurveysTable>): PulseSurvey {
  return { id: row.id, useCaseId: row.use_case_id, period: row.period, closesAt: row.closes_at, openedAt: row.opened_at, openedBy: row.opened_by, closedAt: row.closed_at };
}

export async function insertPulseSurvey(db: Kysely<Database>, s: { useCaseId: string; period: string; closesAt: string; at: Date; by: string }): Promise<PulseSurvey> {
  const row: PulseSurveysTable = { id: newId('pls'), use_case_id: s.useCaseId, period: s.period, opened_at: s.at.toISOString(), opened_by: s.by, closes_at: s.closesAt, closed_at: null, closed_by: null };
  await db.insertInto('pulse_surveys').values(row).execute();
  await appendAudit(db, { at: s.at, actor: s.by, action: 'pulse.open', objectKind: 'use_case', objectId: s.useCaseId, detail: { survey: row.id, period: s.period } });
  return toPulseSurvey(row);
}

export async function getPulseSurvey(db: Kysely<Database>, id: string): Promise<PulseSurvey | undefined> {
  const row = await db.selectFrom('pulse_surveys').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPulseSurvey(row);
}

export async function findPulseSurvey(db: Kysely<Database>, useCaseId: string, period: string): Promise<PulseSurvey | undefined> {
  const row = await db.selectFrom('pulse_surveys').selectAll().where('use_case_id', '=', useCaseId).where('period', '=', period).executeTakeFirst();
  return row && toPulseSurvey(row);
}

/** Surveys, newest period first. */
export async function listPulseSurveys(db: Kysely<Database>, filter: { useCaseId?: string } = {}): Promise<PulseSurvey[]> {
  let q = db.selectFrom('pulse_surveys').selectAll();
  if (filter.useCaseId) q = q.where('use_case_id', '=', filter.useCaseId);
  const rows = await q.orderBy('period', 'desc').orderBy('use_case_id').execute();
  return rows.map(toPulseSurvey);
}

/** Closes an open survey; false when it was closed already. */
export async function closePulseSurvey(db: Kysely<Database>, id: string, at: Date, by: string): Promise<boolean> {
  const r = await db.updateTable('pulse_surveys').set({ closed_at: at.toISOString(), closed_by: by }).where('id', '=', id).where('closed_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await appendAudit(db, { at, actor: by, action: 'pulse.close', objectKind: 'pulse_survey', objectId: id, detail: {} });
  return true;
}

export async function insertPulseLinks(db: Kysely<Database>, surveyId: string, invitationIds: readonly string[], department: string | null): Promise<void> {
  if (invitationIds.length === 0) return;
  await db.insertInto('pulse_links').values(invitationIds.map((invitation_id) => ({ invitation_id, survey_id: surveyId, department }))).execute();
}

export async function pulseLinkOf(db: Kysely<Database>, invitationId: string): Promise<{ surveyId: string; department: string | null } | undefined> {
  const row = await db.selectFrom('pulse_links').selectAll().where('invitation_id', '=', invitationId).executeTakeFirst();
  return row && { surveyId: row.survey_id, department: row.department };
}

/** Records one answer. The audit entry names the survey only, never the answer or the link. */
export async function insertPulseResponse(db: Kysely<Database>, r: { surveyId: string; department: string | null; answer: PulseAnswer; at: Date }): Promise<void> {
  await db
    .insertInto('pulse_responses')
    .values({ id: `plr_${randomUUID().replace(/-/g, '')}`, survey_id: r.surveyId, department: r.department, ...r.answer })
    .execute();
  await appendAudit(db, { at: r.at, actor: 'pulse link', action: 'pulse.answer', objectKind: 'pulse_survey', objectId: r.surveyId, detail: {} });
}

export async function listPulseResponses(db: Kysely<Database>, surveyId: string): Promise<PulseResponse[]> {
  const rows = await db.selectFrom('pulse_responses').selectAll().where('survey_id', '=', surveyId).execute();
  return rows.map((x) => ({ department: x.department, answer: { quality: Number(x.quality), effort: Number(x.effort), speed: Number(x.speed), productivity: Number(x.productivity) } }));
}

/** How many links were made for a survey and how many were used (the response rate's two halves). */
export async function countPulseLinks(db: Kysely<Database>, surveyId: string): Promise<number> {
  const row = await db.selectFrom('pulse_links').select((eb) => eb.fn.countAll<string | number>().as('n')).where('survey_id', '=', surveyId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** listPulseResponses for many surveys in one query per 500, by survey id. */
export async function listPulseResponsesOf(db: Kysely<Database>, surveyIds: readonly string[]): Promise<Map<string, PulseResponse[]>> {
  const out = new Map<string, PulseResponse[]>(surveyIds.map((id) => [id, []]));
  for (let i = 0; i < surveyIds.length; i += 500) {
    const rows = await db.selectFrom('pulse_responses').selectAll().where('survey_id', 'in', surveyIds.slice(i, i + 500)).orderBy('survey_id').orderBy('id').execute();
    for (const x of rows) out.get(x.survey_id)!.push({ department: x.department, answer: { quality: Number(x.quality), effort: Number(x.effort), speed: Number(x.speed), productivity: Number(x.productivity) } });
  }
  return out;
}

/** countPulseLinks for many surveys in one query per 500, by survey id. */
export async function countPulseLinksOf(db: Kysely<Database>, surveyIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(surveyIds.map((id) => [id, 0]));
  for (let i = 0; i < surveyIds.length; i += 500) {
    const rows = await db
      .selectFrom('pulse_links')
      .select(['survey_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('survey_id', 'in', surveyIds.slice(i, i + 500))
      .groupBy('survey_id')
      .execute();
    for (const r of rows) out.set(r.survey_id, Number(r.n));
  }
  return out;
}

/**
 * A revision of everything the pulse results are made of: the surveys (a close sets closed_at
 * once), the links and the answers (none is ever changed or removed; answers are append-only
 * in the database), and the version of traction.yaml (its minimum group size). Any of these
 * written by any process changes it (server/read-model.ts caches /api/pulse on it).
 */
export async function pulseRevision(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ surveys: number | string; closed: number | string; links: number | string; answers: number | string; config: number | string | null }>`
    select
      (select count(*) from pulse_surveys) as surveys,
      (select count(closed_at) from pulse_surveys) as closed,
      (select count(*) from pulse_links) as links,
      (select count(*) from pulse_responses) as answers,
      (select version from definitions where kind = 'config' and id = 'config') as config`.execute(db);
  const row = r.rows[0]!;
  return [row.surveys, row.closed, row.links, row.answers, row.config ?? 0].map(Number).join(':');
}
