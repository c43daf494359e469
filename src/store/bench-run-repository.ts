// Bench runs (append-only): one row per `traction bench run` recorded in the store, the whole
// result kept as JSON. The store does not know the result's shape; src/bench owns it.
import type { Kysely } from 'kysely';
import { appendAudit } from './audit-repository.js';
import type { BenchRunsTable, Database } from './database.js';

export interface BenchRun {
  id: string;
  useCaseId: string | null;
  startedAt: string;
  finishedAt: string;
  url: string;
  api: string;
  mode: string;
  status: string;
  sloMet: boolean | null;
  recordedBy: string;
  result: unknown;
}

export function toBenchRun(row: BenchRunsTable): BenchRun {
  return {
    id: row.id,
    useCaseId: row.use_case_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    url: row.url,
    api: row.api,
    mode: row.mode,
    status: row.status,
    sloMet: row.slo_met === null ? null : Number(row.slo_met) === 1,
    recordedBy: row.recorded_by,
    result: JSON.parse(row.result) as unknown,
  };
}

/** Records a run and its audit entry; call inside a transaction together with its evidence. */
export async function recordBenchRun(db: Kysely<Database>, run: Omit<BenchRun, 'recordedBy'>, by: string, at: Date): Promise<BenchRun> {
  const row: BenchRunsTable = {
    id: run.id,
    use_case_id: run.useCaseId,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    url: run.url,
    api: run.api,
    mode: run.mode,
    status: run.status,
    slo_met: run.sloMet === null ? null : run.sloMet ? 1 : 0,
    recorded_by: by,
    result: JSON.stringify(run.result),
  };
  await db.insertInto('bench_runs').values(row).execute();
  await appendAudit(db, { at, actor: by, action: 'bench.run', objectKind: 'bench_run', objectId: run.id, detail: { use_case: run.useCaseId, url: run.url, status: run.status } });
  return toBenchRun(row);
}

export async function listBenchRuns(db: Kysely<Database>, filter: { useCaseId?: string } = {}): Promise<BenchRun[]> {
  let q = db.selectFrom('bench_runs').selectAll().orderBy('started_at').orderBy('id');
  if (filter.useCaseId) q = q.where('use_case_id', '=', filter.useCaseId);
  return (await q.execute()).map(toBenchRun);
}
