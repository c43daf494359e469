// Readiness runs in the store: a run with all its results, metrics, scores and the
// `readiness_run` evidence of each affected use case is written in ONE transaction, so a
// failure part-way leaves nothing behind. History reads come back as plain points.
import type { Kysely } from 'kysely';
import { appendAudit } from './audit-repository.js';
import type { Database, ReadinessResultsTable, ReadinessScoresTable } from './database.js';
import { recordEvidence } from './evidence-repository.js';
import type { Store } from './store.js';

export interface StoredOutcome {
  name: string;
  type: string;
  severity: string;
  dimension: string;
  status: string;
  observed: unknown;
  elements?: number;
  unexpected?: number;
  message: string;
}

export interface ReadinessRunRecord {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  actor: string;
  datasets: { datasetId: string; rowCount: number | null; error?: string; outcomes: StoredOutcome[]; metrics: { metric: string; value: number }[] }[];
  scores: { subjectKind: 'dataset' | 'use_case'; subjectId: string; score: number | null; dimensions: unknown; lost: unknown }[];
  evidence: { useCaseId: string; payload: unknown }[];
  summary: unknown;
}

async function insertChunked<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
  // Stay far below SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 200) await db.insertInto(table).values(rows.slice(i, i + 200) as never).execute();
}

/** `within` runs in the same transaction, after the run is written (the caller's notification events). */
export async function recordReadinessRun(store: Store, run: ReadinessRunRecord, within?: (tx: Kysely<Database>) => Promise<void>): Promise<void> {
  const at = run.finishedAt.toISOString();
  await store.transaction(async (tx) => {
    await tx
      .insertInto('readiness_runs')
      .values({ id: run.id, started_at: run.startedAt.toISOString(), finished_at: at, actor: run.actor, datasets: JSON.stringify(run.datasets.map((d) => d.datasetId)), summary: JSON.stringify(run.summary) })
      .execute();
    const results: ReadinessResultsTable[] = run.datasets.flatMap((d) =>
      d.outcomes.map((o) => ({
        run_id: run.id,
        dataset_id: d.datasetId,
        check_name: o.name,
        check_type: o.type,
        severity: o.severity,
        dimension: o.dimension,
        status: o.status,
        observed: JSON.stringify(o.observed ?? null),
        elements: o.elements ?? null,
        unexpected: o.unexpected ?? null,
        message: o.message,
      })),
    );
    await insertChunked(tx, 'readiness_results', results);
    const metrics = run.datasets.flatMap((d) => d.metrics.map((m) => ({ run_id: run.id, dataset_id: d.datasetId, metric: m.metric, value: m.value, measured_at: at })));
    await insertChunked(tx, 'readiness_metrics', metrics);
    const scores: ReadinessScoresTable[] = run.scores.map((s) => ({ run_id: run.id, subject_kind: s.subjectKind, subject_id: s.subjectId, score: s.score, dimensions: JSON.stringify(s.dimensions), lost: JSON.stringify(s.lost) }));
    await insertChunked(tx, 'readiness_scores', scores);
    for (const e of run.evidence) await recordEvidence(tx, { useCaseId: e.useCaseId, kind: 'readiness_run', at: run.finishedAt, by: run.actor, source: `traction data check (${run.id})`, payload: e.payload });
    await appendAudit(tx, { at: run.finishedAt, actor: run.actor, action: 'readiness.run', objectKind: 'readiness_run', objectId: run.id, detail: run.summary });
    await within?.(tx);
  });
}

export interface MetricPointRow {
  runId: string;
  at: string;
  value: number;
}

export async function metricHistory(db: Kysely<Database>, datasetId: string, metric: string): Promise<MetricPointRow[]> {
  const rows = await db.selectFrom('readiness_metrics').select(['run_id', 'measured_at', 'value']).where('dataset_id', '=', datasetId).where('metric', '=', metric).orderBy('measured_at').orderBy('run_id').execute();
  return rows.map((r) => ({ runId: r.run_id, at: r.measured_at, value: Number(r.value) }));
}

export async function metricNames(db: Kysely<Database>, datasetId: string): Promise<string[]> {
  const rows = await db.selectFrom('readiness_metrics').select('metric').distinct().where('dataset_id', '=', datasetId).orderBy('metric').execute();
  return rows.map((r) => r.metric);
}

/** The row count each dataset had in its latest stored run, for `row_count.max_change`. */
export async function latestRowCounts(db: Kysely<Database>, datasetIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of datasetIds) {
    const row = await db.selectFrom('readiness_metrics').select('value').where('dataset_id', '=', id).where('metric', '=', 'row_count').orderBy('measured_at', 'desc').orderBy('run_id', 'desc').limit(1).executeTakeFirst();
    if (row) out.set(id, Number(row.value));
  }
  return out;
}

export async function countReadinessRuns(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('readiness_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
