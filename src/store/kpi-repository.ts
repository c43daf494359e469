// KPI measurements: append-only rows, one converter, writes with an audit entry. A batch
// (an import, a refresh) is written by the caller inside one store.transaction.
import type { Kysely } from 'kysely';
import type { KpiMeasurement } from '../domain/kpi-measurement.js';
import { appendAudit } from './audit-repository.js';
import type { Database, KpiMeasurementsTable } from './database.js';
import { newId } from './evidence-repository.js';

export function toKpiMeasurement(row: KpiMeasurementsTable): KpiMeasurement {
  return {
    id: row.id,
    useCaseId: row.use_case_id,
    kpiId: row.kpi_id,
    at: row.at,
    // PostgreSQL's double precision arrives as a number; SQLite's REAL too. Number() guards
    // against a driver configured to return numerics as strings.
    value: Number(row.value),
    source: row.source,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
  };
}

export interface NewMeasurement {
  useCaseId: string;
  kpiId: string;
  at: string;
  value: number;
  source: string;
}

/** Records measurements and one audit entry per measurement; call inside a transaction for a batch. */
export async function recordMeasurements(db: Kysely<Database>, ms: readonly NewMeasurement[], by: string, now: Date): Promise<KpiMeasurement[]> {
  const rows: KpiMeasurementsTable[] = ms.map((m) => ({
    id: newId('kpm'),
    use_case_id: m.useCaseId,
    kpi_id: m.kpiId,
    at: m.at,
    value: m.value,
    source: m.source,
    recorded_at: now.toISOString(),
    recorded_by: by,
  }));
  // Chunked so a large import stays under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('kpi_measurements').values(rows.slice(i, i + 500)).execute();
  for (const r of rows)
    await appendAudit(db, { at: now, actor: by, action: 'kpi.measurement', objectKind: 'use_case', objectId: r.use_case_id, detail: { measurement: r.id, kpi: r.kpi_id, at: r.at, value: r.value, source: r.source } });
  return rows.map(toKpiMeasurement);
}

export async function listMeasurements(db: Kysely<Database>, filter: { useCaseId?: string; kpiId?: string } = {}): Promise<KpiMeasurement[]> {
  let q = db.selectFrom('kpi_measurements').selectAll().orderBy('at').orderBy('recorded_at').orderBy('id');
  if (filter.useCaseId) q = q.where('use_case_id', '=', filter.useCaseId);
  if (filter.kpiId) q = q.where('kpi_id', '=', filter.kpiId);
  return (await q.execute()).map(toKpiMeasurement);
}
