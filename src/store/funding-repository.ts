// Roadmap scenarios and funding decisions (migration 0014). Rows become domain objects here
// and only here. Scenarios are drafts (insert, update, delete); funding decisions are
// append-only in the database, and this module offers no update or delete of them.
import type { Generated, Kysely, Selectable } from 'kysely';
import type { FundingDecision, RoadmapScenario, ScenarioInput } from '../domain/roadmap-scenario.js';
import { appendAudit } from './audit-repository.js';
import type { Database } from './database.js';
import { newId } from './evidence-repository.js';

export interface RoadmapScenariosTable {
  id: string;
  name: string;
  body: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface FundingDecisionsTable {
  seq: Generated<number>;
  id: string;
  scenario_id: string;
  scenario_name: string;
  at: string;
  actor: string;
  plan: string;
}

// The funding tables join the store's Database type here, so migration 0014 and this
// repository stay in files of their own (as the pulse's do).
declare module './database.js' {
  interface Database {
    roadmap_scenarios: RoadmapScenariosTable;
    funding_decisions: FundingDecisionsTable;
  }
}

function toScenario(row: Selectable<RoadmapScenariosTable>): RoadmapScenario {
  const body = JSON.parse(row.body) as ScenarioInput;
  return { ...body, name: row.name, id: row.id, createdAt: row.created_at, createdBy: row.created_by, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

type PlanDocument = Omit<FundingDecision, 'id' | 'scenarioId' | 'scenarioName' | 'at' | 'actor'>;

function toFundingDecision(row: Selectable<FundingDecisionsTable>): FundingDecision {
  const plan = JSON.parse(row.plan) as PlanDocument;
  return { ...plan, id: row.id, scenarioId: row.scenario_id, scenarioName: row.scenario_name, at: row.at, actor: row.actor };
}

export async function listScenarioRows(db: Kysely<Database>): Promise<RoadmapScenario[]> {
  return (await db.selectFrom('roadmap_scenarios').selectAll().orderBy('created_at').orderBy('id').execute()).map(toScenario);
}

/** By id, or by name (names are unique). */
export async function findScenario(db: Kysely<Database>, idOrName: string): Promise<RoadmapScenario | undefined> {
  const row = await db.selectFrom('roadmap_scenarios').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
  return row ? toScenario(row) : undefined;
}

const bodyOf = (s: ScenarioInput) => JSON.stringify({ ...s, name: undefined });

export async function insertScenario(db: Kysely<Database>, s: ScenarioInput, actor: string, now: Date): Promise<RoadmapScenario> {
  const at = now.toISOString();
  const row = { id: newId('scn'), name: s.name, body: bodyOf(s), created_at: at, created_by: actor, updated_at: at, updated_by: actor };
  await db.insertInto('roadmap_scenarios').values(row).execute();
  await appendAudit(db, { at: now, actor, action: 'scenario.created', objectKind: 'scenario', objectId: row.id, detail: { name: s.name } });
  return toScenario(row);
}

export async function updateScenario(db: Kysely<Database>, id: string, s: ScenarioInput, actor: string, now: Date): Promise<RoadmapScenario | undefined> {
  await db.updateTable('roadmap_scenarios').set({ name: s.name, body: bodyOf(s), updated_at: now.toISOString(), updated_by: actor }).where('id', '=', id).execute();
  await appendAudit(db, { at: now, actor, action: 'scenario.updated', objectKind: 'scenario', objectId: id, detail: { name: s.name } });
  return findScenario(db, id);
}

export async function deleteScenarioRow(db: Kysely<Database>, id: string, name: string, actor: string, now: Date): Promise<void> {
  await db.deleteFrom('roadmap_scenarios').where('id', '=', id).execute();
  await appendAudit(db, { at: now, actor, action: 'scenario.deleted', objectKind: 'scenario', objectId: id, detail: { name } });
}

/** Appends a funding decision and its audit entry; call inside a transaction. */
export async function appendFundingDecision(db: Kysely<Database>, d: Omit<FundingDecision, 'id'>): Promise<FundingDecision> {
  const { scenarioId, scenarioName, at, actor, ...plan } = d;
  const row = { id: newId('fund'), scenario_id: scenarioId, scenario_name: scenarioName, at, actor, plan: JSON.stringify(plan) };
  await db.insertInto('funding_decisions').values(row).execute();
  await appendAudit(db, {
    at: new Date(at),
    actor,
    action: 'funding.committed',
    objectKind: 'scenario',
    objectId: scenarioId,
    detail: { decision: row.id, scenario: scenarioName, funded: d.funded.map((f) => f.useCaseId), value: d.value },
  });
  return toFundingDecision({ ...row, seq: 0 });
}

/** Newest first. */
export async function listFundingDecisions(db: Kysely<Database>, page: { limit: number; offset: number }): Promise<{ items: FundingDecision[]; total: number }> {
  const total = await db.selectFrom('funding_decisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('funding_decisions').selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toFundingDecision), total: Number(total.n) };
}

export async function latestFundingDecision(db: Kysely<Database>): Promise<FundingDecision | undefined> {
  const row = await db.selectFrom('funding_decisions').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? toFundingDecision(row) : undefined;
}
