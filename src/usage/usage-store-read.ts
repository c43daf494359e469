// The one read behind `traction usage`, the usage API and recorded usage evidence: the stored
// usage days (store/usage-repository.ts), the per-department rows for the departments
// breakdown, and each use case's newest benchmark, turned into the views of
// src/usage/usage-overview.ts. The CLI passes the workspace's use cases, the server the stored
// ones; both pass now.
import type { Kysely } from 'kysely';
import { benchmarkResultPayloadSchema } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Database } from '../store/database.js';
import type { Evidence } from '../domain/evidence.js';
import { listEvidence, recordEvidence } from '../store/evidence-repository.js';
import { readDepartmentDays, readRejections, readUnattributed, readUsageDays } from '../store/usage-repository.js';
import { dayIndex, dayString, monthOfDay, MS_PER_DAY, todayOf } from './calendar.js';
import { spendStatusChangesAt } from './spend.js';
import type { BenchmarkSlo } from './usage-latency.js';
import { usageEvidence } from './usage-evidence.js';
import { usageRealisedValue } from './value-template.js';
import { deployedUseCases, portfolioRow, useCaseUsage, useCaseUsageWithReport, VIEW_WINDOW_DAYS, type PortfolioUsageRow, type UseCaseUsage } from './usage-overview.js';
import type { UsageReport } from './usage-report.js';
import type { UsageDay } from '../domain/usage.js';

/** The newest benchmark_result evidence of a use case with its SLO's objectives. */
export async function latestBenchmark(db: Kysely<Database>, useCaseId: string): Promise<BenchmarkSlo | null> {
  return newestBenchmark(await listEvidence(db, { useCaseId, kind: 'benchmark_result' }));
}

/** latestBenchmark for every use case at once (one query, not one per use case). */
async function latestBenchmarks(db: Kysely<Database>): Promise<Map<string, BenchmarkSlo | null>> {
  const byUseCase = new Map<string, Evidence[]>();
  for (const e of await listEvidence(db, { kind: 'benchmark_result' })) {
    const own = byUseCase.get(e.useCaseId);
    if (own) own.push(e);
    else byUseCase.set(e.useCaseId, [e]);
  }
  return new Map([...byUseCase].map(([id, all]) => [id, newestBenchmark(all)]));
}

/** The newest of one use case's benchmark_result evidence (oldest first) whose payload keeps the contract. */
function newestBenchmark(all: readonly Evidence[]): BenchmarkSlo | null {
  for (const e of [...all].reverse()) {
    const p = benchmarkResultPayloadSchema.safeParse(e.payload);
    if (!p.success) continue;
    const verdicts = Array.isArray(p.data.slo_verdicts) ? (p.data.slo_verdicts as unknown[]) : [];
    const slo = verdicts.flatMap((v) => {
      const o = v as { key?: unknown; threshold?: unknown };
      return typeof o.key === 'string' && typeof o.threshold === 'number' ? [{ key: o.key, threshold: o.threshold }] : [];
    });
    const num = (x: unknown) => (typeof x === 'number' ? x : null);
    return { run_id: p.data.run_id, at: e.recordedAt, p50_ms: num(p.data.p50_ms), p95_ms: p.data.p95_ms, p99_ms: num(p.data.p99_ms), slo };
  }
  return null;
}

export async function useCaseUsageReport(db: Kysely<Database>, u: UseCase, config: WorkspaceConfig, now: Date): Promise<UseCaseUsage> {
  const query = { useCaseId: u.id, to: todayOf(now) };
  const [days, departmentDays, benchmark] = await Promise.all([
    readUsageDays(db, { ...query, minGroupSize: config.telemetry.min_group_size }),
    readDepartmentDays(db, query),
    latestBenchmark(db, u.id),
  ]);
  return useCaseUsage(u, { config, days, departmentDays, benchmark, now });
}

export interface PortfolioUsage {
  currency: string;
  today: string;
  use_cases: PortfolioUsageRow[];
  /** Requests no use case claimed over the last 30 days, per service.name, most first: counted, never dropped. */
  unattributed: { service: string; requests: number }[];
  /** Spans refused at ingest over the last 30 days (by the day received), per reason. */
  rejected: { reason: string; spans: number }[];
}

function groupBy<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]> {
  const m = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const own = m.get(k);
    if (own) own.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Sums rows per key, largest first. */
function totals<R>(rows: readonly R[], key: (r: R) => string, n: (r: R) => number): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return [...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

/** One deployed use case's view, the report it was shaped from, and its days. */
export interface DeployedUsage {
  view: UseCaseUsage;
  report: UsageReport;
  days: UsageDay[];
}

/**
 * Every deployed use case's view (usage-overview.ts), read once for all of them (not one read
 * per use case), then grouped: what the portfolio view shows and the usage alerts judge.
 */
export async function deployedUsage(db: Kysely<Database>, useCases: readonly UseCase[], config: WorkspaceConfig, now: Date): Promise<DeployedUsage[]> {
  const today = todayOf(now);
  const [days, departmentDays, benchmarks] = await Promise.all([readUsageDays(db, { to: today, minGroupSize: config.telemetry.min_group_size }), readDepartmentDays(db, { to: today }), latestBenchmarks(db)]);
  const daysOf = groupBy(days, (d) => d.useCaseId);
  const departmentDaysOf = groupBy(departmentDays, (d) => d.useCaseId);
  return deployedUseCases(useCases, config, new Set(daysOf.keys())).map((u) => {
    const own = daysOf.get(u.id) ?? [];
    return { ...useCaseUsageWithReport(u, { config, days: own, departmentDays: departmentDaysOf.get(u.id) ?? [], benchmark: benchmarks.get(u.id) ?? null, now }), days: own };
  });
}

export async function portfolioUsageReport(db: Kysely<Database>, useCases: readonly UseCase[], config: WorkspaceConfig, now: Date): Promise<PortfolioUsage> {
  const today = todayOf(now);
  const rows: PortfolioUsageRow[] = (await deployedUsage(db, useCases, config, now)).map((d) => portfolioRow(d.view, d.days, now));
  const from = dayString(dayIndex(today) - VIEW_WINDOW_DAYS + 1);
  const unattributed = totals(await readUnattributed(db, { from, to: today }), (r) => r.service, (r) => r.requests);
  const rejected = totals((await readRejections(db)).filter((r) => r.day >= from && r.day <= today), (r) => r.reason, (r) => r.spans);
  return {
    currency: config.currency,
    today,
    use_cases: rows,
    unattributed: unattributed.map(([service, requests]) => ({ service, requests })),
    rejected: rejected.map(([reason, spans]) => ({ reason, spans })),
  };
}

/**
 * The instant the portfolio answer made at `now` may change with no write to the store: the
 * next UTC midnight (every window counts in whole days), or sooner where a use case's
 * month-end projection falls below its budget (spend.ts spendStatusChangesAt).
 */
export function portfolioUsageChangesAt(report: PortfolioUsage, now: Date): Date {
  let end = (dayIndex(report.today) + 1) * MS_PER_DAY;
  const month = monthOfDay(report.today);
  for (const r of report.use_cases) {
    const at = spendStatusChangesAt(r.cost_this_month, r.budget_per_month, month)?.getTime();
    if (at !== undefined && at > now.getTime() && at < end) end = at;
  }
  return new Date(end);
}

/**
 * Records the use case's usage as `usage_summary` evidence (usage-evidence.ts), what the usage
 * gate criteria read: the one place that writes it, for `traction usage --record` and the demo.
 */
export async function recordUsageSummary(db: Kysely<Database>, u: UseCase, by: { actor: string; source: string; now: Date }): Promise<Evidence> {
  const days = await readUsageDays(db, { useCaseId: u.id, to: todayOf(by.now) });
  const payload = usageEvidence(days, u, by.now);
  return recordEvidence(db, { useCaseId: u.id, kind: 'usage_summary', at: by.now, by: by.actor, source: by.source, payload });
}

/** recordUsageSummary for every deployed use case (as the portfolio view picks them), or the ones given. */
export async function recordUsageSummaries(db: Kysely<Database>, useCases: readonly UseCase[], config: WorkspaceConfig, by: { actor: string; source: string; now: Date }): Promise<{ useCase: UseCase; evidence: Evidence }[]> {
  const withUsage = new Set((await readUsageDays(db, { to: todayOf(by.now) })).map((d) => d.useCaseId));
  const out: { useCase: UseCase; evidence: Evidence }[] = [];
  for (const u of deployedUseCases(useCases, config, withUsage)) out.push({ useCase: u, evidence: await recordUsageSummary(db, u, by) });
  return out;
}

/** Value realised from usage to date, as the KPI-based realised value's views show it beside their own. */
export interface UsageValueToDate {
  formula: string;
  months_live: number;
  realised_to_date: number;
  costs_to_date: number;
  roi_to_date: number | null;
  /** Value of the last complete month; null before one is complete. */
  monthly_value_now: number | null;
  months: { month: string; value: number | null }[];
}

/**
 * The use case's value realised from usage, computed on read from the stored day aggregates
 * (nothing to record first: it moves as spans arrive); null when it has no value template
 * (`usage_value`). The same figures as the usage views' `value` (value-template.ts).
 */
export async function usageValueToDate(db: Kysely<Database>, u: UseCase, now: Date): Promise<UsageValueToDate | null> {
  if (!u.usage_value) return null;
  const v = usageRealisedValue(await readUsageDays(db, { useCaseId: u.id, to: todayOf(now) }), u, now);
  if (!v) return null;
  return {
    formula: v.formula,
    months_live: v.months_live,
    realised_to_date: v.realised_to_date,
    costs_to_date: v.costs_to_date,
    roi_to_date: v.roi_to_date,
    monthly_value_now: v.monthly_value_now,
    months: v.months.map((m) => ({ month: m.month, value: m.value })),
  };
}
