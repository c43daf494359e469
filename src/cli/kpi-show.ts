// `traction kpi show [USECASE]`: per KPI the baseline, target, latest value, trend and
// progress; for one use case also the value realised to date, ROI to date and payback,
// beside the business case's NPV P10/P50/P90 (src/portfolio's Monte Carlo, same seed and
// draws as `traction value`).
import type { Command } from 'commander';
import type { UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { kpiStatus, type KpiBaseline, type KpiStatus } from '../impact/kpi-series.js';
import { realisedValue, type RealisedValue } from '../impact/realised-value.js';
import { valueUseCase } from '../portfolio/evaluate-portfolio.js';
import { DEFAULT_DRAWS } from '../portfolio/monte-carlo.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { findUseCase } from './kpi-common.js';
import { storedKpis } from '../application/impact.js';
import { usageValueToDate, type UsageValueToDate } from '../usage/usage-store-read.js';
import type { Output } from './output.js';

export interface UseCaseKpis {
  use_case: string;
  currency: string;
  kpis: (KpiStatus & { series: { at: string; value: number }[] })[];
  realised_value: RealisedValue;
  /** Value realised from usage by the value template (docs/usage.md); null without one. */
  realised_from_usage: UsageValueToDate | null;
  /** The business case as planned: NPV percentiles over the horizon; null when it cannot be valued. */
  business_case: { horizon_months: number; npv_p10: number; npv_p50: number; npv_p90: number; monthly_value_likely: number; draws: number } | { error: string };
}

export function addKpiShow(kpi: Command, context: () => CliContext): void {
  kpi
    .command('show')
    .description('baseline, target, latest, trend and progress per KPI; realised value and ROI to date')
    .argument('[usecase]', 'one use case (default: every use case with KPIs)')
    .action(async (useCaseId: string | undefined) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      const useCases = useCaseId ? [findUseCase(ws, useCaseId)] : ws.useCases.filter((u) => u.kpis.length > 0);
      const all = await withStore(ctx, async (store) => {
        const out: UseCaseKpis[] = [];
        for (const u of useCases) out.push(useCaseKpis(ws, u, await storedKpis(store.db, u.id), await usageValueToDate(store.db, u, ctx.now())));
        return out;
      });
      if (ctx.out.json) return ctx.out.printJson(useCaseId ? all[0] : all);
      if (useCaseId) printOne(ctx.out, all[0] as UseCaseKpis);
      else printKpiTable(ctx.out, all);
    });
}

function useCaseKpis(ws: Workspace, u: UseCase, stored: Awaited<ReturnType<typeof storedKpis>>, fromUsage: UsageValueToDate | null): UseCaseKpis {
  const kpis = u.kpis.map((k) => ({ ...kpiStatus(k, stored.series.get(k.id) ?? [], stored.baselines.get(k.id) ?? null), series: stored.series.get(k.id) ?? [] }));
  const baselines = new Map<string, KpiBaseline | null>(kpis.map((k) => [k.kpi, k.baseline]));
  return { use_case: u.id, currency: ws.config.currency, kpis, realised_value: realisedValue(u, stored.series, baselines), realised_from_usage: fromUsage, business_case: businessCase(ws, u) };
}

function businessCase(ws: Workspace, u: UseCase): UseCaseKpis['business_case'] {
  const draws = ws.config.simulation?.draws ?? DEFAULT_DRAWS;
  try {
    const v = valueUseCase(u, ws.config, draws, ws.config.simulation?.seed ?? 1);
    const s = v.simulation;
    return { horizon_months: ws.config.horizon_months, npv_p10: s.p10, npv_p50: s.p50, npv_p90: s.p90, monthly_value_likely: v.likely.monthlyValueAtFullAdoption, draws };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

const pct = (x: number | null) => (x === null ? null : `${(x * 100).toFixed(0)}%`);

function printKpiTable(out: Output, all: UseCaseKpis[]): void {
  const rows = all.flatMap((u) => u.kpis.map((k) => ({ u: u.use_case, ...k })));
  out.table(
    [
      { header: 'use case', value: (r) => r.u },
      { header: 'kpi', value: (r) => r.kpi },
      { header: 'unit', value: (r) => r.unit },
      { header: 'baseline', value: (r) => (r.baseline ? `${fmt(r.baseline.value)}${r.baseline.source === 'declared' ? ' (declared)' : ` (${r.baseline.at})`}` : null), align: 'right' },
      { header: 'target', value: (r) => fmt(r.target), align: 'right' },
      { header: 'latest', value: (r) => (r.latest ? `${fmt(r.latest.value)} (${r.latest.at})` : null), align: 'right' },
      { header: 'trend/month', value: (r) => (r.trend ? `${r.trend.slope_per_month >= 0 ? '+' : ''}${fmt(r.trend.slope_per_month)} ${r.trend.improving ? 'better' : 'worse'}` : null), align: 'right' },
      { header: 'progress', value: (r) => pct(r.progress), align: 'right', colour: (t, r) => (r.target_met ? out.c.green(t) : t) },
      { header: 'role', value: (r) => r.role },
    ],
    rows,
  );
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function printOne(out: Output, u: UseCaseKpis): void {
  out.line(out.c.bold(`${u.use_case}: KPIs`));
  printKpiTable(out, [u]);
  const r = u.realised_value;
  out.line();
  out.line(out.c.bold(`Realised value (${u.currency})${r.start_month ? `, ${r.start_month} to ${r.through_month}, ${r.months_live} month${r.months_live === 1 ? '' : 's'} live` : ''}`));
  out.table(
    [
      { header: 'value stream', value: (s) => s.stream },
      { header: 'kpi', value: (s) => s.kpi },
      { header: 'planned/month', value: (s) => (s.planned_monthly === null ? null : fmt(s.planned_monthly)), align: 'right' },
      { header: 'now/month', value: (s) => (s.monthly_now === null ? null : fmt(s.monthly_now)), align: 'right' },
      { header: 'to date', value: (s) => fmt(s.realised_to_date), align: 'right' },
      { header: 'note', value: (s) => s.missing, colour: (t) => out.c.dim(t) },
    ],
    r.streams,
  );
  const payback = { paid_back: `paid back in ${r.payback.month}`, forecast: `payback forecast ${r.payback.month}`, not_on_track: 'no payback at the current rate', not_started: 'no value measured yet' }[r.payback.status];
  out.line();
  out.line(
    `realised to date ${fmt(r.realised_to_date)} · costs to date ${fmt(r.costs_to_date)} · ROI to date ${r.roi_to_date === null ? '-' : pct(r.roi_to_date)} · ${payback}`,
  );
  const f = u.realised_from_usage;
  if (f)
    out.line(
      `realised from usage to date ${fmt(f.realised_to_date)} · costs to date ${fmt(f.costs_to_date)} · ROI to date ${f.roi_to_date === null ? '-' : pct(f.roi_to_date)}${f.monthly_value_now === null ? '' : ` · ${fmt(f.monthly_value_now)} last complete month`} (value template: ${f.formula})`,
    );
  const b = u.business_case;
  if ('error' in b) out.line(out.c.dim(`business case: cannot be valued: ${b.error}`));
  else {
    out.line(`business case: ${fmt(b.monthly_value_likely)} a month at full adoption (likely inputs); measured now: ${fmt(r.monthly_value_now)} a month`);
    out.line(`business case NPV over ${b.horizon_months} months: P10 ${fmt(b.npv_p10)} · P50 ${fmt(b.npv_p50)} · P90 ${fmt(b.npv_p90)}`);
  }
}
