// Impact for the API, as the CLI's kpi and experiment commands do it: a use case's KPI
// series and status with the value realised to date (src/impact), a batch of measurements
// from another system stored whole or not at all, and an experiment analysed and recorded as
// experiment_result evidence. The business case beside the realised value is the portfolio
// cache's, the numbers the portfolio page shows.
import type { Kysely } from 'kysely';
import { kpiBaselinePayloadSchema } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import { analyseExperiment, type ExperimentOptions, type ExperimentReport } from '../impact/experiment-analysis.js';
import { ExperimentInputError, type ExperimentData } from '../impact/experiment-data.js';
import { experimentEvidence } from '../impact/experiment-evidence.js';
import { isIsoDate } from '../impact/kpi-csv.js';
import { currentSeries, kpiStatus, type KpiBaseline, type KpiPoint } from '../impact/kpi-series.js';
import type { MetricSpec } from '../impact/metric-analysis.js';
import { realisedValue } from '../impact/realised-value.js';
import type { Database } from '../store/database.js';
import { getDefinition, listDefinitions } from '../store/definition-repository.js';
import { listEvidence, recordEvidence } from '../store/evidence-repository.js';
import { listMeasurements, recordMeasurements } from '../store/kpi-repository.js';
import { usageValueToDate } from '../usage/usage-store-read.js';
import type { AppDeps } from './app.js';
import { ApiError } from './errors.js';

async function liveUseCase(db: Kysely<Database>, id: string): Promise<UseCase> {
  const d = await getDefinition(db, 'use_case', id);
  if (!d || d.archivedAt !== null) throw new ApiError(404, 'not_found', `no live use case "${id}"`);
  return d.body as UseCase;
}

/** Each KPI's current series (the newest value per date) and newest recorded baseline. */
async function storedKpis(db: Kysely<Database>, useCaseId: string) {
  const measurements = await listMeasurements(db, { useCaseId });
  const series = new Map<string, KpiPoint[]>();
  for (const kpi of new Set(measurements.map((m) => m.kpiId))) series.set(kpi, currentSeries(measurements.filter((m) => m.kpiId === kpi)));
  const recorded = new Map<string, { value: number; at: string }>();
  for (const e of await listEvidence(db, { useCaseId, kind: 'kpi_baseline' })) {
    const p = kpiBaselinePayloadSchema.safeParse(e.payload);
    if (p.success) recorded.set(p.data.kpi, { value: p.data.value, at: p.data.at }); // oldest first: the newest wins
  }
  return { series, recorded };
}

export async function useCaseKpis(deps: AppDeps, useCaseId: string) {
  const db = deps.store.db;
  const u = await liveUseCase(db, useCaseId);
  const { series, recorded } = await storedKpis(db, useCaseId);
  const kpis = u.kpis.map((k) => ({ ...kpiStatus(k, series.get(k.id) ?? [], recorded.get(k.id) ?? null), series: series.get(k.id) ?? [] }));
  const baselines = new Map<string, KpiBaseline | null>(kpis.map((k) => [k.kpi, k.baseline]));
  const portfolio = await deps.portfolio.portfolio(db).catch(() => undefined);
  const v = portfolio?.evaluation.valuations.get(useCaseId);
  return {
    use_case: useCaseId,
    currency: portfolio?.workspace.config.currency ?? null,
    kpis,
    realised_value: realisedValue(u, series, baselines),
    realised_from_usage: await usageValueToDate(db, u, deps.now()),
    business_case: v ? { npv_p10: v.simulation.p10, npv_p50: v.simulation.p50, npv_p90: v.simulation.p90, monthly_value_likely: v.likely.monthlyValueAtFullAdoption } : null,
  };
}

export interface MeasurementInput {
  use_case: string;
  kpi: string;
  at: string;
  value: number;
  baseline: boolean;
}

/** Stores a batch in one transaction; any bad item rejects the batch, every bad item named. */
export async function ingestMeasurements(deps: AppDeps, items: MeasurementInput[], source: string, actor: string) {
  const kpis = new Map((await listDefinitions(deps.store.db, { kind: 'use_case' })).map((d) => [d.id, (d.body as UseCase).kpis.map((k) => k.id)]));
  const issues: { field: string; message: string }[] = [];
  items.forEach((m, i) => {
    const known = kpis.get(m.use_case);
    if (!known) issues.push({ field: `measurements.${i}.use_case`, message: `unknown use case "${m.use_case}"` });
    else if (!known.includes(m.kpi)) issues.push({ field: `measurements.${i}.kpi`, message: `use case ${m.use_case} has no KPI "${m.kpi}" (its KPIs: ${known.join(', ') || 'none'})` });
    if (!isIsoDate(m.at)) issues.push({ field: `measurements.${i}.at`, message: `"${m.at}" is not a date (YYYY-MM-DD)` });
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new ApiError(400, 'invalid', `body field "${first.field}": ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}; nothing stored`, first.field, issues);
  }
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const stored = await recordMeasurements(tx, items.map((m) => ({ useCaseId: m.use_case, kpiId: m.kpi, at: m.at, value: m.value, source })), actor, now);
    let baselines = 0;
    for (const [i, m] of items.entries()) {
      if (!m.baseline) continue;
      const payload = kpiBaselinePayloadSchema.parse({ kpi: m.kpi, value: m.value, at: m.at, measurement: stored[i]?.id });
      await recordEvidence(tx, { useCaseId: m.use_case, kind: 'kpi_baseline', at: now, by: actor, source, payload });
      baselines += 1;
    }
    return { stored: stored.length, baselines };
  });
}

export interface ExperimentRequest {
  metrics: string[];
  guardrails: string[];
  options: Omit<ExperimentOptions, 'sequentialTuningN'> & { sequentialTuningN: number | null };
  record: boolean;
  input: string;
}

/** Metrics named like the use case's KPIs take their direction and role, as `--usecase` does. */
function specsFor(u: UseCase, metrics: string[], guardrails: string[]): MetricSpec[] {
  const all = [...metrics.map((m) => ({ m, role: 'primary' as const })), ...guardrails.map((m) => ({ m, role: 'guardrail' as const }))];
  const seen = new Set<string>();
  return all.map(({ m, role }, i) => {
    if (seen.has(m)) throw new ApiError(400, 'invalid', `metric "${m}" is listed twice`, i < metrics.length ? 'metrics' : 'guardrails');
    seen.add(m);
    const kpi = u.kpis.find((k) => k.id === m) ?? null;
    return { metric: m, role: kpi?.role === 'guardrail' ? 'guardrail' : role, direction: kpi?.direction ?? 'up', kpi: kpi?.id ?? null, method: 'auto' };
  });
}

export async function analyseForUseCase(deps: AppDeps, useCaseId: string, data: () => ExperimentData, r: ExperimentRequest, actor: string) {
  const u = await liveUseCase(deps.store.db, useCaseId);
  let report: ExperimentReport;
  try {
    report = analyseExperiment(data(), specsFor(u, r.metrics, r.guardrails), r.options);
  } catch (e) {
    if (e instanceof ExperimentInputError) throw new ApiError(400, 'invalid', [e.message, ...e.details].join('; '));
    throw e;
  }
  const evidence = experimentEvidence(report, r.input);
  if (!r.record) return { ...report, evidence: evidence.map((x) => ({ kpi: x.kpi, arm: x.arm, evidence: null, skipped: x.payload ? 'not recorded (record: false)' : x.skipped })) };
  const now = deps.now();
  const recorded = await deps.store.transaction(async (tx) => {
    const out: { kpi: string; arm: string; evidence: string | null; skipped: string | null }[] = [];
    for (const x of evidence) {
      if (x.payload === null) out.push({ kpi: x.kpi, arm: x.arm, evidence: null, skipped: x.skipped });
      else out.push({ kpi: x.kpi, arm: x.arm, evidence: (await recordEvidence(tx, { useCaseId, kind: 'experiment_result', at: now, by: actor, source: `API experiment ${r.input}`, payload: x.payload })).id, skipped: null });
    }
    return out;
  });
  return { ...report, evidence: recorded };
}
