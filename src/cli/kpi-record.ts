// `traction kpi record USECASE KPI VALUE [--at DATE] [--baseline]`: one measurement; with
// --baseline it is also recorded as the KPI's baseline (kpi_baseline evidence for gates).
import type { Command } from 'commander';
import { kpiBaselinePayloadSchema } from '../domain/evidence.js';
import { parseKpiValue } from '../domain/kpi-measurement.js';
import { isIsoDate } from '../impact/kpi-csv.js';
import { recordEvidence } from '../store/evidence-repository.js';
import { recordMeasurements } from '../store/kpi-repository.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { dateOrToday, findKpi, findUseCase } from './kpi-common.js';
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
      const now = ctx.now();
      const result = await withStore(ctx, (store) =>
        store.transaction(async (tx) => {
          const [m] = await recordMeasurements(tx, [{ useCaseId, kpiId, at, value, source: opts.baseline ? 'record:baseline' : 'record' }], ctx.env.actor, now);
          if (!opts.baseline) return { measurement: m, evidence: null };
          const payload = kpiBaselinePayloadSchema.parse({ kpi: kpiId, value, at, unit: k.unit, measurement: m?.id });
          const evidence = await recordEvidence(tx, { useCaseId, kind: 'kpi_baseline', at: now, by: ctx.env.actor, source: 'traction kpi record --baseline', payload });
          return { measurement: m, evidence };
        }),
      );
      if (ctx.out.json) return ctx.out.printJson(result);
      ctx.out.line(`recorded ${useCaseId} / ${kpiId} = ${value} ${k.unit} at ${at}${result.evidence ? ` as the baseline (evidence ${result.evidence.id})` : ''}`);
    });
}
