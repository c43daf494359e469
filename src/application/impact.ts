// Impact, once for the CLI and the API: a use case's KPIs against baseline and target with the
// value realised to date; KPI values recorded (one, a form, a batch, a CSV file); a pilot
// experiment analysed and recorded as experiment_result evidence for the gates. Every write is
// one transaction; every refusal a typed error of ./errors.ts naming each problem.
import type { Kysely } from 'kysely';
import { kpiBaselinePayloadSchema } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import { analyseExperiment, type ExperimentOptions, type ExperimentReport } from '../impact/experiment-analysis.js';
import { ExperimentInputError, type ExperimentData } from '../impact/experiment-data.js';
import { experimentEvidence } from '../impact/experiment-evidence.js';
import { isIsoDate, parseKpiCsv } from '../impact/kpi-csv.js';
import { currentSeries, kpiStatus, type KpiBaseline, type KpiPoint } from '../impact/kpi-series.js';
import type { MetricSpec } from '../impact/metric-analysis.js';
import { realisedValue } from '../impact/realised-value.js';
import type { Database } from '../store/database.js';
import { getDefinition, listDefinitions } from '../store/definition-repository.js';
import { listEvidence, recordEvidence } from '../store/evidence-repository.js';
import { listMeasurements, recordMeasurements } from '../store/kpi-repository.js';
import type { Store } from '../store/store.js';
import { usageValueToDate } from '../usage/usage-store-read.js';
import { closest } from '../workspace/schema-keys.js';
import { kpiOffTrack } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { InvalidError, NotFoundError, type ActionProblem } from './errors.js';
import { screenUpload } from './upload-screen.js';

export interface Actor {
  now: Date;
  actor: string;
}

export async function liveUseCase(db: Kysely<Database>, id: string): Promise<UseCase> {
  const d = await getDefinition(db, 'use_case', id);
  if (d && d.archivedAt === null) return d.body as UseCase;
  const hint = closest(id, (await listDefinitions(db, { kind: 'use_case' })).filter((x) => x.archivedAt === null).map((x) => x.id));
  throw new NotFoundError(`no live use case "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
}

/** use case id -> its KPI ids, from the store's live definitions. */
export async function storedKpiIndex(db: Kysely<Database>): Promise<Map<string, string[]>> {
  const defs = await listDefinitions(db, { kind: 'use_case' });
  return new Map(defs.filter((d) => d.archivedAt === null).map((d) => [d.id, (d.body as UseCase).kpis.map((k) => k.id)]));
}

function refuse(problems: ActionProblem[], what = 'nothing stored'): never {
  const first = problems[0]!;
  throw new InvalidError(`${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; ${what}`, first.field, problems);
}

/** Each KPI's current series (the newest value per date) and newest recorded baseline. */
export async function storedKpis(db: Kysely<Database>, useCaseId: string) {
  const measurements = await listMeasurements(db, { useCaseId });
  const series = new Map<string, KpiPoint[]>();
  for (const kpi of new Set(measurements.map((m) => m.kpiId))) series.set(kpi, currentSeries(measurements.filter((m) => m.kpiId === kpi)));
  const baselines = new Map<string, { value: number; at: string }>();
  for (const e of await listEvidence(db, { useCaseId, kind: 'kpi_baseline' })) {
    const p = kpiBaselinePayloadSchema.safeParse(e.payload);
    if (p.success) baselines.set(p.data.kpi, { value: p.data.value, at: p.data.at }); // oldest first: the newest wins
  }
  return { series, baselines };
}

export interface BusinessCaseFigures {
  currency: string | null;
  businessCase: { npv_p10: number; npv_p50: number; npv_p90: number; monthly_value_likely: number } | null;
}

/** The KPIs with status and series, and the value realised beside the business case (which the caller values). */
export async function useCaseKpis(db: Kysely<Database>, useCaseId: string, now: Date, valued: (u: UseCase) => Promise<BusinessCaseFigures>) {
  const u = await liveUseCase(db, useCaseId);
  const { series, baselines: recorded } = await storedKpis(db, useCaseId);
  const kpis = u.kpis.map((k) => ({ ...kpiStatus(k, series.get(k.id) ?? [], recorded.get(k.id) ?? null), series: series.get(k.id) ?? [] }));
  const baselines = new Map<string, KpiBaseline | null>(kpis.map((k) => [k.kpi, k.baseline]));
  const figures = await valued(u);
  return {
    use_case: useCaseId,
    currency: figures.currency,
    kpis,
    realised_value: realisedValue(u, series, baselines),
    realised_from_usage: await usageValueToDate(db, u, now),
    business_case: figures.businessCase,
  };
}

export interface MeasurementInput {
  use_case: string;
  kpi: string;
  at: string;
  value: number;
  baseline: boolean;
  /** Kept with the measurement (and the baseline evidence); the batch's source when absent. */
  source?: string;
  /** The KPI's unit, kept in the baseline evidence. */
  unit?: string;
}

/**
 * Stores measurements in one transaction, a `kpi_baseline` evidence for each marked baseline;
 * any bad item refuses the batch, every bad item named (`field` prefixes each item's path).
 */
export async function recordKpiMeasurements(store: Store, kpis: ReadonlyMap<string, readonly string[]>, items: MeasurementInput[], source: string, actor: Actor, field = 'measurements') {
  const problems: ActionProblem[] = [];
  items.forEach((m, i) => {
    const known = kpis.get(m.use_case);
    if (!known) problems.push({ field: `${field}.${i}.use_case`, message: `unknown use case "${m.use_case}"` });
    else if (!known.includes(m.kpi)) problems.push({ field: `${field}.${i}.kpi`, message: `use case ${m.use_case} has no KPI "${m.kpi}" (its KPIs: ${known.join(', ') || 'none'})` });
    if (!isIsoDate(m.at)) problems.push({ field: `${field}.${i}.at`, message: `"${m.at}" is not a date (YYYY-MM-DD)` });
    if (!Number.isFinite(m.value)) problems.push({ field: `${field}.${i}.value`, message: 'not a finite number' });
  });
  if (problems.length > 0) refuse(problems);
  return store.transaction(async (tx) => {
    const stored = await recordMeasurements(tx, items.map((m) => ({ useCaseId: m.use_case, kpiId: m.kpi, at: m.at, value: m.value, source: m.source ?? source })), actor.actor, actor.now);
    const evidence: string[] = [];
    for (const [i, m] of items.entries()) {
      if (!m.baseline) continue;
      const payload = kpiBaselinePayloadSchema.parse({ kpi: m.kpi, value: m.value, at: m.at, ...(m.unit ? { unit: m.unit } : {}), measurement: stored[i]?.id });
      evidence.push((await recordEvidence(tx, { useCaseId: m.use_case, kind: 'kpi_baseline', at: actor.now, by: actor.actor, source: m.source ?? source, payload })).id);
    }
    for (const e of await kpiOffTrack(tx, items)) await recordEvent(tx, e, actor.now);
    return { stored: stored.length, baselines: evidence.length, measurements: stored, evidence };
  });
}

export interface KpiCsvImport {
  imported: number;
  baselines: number;
  /** The bad rows, by line and column (CSV header names); empty when all were good. */
  problems: { line: number; field: string; message: string }[];
  /** The same, as `file:line: ...` text. */
  messages: string[];
}

/**
 * A KPI CSV (use_case, kpi, at, value[, baseline]). `allOrNothing` (the browser and the API):
 * any bad row refuses the file, every row named. Otherwise (the CLI, as documented) bad rows
 * are reported and the good ones stored. The file is screened first (binary, long lines, formulas).
 */
export async function importKpiCsv(store: Store, kpis: ReadonlyMap<string, readonly string[]>, text: string, file: string, opts: { allOrNothing: boolean; sourceOf: (line: number) => string }, actor: Actor): Promise<KpiCsvImport> {
  if (opts.allOrNothing) screenUpload(text, 'csv', 'the KPI file');
  const { rows, problems, located } = parseKpiCsv(text, file, kpis);
  if (opts.allOrNothing && located.length > 0) refuse(located.map((p) => ({ field: `line ${p.line}${p.field ? `, ${p.field}` : ''}`, message: p.message })), 'nothing recorded');
  if (opts.allOrNothing && rows.length === 0) throw new InvalidError('the KPI file has no rows; nothing recorded', 'csv');
  const items = rows.map((r) => ({ use_case: r.useCaseId, kpi: r.kpiId, at: r.at, value: r.value, baseline: r.baseline, source: opts.sourceOf(r.line) }));
  const stored = items.length > 0 ? await recordKpiMeasurements(store, kpis, items, file, actor) : { stored: 0, baselines: 0 };
  return { imported: stored.stored, baselines: stored.baselines, problems: located, messages: problems };
}

export interface ExperimentRequest {
  metrics: string[];
  guardrails: string[];
  options: ExperimentOptions;
  /** Force a method for every metric (auto: proportion for 0/1 metrics, CUPED with a covariate). */
  method?: MetricSpec['method'];
  lowerIsBetter?: string[];
}

/** Metrics named like the use case's KPIs take their direction and role (a guardrail KPI stays one). */
export function metricSpecs(u: UseCase | null, r: ExperimentRequest): MetricSpec[] {
  if (r.metrics.length === 0) throw new InvalidError('give at least one metric', 'metrics');
  const all = [...r.metrics.map((m) => ({ m, role: 'primary' as const })), ...r.guardrails.map((m) => ({ m, role: 'guardrail' as const }))];
  const seen = new Set<string>();
  return all.map(({ m, role }, i) => {
    if (seen.has(m)) throw new InvalidError(`metric "${m}" is listed twice`, i < r.metrics.length ? 'metrics' : 'guardrails');
    seen.add(m);
    const kpi = u?.kpis.find((k) => k.id === m) ?? null;
    return { metric: m, role: kpi?.role === 'guardrail' ? 'guardrail' : role, direction: r.lowerIsBetter?.includes(m) ? 'down' : (kpi?.direction ?? 'up'), kpi: kpi?.id ?? null, method: r.method ?? 'auto' };
  });
}

/** The analysis, with a bad input as an invalid request naming the input. */
export function analyse(data: () => ExperimentData, specs: MetricSpec[], options: ExperimentOptions, input: string): ExperimentReport {
  try {
    return analyseExperiment(data(), specs, options);
  } catch (e) {
    if (e instanceof ExperimentInputError) throw new InvalidError(`${input}: ${e.message}`, 'input', e.details.map((d) => ({ field: 'input', message: d })));
    throw e;
  }
}

export type RecordedResult = { kpi: string; arm: string; evidence: string | null; skipped: string | null };

/** One experiment_result evidence per primary KPI and treatment arm, in one transaction. */
export async function recordExperiment(store: Store, useCaseId: string, report: ExperimentReport, input: string, source: string, actor: Actor): Promise<RecordedResult[]> {
  return store.transaction(async (tx) => {
    const out: RecordedResult[] = [];
    for (const x of experimentEvidence(report, input)) {
      if (x.payload === null) out.push({ kpi: x.kpi, arm: x.arm, evidence: null, skipped: x.skipped });
      else out.push({ kpi: x.kpi, arm: x.arm, evidence: (await recordEvidence(tx, { useCaseId, kind: 'experiment_result', at: actor.now, by: actor.actor, source, payload: x.payload })).id, skipped: null });
    }
    return out;
  });
}

/** Analyses a pilot of the use case and, with `record`, keeps each primary KPI's result as evidence. */
export async function analyseUseCaseExperiment(store: Store, useCaseId: string, data: () => ExperimentData, r: ExperimentRequest & { record: boolean; input: string; source: string }, actor: Actor) {
  const u = await liveUseCase(store.db, useCaseId);
  const report = analyse(data, metricSpecs(u, r), r.options, r.input);
  if (!r.record) return { ...report, evidence: experimentEvidence(report, r.input).map((x) => ({ kpi: x.kpi, arm: x.arm, evidence: null, skipped: x.payload ? 'not recorded (record: false)' : x.skipped })) };
  return { ...report, evidence: await recordExperiment(store, useCaseId, report, r.input, r.source, actor) };
}
