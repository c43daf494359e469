// `traction kpi refresh [USECASE] [--kpi KPI]`: computes every KPI that declares a
// `measure` (source + SQL) through src/readiness/kpi-measure.ts (the same containment as
// custom checks), and stores the new points in one transaction. A KPI whose query fails or
// is refused is reported; the others are still refreshed.
import type { Command } from 'commander';
import type { Kpi, UseCase } from '../domain/use-case.js';
import { newPoints, pointsFromRows } from '../impact/kpi-refresh.js';
import { KpiMeasures } from '../readiness/kpi-measure.js';
import { recordMeasurements, type NewMeasurement } from '../store/kpi-repository.js';
import type { Store } from '../store/store.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { findKpi, findUseCase } from './kpi-common.js';
import { storedKpis } from '../application/impact.js';
import { CliError, EXIT } from './output.js';

interface RefreshRow {
  use_case: string;
  kpi: string;
  source: string;
  rows: number;
  new: number;
  error: string | null;
}

export function addKpiRefresh(kpi: Command, context: () => CliContext, setExit: (code: number) => void): void {
  kpi
    .command('refresh')
    .description("compute KPIs that declare a `measure` query, read-only against the workspace's sources")
    .argument('[usecase]', 'only this use case')
    .option('--kpi <kpi>', 'only this KPI (needs USECASE)')
    .option('--dry-run', 'run the queries and show what would be stored, store nothing')
    .action(async (useCaseId: string | undefined, opts: { kpi?: string; dryRun?: boolean }) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      if (opts.kpi && !useCaseId) throw new CliError('--kpi needs a USECASE');
      const useCases = useCaseId ? [findUseCase(ws, useCaseId)] : ws.useCases;
      const targets: { u: UseCase; k: Kpi }[] = useCases.flatMap((u) => (opts.kpi ? [findKpi(u, opts.kpi)] : u.kpis).map((k) => ({ u, k })));
      const measured = targets.filter((t) => t.k.measure);
      if (measured.length === 0) throw new CliError('no KPI to refresh: none of them declares a `measure` (source and sql); see docs/impact.md');
      const today = ctx.now().toISOString().slice(0, 10);
      const report: RefreshRow[] = [];
      const pending: NewMeasurement[] = [];
      const measures = new KpiMeasures(ws, ctx.env.raw);
      try {
        await withStore(ctx, async (store) => {
          for (const { u, k } of measured) report.push(await refreshOne(measures, store, u, k, today, pending));
          if (!opts.dryRun && pending.length) await store.transaction((tx) => recordMeasurements(tx, pending, ctx.env.actor, ctx.now()));
        });
      } finally {
        await measures.close();
      }
      if (report.some((r) => r.error)) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ dry_run: opts.dryRun === true, refreshed: report });
      ctx.out.table(
        [
          { header: 'use case', value: (r) => r.use_case },
          { header: 'kpi', value: (r) => r.kpi },
          { header: 'source', value: (r) => r.source },
          { header: 'rows', value: (r) => r.rows, align: 'right' },
          { header: opts.dryRun ? 'would store' : 'stored', value: (r) => r.new, align: 'right' },
          { header: 'error', value: (r) => r.error, colour: (t) => ctx.out.c.red(t) },
        ],
        report,
      );
    });
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
