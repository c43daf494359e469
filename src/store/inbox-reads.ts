// The reads behind a person's inbox that no other repository answers in one query: the date
// of each KPI's latest value, and everyone's sign-offs (newest last).
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** `useCaseId\u0000kpiId` -> the day (YYYY-MM-DD) of its latest value. */
export async function latestKpiDays(db: Kysely<Database>, useCaseIds: string[]): Promise<Map<string, string>> {
  if (useCaseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('kpi_measurements')
    .select(['use_case_id', 'kpi_id'])
    .select((eb) => eb.fn.max('at').as('latest'))
    .where('use_case_id', 'in', useCaseIds)
    .groupBy(['use_case_id', 'kpi_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.use_case_id}\u0000${r.kpi_id}`, String(r.latest)]));
}

/** A person's sign-offs, oldest first: which gates they have already decided. */
export async function signoffsBy(db: Kysely<Database>, person: string): Promise<{ useCaseId: string; role: string; toStage: string; at: string }[]> {
  const rows = await db.selectFrom('signoffs').select(['use_case_id', 'role', 'to_stage', 'at']).where('person', '=', person).orderBy('seq').execute();
  return rows.map((r) => ({ useCaseId: r.use_case_id, role: r.role, toStage: r.to_stage, at: r.at }));
}

/** When each use case last moved (its latest gate decision). */
export async function latestDecisionTimes(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('gate_decisions').select('use_case_id').select((eb) => eb.fn.max('at').as('at')).groupBy('use_case_id').execute();
  return new Map(rows.map((r) => [r.use_case_id, String(r.at)]));
}
