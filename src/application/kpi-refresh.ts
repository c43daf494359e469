// Refreshing KPIs that declare a `measure` (source + SQL), once for `traction kpi refresh`
// and the scheduled KPI job (src/jobs): each query runs through src/readiness/kpi-measure.ts
// (the same containment as custom checks), new points are stored in one transaction. A KPI
// whose query fails or is refused is reported in its row; the others are still refreshed.
import type { Kpi, UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { newPoints, pointsFromRows } from '../impact/kpi-refresh.js';
import { KpiMeasures } from '../readiness/kpi-measure.js';
import { recordMeasurements, type NewMeasurement } from '../store/kpi-repository.js';
import type { Store } from '../store/store.js';
import { storedKpis } from './impact.js';

export interface RefreshRow {
  use_case: string;
  kpi: string;
  source: string;
  rows: number;
  new: number;
  error: string | null;
}

export interface RefreshRequest {
  /** Where `${env:NAME}` references in sources resolve from. */
  sourceEnv: Record<string, string | undefined>;
  actor: string;
  now: Date;
  /** Run the queries, store nothing. */
  dryRun?: boolean;
}

/** Runs each KPI's measure and stores the new points (one transaction for all); one row per KPI. */
export async function refreshKpiMeasures(store: Store, ws: Pick<Workspace, 'root' | 'sources'>, targets: { u: UseCase; k: Kpi }[], r: RefreshRequest): Promise<RefreshRow[]> {
  const today = r.now.toISOString().slice(0, 10);
  const report: RefreshRow[] = [];
  const pending: NewMeasurement[] = [];
  const measures = new KpiMeasures(ws, r.sourceEnv);
  try {
    for (const { u, k } of targets) report.push(await refreshOne(measures, store, u, k, today, pending));
    if (!r.dryRun && pending.length) await store.transaction((tx) => recordMeasurements(tx, pending, r.actor, r.now));
  } finally {
    await measures.close();
  }
  return report;
}

/** Runs one KPI's query; new points go to `pending`, failures into the row (the others go on). */
async function refreshOne(measures: KpiMeasures, store: Store, u: UseCase, k: Kpi, today: string, pending: NewMeasurement[]): Promise<RefreshRow> {
  const measure = k.measure!;
  const row: RefreshRow = { use_case: u.id, kpi: k.id, source: measure.source, rows: 0, new: 0, error: null };
  try {
    const rows = await measures.run(measure);
    const { points, problems } = pointsFromRows(rows, today);
    row.rows = rows.length;
    if (problems.length) throw new Error(problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''));
    const fresh = newPoints((await storedKpis(store.db, u.id)).series.get(k.id) ?? [], points);
    row.new = fresh.length;
    pending.push(...fresh.map((p) => ({ useCaseId: u.id, kpiId: k.id, at: p.at, value: p.value, source: `refresh:${measure.source}` })));
  } catch (e) {
    row.error = e instanceof Error ? e.message : String(e);
  }
  return row;
}
