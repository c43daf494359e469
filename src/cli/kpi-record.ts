// `traction kpi record USECASE KPI VALUE [--at DATE] [--baseline]`: one measurement; with
// --baseline it is also recorded as the KPI's baseline (kpi_baseline evidence for gates).
// The action is src/application/impact.ts `recordKpiMeasurements`.
import type { Command } from 'commander';
import { recordKpiMeasurements } from '../application/impact.js';
import { parseKpiValue } from '../domain/kpi-measurement.js';
import { isIsoDate } from '../impact/kpi-csv.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { dateOrToday, findKpi, findUseCase, kpiIndex } from './kpi-common.js';
import { CliError } from './output.js';

export function addKpiRecord(kpi: Command, context: () => CliContext): void {
  kpi
    .command('record')
    .description('record one KPI value (use --baseline to record it as the baseline, before a pilot starts)')
    .argument('<usecase>', 'use case id')
    .argument('<kpi>', 'KPI id')
    .argument('<value>', 'the measured value')
    .option('--at <date>', 'the day the value refers to, YYYY-MM-DD (default: today)')
    .option('--baseline', 'this value is the baseline (recorded as evidence for gates)')
    .action(async (useCaseId: string, kpiId: string, rawValue: string, opts: { at?: string; baseline?: boolean }) => {
      const ctx = context();
      const parsed = parseKpiValue(rawValue);
      if ('problem' in parsed) throw new CliError(`VALUE: ${parsed.problem}`);
      const { value } = parsed;
      if (opts.at !== undefined && !isIsoDate(opts.at)) throw new CliError(`--at: "${opts.at}" is not a date as YYYY-MM-DD`);
      const ws = await requireWorkspace(ctx);
      const k = findKpi(findUseCase(ws, useCaseId), kpiId);
      const at = dateOrToday(opts.at, ctx.now());
      const source = opts.baseline ? 'record:baseline' : 'record';
      const r = await withStore(ctx, (store) =>
        recordKpiMeasurements(store, kpiIndex(ws), [{ use_case: useCaseId, kpi: kpiId, at, value, baseline: opts.baseline === true, unit: k.unit }], source, { now: ctx.now(), actor: ctx.env.actor }),
      );
      const result = { measurement: r.measurements[0], evidence: r.evidence[0] ? { id: r.evidence[0] } : null };
      if (ctx.out.json) return ctx.out.printJson(result);
      ctx.out.line(`recorded ${useCaseId} / ${kpiId} = ${value} ${k.unit} at ${at}${result.evidence ? ` as the baseline (evidence ${result.evidence.id})` : ''}`);
    });
}
