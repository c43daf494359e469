// Shared by the `traction kpi` subcommands: finding a use case and KPI with helpful errors,
// and reading a use case's stored series and recorded baselines.
import type { Kysely } from 'kysely';
import { kpiBaselinePayloadSchema } from '../domain/evidence.js';
import type { Kpi, UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { currentSeries, type KpiPoint } from '../impact/kpi-series.js';
import type { Database } from '../store/database.js';
import { listEvidence } from '../store/evidence-repository.js';
import { listMeasurements } from '../store/kpi-repository.js';
import { closest } from '../workspace/schema-keys.js';
import { CliError } from './output.js';

function unknown(what: string, name: string, known: string[]): CliError {
  const s = closest(name, known);
  return new CliError(`unknown ${what} "${name}"${s ? ` (did you mean "${s}"?)` : ` (known: ${known.join(', ') || 'none'})`}`);
}

export function findUseCase(ws: Workspace, id: string): UseCase {
  const u = ws.useCases.find((x) => x.id === id);
  if (!u) throw unknown('use case', id, ws.useCases.map((x) => x.id));
  return u;
}

export function findKpi(u: UseCase, id: string): Kpi {
  const k = u.kpis.find((x) => x.id === id);
  if (!k) throw unknown(`KPI of use case "${u.id}"`, id, u.kpis.map((x) => x.id));
  return k;
}

/** use case id -> its KPI ids, for validating imports. */
export function kpiIndex(ws: Workspace): Map<string, string[]> {
  return new Map(ws.useCases.map((u) => [u.id, u.kpis.map((k) => k.id)]));
}

export interface StoredKpis {
  series: Map<string, KpiPoint[]>;
  /** The newest recorded baseline per KPI. */
  baselines: Map<string, { value: number; at: string }>;
}

export async function storedKpis(db: Kysely<Database>, useCaseId: string): Promise<StoredKpis> {
  const measurements = await listMeasurements(db, { useCaseId });
  const series = new Map<string, KpiPoint[]>();
  for (const kpi of new Set(measurements.map((m) => m.kpiId)))
    series.set(kpi, currentSeries(measurements.filter((m) => m.kpiId === kpi)));
  const baselines = new Map<string, { value: number; at: string }>();
  for (const e of await listEvidence(db, { useCaseId, kind: 'kpi_baseline' })) {
    const p = kpiBaselinePayloadSchema.safeParse(e.payload);
    if (p.success) baselines.set(p.data.kpi, { value: p.data.value, at: p.data.at }); // listed oldest first: the newest wins
  }
  return { series, baselines };
}

/** `--at` or today, as YYYY-MM-DD. */
export function dateOrToday(at: string | undefined, now: Date): string {
  return at ?? now.toISOString().slice(0, 10);
}
