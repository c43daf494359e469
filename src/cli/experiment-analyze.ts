// `traction experiment analyze --input FILE --metric COLUMN ...`: a pilot's treatment vs
// control analysis from per-unit CSV rows or sufficient statistics (JSON). With --usecase,
// metrics named like the use case's KPIs take their direction and role from it, and each
// primary KPI's result is recorded as experiment_result evidence for the gates (the
// actions are src/application/impact.ts `analyse` and `recordExperiment`).
// Exit code 1 when the verdict is negative or invalid.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { analyse, metricSpecs, recordExperiment } from '../application/impact.js';
import { ExperimentInputError, type ExperimentData } from '../impact/experiment-data.js';
import { experimentFromCsv, experimentFromJson } from '../impact/experiment-input.js';
import { DEFAULT_TUNING_N } from '../impact/sequential.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { printExperiment } from './experiment-format.js';
import { fraction, parseCovariates, parseSplit, positive, type AnalyzeOptions } from './experiment-options.js';
import { findUseCase } from './kpi-common.js';
import { CliError, EXIT } from './output.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function addExperimentAnalyze(experiment: Command, context: () => CliContext, setExit: (code: number) => void): void {
  experiment
    .command('analyze')
    .description('treatment vs control: lift, confidence interval, p-value, CUPED, sample-ratio check, guardrails, verdict')
    .requiredOption('-i, --input <file>', 'per-unit rows (.csv) or sufficient statistics per arm (.json)')
    .option('-m, --metric <column>', 'primary metric (repeatable; corrected for multiple testing)', collect, [])
    .option('-g, --guardrail <column>', 'guardrail metric: must not get worse (repeatable)', collect, [])
    .option('--covariate <column>', 'pre-period covariate for CUPED: COLUMN, or METRIC=COLUMN with several metrics (repeatable)', collect, [])
    .option('--arm-column <column>', 'CSV column naming the arm', 'arm')
    .option('--unit-column <column>', 'CSV column with the unit id (duplicates are rejected)', 'unit')
    .option('--control <arm>', 'the control arm', 'control')
    .option('--alpha <alpha>', 'significance level', '0.05')
    .option('--split <arm=share,...>', 'planned split for the sample-ratio check (default: equal)')
    .addOption(new Option('--correction <method>', 'multiple-testing correction across primary metrics').choices(['holm', 'bh', 'none']).default('holm'))
    .option('--sequential', 'always-valid confidence sequences, for pilots that are looked at repeatedly')
    .option('--tuning-n <n>', 'total sample size at which the sequential interval is tightest', String(DEFAULT_TUNING_N))
    .option('--margin <fraction>', 'non-inferiority margin for guardrails, relative (0.02 = may not get worse by more than 2%)', '0')
    .option('--lower-is-better <column>', 'metric for which lower is better (repeatable; a KPI with direction down needs no flag)', collect, [])
    .addOption(new Option('--method <method>', 'force a method (auto: proportion for 0/1 metrics, CUPED with a covariate)').choices(['auto', 'welch', 'proportion', 'cuped']).default('auto'))
    .option('--srm-threshold <p>', 'p-value below which the split counts as a mismatch', '0.001')
    .option('--usecase <id>', 'take KPI directions and roles from this use case and record the result as evidence')
    .action(async (o: AnalyzeOptions) => {
      const ctx = context();
      const useCase = o.usecase ? findUseCase(await requireWorkspace(ctx), o.usecase) : null;
      if (o.metric.length === 0) throw new CliError('give at least one --metric COLUMN');
      const options = {
        alpha: fraction('--alpha', o.alpha),
        margin: fraction('--margin', o.margin, { open: false }),
        sequentialTuningN: o.sequential ? positive('--tuning-n', o.tuningN) : null,
        control: o.control,
        plannedSplit: o.split ? parseSplit(o.split) : null,
        correction: o.correction,
        srmThreshold: fraction('--srm-threshold', o.srmThreshold),
      };
      const specs = metricSpecs(useCase, { metrics: o.metric, guardrails: o.guardrail, options, method: o.method, lowerIsBetter: o.lowerIsBetter });
      const data = await readExperiment(o, specs.map((s) => s.metric));
      const report = analyse(() => data, specs, options, o.input);
      const recorded = useCase
        ? await withStore(ctx, (store) => recordExperiment(store, useCase.id, report, o.input, `traction experiment analyze ${o.input}`, { now: ctx.now(), actor: ctx.env.actor }))
        : [];
      if (report.verdict === 'negative' || report.verdict === 'invalid') setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ input: o.input, ...report, evidence: recorded });
      printExperiment(ctx.out, report, o.input);
      for (const r of recorded) ctx.out.info(r.evidence ? `recorded ${r.kpi} (${r.arm}) as evidence ${r.evidence}` : `not recorded ${r.kpi} (${r.arm}): ${r.skipped}`);
    });
}

async function readExperiment(o: AnalyzeOptions, metrics: string[]): Promise<ExperimentData> {
  const text = await readFile(o.input, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${o.input}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  try {
    if (o.input.toLowerCase().endsWith('.json')) return experimentFromJson(text, o.input);
    return experimentFromCsv(text, o.input, { armColumn: o.armColumn, unitColumn: o.unitColumn, metrics, covariates: parseCovariates(o.covariate, metrics) });
  } catch (e) {
    if (e instanceof ExperimentInputError) throw new CliError(e.message, EXIT.usage, e.details);
    throw e;
  }
}
