// `traction kpi refresh [USECASE] [--kpi KPI]`: computes every KPI that declares a
// `measure` (source + SQL) through the action in src/application/kpi-refresh.ts (the scheduled
// KPI job calls the same) and phrases its rows.
import type { Command } from 'commander';
import type { Kpi, UseCase } from '../domain/use-case.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { findKpi, findUseCase } from './kpi-common.js';
import { refreshKpiMeasures, type RefreshRow } from '../application/kpi-refresh.js';
import { CliError, EXIT } from './output.js';

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
      let report: RefreshRow[] = [];
      await withStore(ctx, async (store) => {
        report = await refreshKpiMeasures(store, ws, measured, { sourceEnv: ctx.env.raw, actor: ctx.env.actor, now: ctx.now(), dryRun: opts.dryRun === true });
      });
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
