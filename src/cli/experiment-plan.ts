// `traction experiment plan`: units (and days, given traffic) needed to detect a minimum
// detectable effect with a given power, or the effect detectable with a given sample.
import type { Command } from 'commander';
import { planExperiment, type Plan } from '../impact/power.js';
import type { CliContext } from './context.js';
import { fraction, positive } from './experiment-options.js';
import { CliError } from './output.js';

interface PlanOptions {
  sd?: string;
  rate?: string;
  baseline?: string;
  mde?: string;
  mdeAbsolute?: string;
  units?: string;
  power: string;
  alpha: string;
  ratio: string;
  unitsPerDay?: string;
  oneSided?: boolean;
}

export function addExperimentPlan(experiment: Command, context: () => CliContext): void {
  experiment
    .command('plan')
    .description('sample size and duration for a minimum detectable effect, or the effect a given sample detects')
    .option('--sd <sd>', 'standard deviation of the metric per unit')
    .option('--rate <p>', 'baseline rate of a 0/1 metric (sets sd = sqrt(p(1-p)) and the baseline)')
    .option('--baseline <mean>', 'baseline mean, for a relative effect')
    .option('--mde <fraction>', 'minimum detectable effect relative to the baseline (0.05 = 5%)')
    .option('--mde-absolute <x>', 'minimum detectable effect in metric units')
    .option('--units <n>', 'total units available: report the detectable effect instead')
    .option('--power <power>', 'probability of detecting the effect', '0.8')
    .option('--alpha <alpha>', 'significance level', '0.05')
    .option('--ratio <k>', 'treatment units per control unit', '1')
    .option('--units-per-day <n>', 'units entering the pilot per day, for the duration')
    .option('--one-sided', 'one-sided test (e.g. a guardrail or a "better than" question)')
    .action(async (o: PlanOptions) => {
      const ctx = context();
      const plan = buildPlan(o);
      if (ctx.out.json) return ctx.out.printJson(plan);
      const f = (x: number) => Number(x.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
      ctx.out.table(
        [
          { header: 'plan', value: (r: [string, string | null]) => r[0] },
          { header: '', value: (r) => r[1], align: 'right' },
        ],
        [
          ['minimum detectable effect', `${f(plan.mde_absolute)}${plan.mde_relative !== null ? ` (${(plan.mde_relative * 100).toFixed(2)}%)` : ''}`],
          ['control units', plan.control_units.toLocaleString('en-US')],
          ['treatment units', plan.treatment_units.toLocaleString('en-US')],
          ['total units', plan.total_units.toLocaleString('en-US')],
          ['days', plan.days === null ? 'give --units-per-day' : plan.days.toLocaleString('en-US')],
          ['power / alpha', `${plan.power} / ${plan.alpha} ${plan.alternative}`],
        ],
      );
    });
}

export function buildPlan(o: PlanOptions): Plan {
  if ((o.sd === undefined) === (o.rate === undefined)) throw new CliError('give exactly one of --sd (a mean metric) or --rate (a 0/1 metric)');
  const rate = o.rate !== undefined ? fraction('--rate', o.rate) : null;
  const sd = rate !== null ? Math.sqrt(rate * (1 - rate)) : positive('--sd', o.sd as string);
  const baseline = rate ?? (o.baseline !== undefined ? Number(o.baseline) : null);
  if (baseline !== null && !Number.isFinite(baseline)) throw new CliError(`--baseline: "${o.baseline}" is not a number`);
  const targets = [o.mde, o.mdeAbsolute, o.units].filter((x) => x !== undefined).length;
  if (targets !== 1) throw new CliError('give exactly one of --mde (relative), --mde-absolute or --units');
  const alpha = fraction('--alpha', o.alpha);
  const power = fraction('--power', o.power);
  if (power <= alpha) throw new CliError(`--power ${power} must be above --alpha ${alpha}`);
  let target: { mde: number } | { totalUnits: number };
  if (o.units !== undefined) {
    const n = positive('--units', o.units);
    if (!Number.isInteger(n) || n < 4) throw new CliError('--units must be a whole number of at least 4');
    target = { totalUnits: n };
  } else if (o.mde !== undefined) {
    if (!baseline) throw new CliError('--mde is relative to the baseline: give --baseline (or --rate), or use --mde-absolute');
    target = { mde: positive('--mde', o.mde) * Math.abs(baseline) };
  } else target = { mde: positive('--mde-absolute', o.mdeAbsolute as string) };
  return planExperiment(
    { alpha, power, sd, ratio: positive('--ratio', o.ratio), alternative: o.oneSided ? 'one-sided' : 'two-sided' },
    target,
    baseline,
    o.unitsPerDay !== undefined ? positive('--units-per-day', o.unitsPerDay) : null,
  );
}
