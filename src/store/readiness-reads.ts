// Reading stored readiness runs back for the server and the portfolio: runs page by page,
// one run's results and scores, each dataset's and use case's latest score, and the
// readiness input the portfolio scores feasibility with. Writes stay in readiness-repository.ts.
import type { Kysely } from 'kysely';
import { readinessRunPayloadSchema } from '../domain/evidence.js';
import type { Database, ReadinessResultsTable, ReadinessRunsTable, ReadinessScoresTable } from './database.js';
import { listEvidence } from './evidence-repository.js';

export interface StoredReadinessRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  actor: string;
  datasets: string[];
  summary: unknown;
}

export interface StoredCheckResult {
  runId: string;
  datasetId: string;
  name: string;
  type: string;
  severity: string;
  dimension: string;
  status: string;
  observed: unknown;
  elements: number | null;
  unexpected: number | null;
  message: string;
}

export interface StoredScore {
  runId: string;
  subjectKind: 'dataset' | 'use_case';
  subjectId: string;
  score: number | null;
  dimensions: Record<string, number>;
  lost: unknown[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toReadinessRun(row: ReadinessRunsTable): StoredReadinessRun {
  return { id: row.id, startedAt: row.started_at, finishedAt: row.finished_at, actor: row.actor, datasets: JSON.parse(row.datasets) as string[], summary: JSON.parse(row.summary) as unknown };
}

export function toCheckResult(row: ReadinessResultsTable): StoredCheckResult {
  return {
    runId: row.run_id,
    datasetId: row.dataset_id,
    name: row.check_name,
    type: row.check_type,
    severity: row.severity,
    dimension: row.dimension,
    status: row.status,
    observed: JSON.parse(row.observed) as unknown,
    elements: num(row.elements),
    unexpected: num(row.unexpected),
    message: row.message,
  };
}

export function toScore(row: ReadinessScoresTable): StoredScore {
  return {
    runId: row.run_id,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    score: num(row.score),
    dimensions: JSON.parse(row.dimensions) as Record<string, number>,
    lost: JSON.parse(row.lost) as unknown[],
  };
}

/** Newest first. */
export async function listReadinessRuns(db: Kysely<Database>, page: { limit: number; offset: number }): Promise<{ items: StoredReadinessRun[]; total: number }> {
  const rows = await db.selectFrom('readiness_runs').selectAll().orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const total = await db.selectFrom('readiness_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toReadinessRun), total: Number(total.n) };
}

/**
 * A revision of the stored runs: their count and newest finish. A run is written once, whole,
 * in one transaction and never changed or removed, so every run recorded by any process
 * changes the count (server/read-model.ts caches the run list on it).
 */
export async function readinessRunsRevision(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom('readiness_runs').select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('finished_at').as('last')]).executeTakeFirstOrThrow();
  return `${Number(r.n)}:${r.last ?? ''}`;
}

export async function getReadinessRun(db: Kysely<Database>, id: string): Promise<{ run: StoredReadinessRun; results: StoredCheckResult[]; scores: StoredScore[] } | undefined> {
  const row = await db.selectFrom('readiness_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const results = await db.selectFrom('readiness_results').selectAll().where('run_id', '=', id).orderBy('dataset_id').execute();
  const scores = await db.selectFrom('readiness_scores').selectAll().where('run_id', '=', id).orderBy('subject_kind').orderBy('subject_id').execute();
  return { run: toReadinessRun(row), results: results.map(toCheckResult), scores: scores.map(toScore) };
}

/** Each subject's score from the newest run that scored it (runs without a score for it do not count). */
export async function latestScores(db: Kysely<Database>, subjectKind: 'dataset' | 'use_case', subjectId?: string): Promise<Map<string, StoredScore & { finishedAt: string }>> {
  let q = db
    .selectFrom('readiness_scores as s')
    .innerJoin('readiness_runs as r', 'r.id', 's.run_id')
    .selectAll('s')
    .select('r.finished_at')
    .where('s.subject_kind', '=', subjectKind)
    .orderBy('r.finished_at')
    .orderBy('r.id');
  if (subjectId !== undefined) q = q.where('s.subject_id', '=', subjectId);
  const out = new Map<string, StoredScore & { finishedAt: string }>();
  for (const row of await q.execute()) out.set(row.subject_id, { ...toScore(row), finishedAt: row.finished_at }); // ordered by time: newest wins
  return out;
}

/** One dataset's check results in one run. */
export async function checkResults(db: Kysely<Database>, runId: string, datasetId: string): Promise<StoredCheckResult[]> {
  const rows = await db.selectFrom('readiness_results').selectAll().where('run_id', '=', runId).where('dataset_id', '=', datasetId).execute();
  return rows.map(toCheckResult);
}

/** The newest readiness_run score per use case: what the portfolio scores data feasibility with. */
export async function readinessInputs(db: Kysely<Database>): Promise<Map<string, { score: number; source: string }>> {
  const out = new Map<string, { score: number; source: string }>();
  for (const e of await listEvidence(db, { kind: 'readiness_run' })) {
    const payload = readinessRunPayloadSchema.safeParse(e.payload);
    if (payload.success) out.set(e.useCaseId, { score: payload.data.score, source: payload.data.run_id }); // ordered by time: newest wins
  }
  return out;
}
