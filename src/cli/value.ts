// `traction value USECASE`: one business case in full: the monthly cash flows, the NPV
// distribution as a histogram, and the tornado of its uncertain inputs.
import type { RegisterCommand } from './commands.js';
import { valueUseCase, type UseCaseValuation } from '../portfolio/evaluate-portfolio.js';
import { DEFAULT_DRAWS } from '../portfolio/monte-carlo.js';
import { histogramLines, tornadoBar } from './charts.js';
import { CliError, EXIT, type Output } from './output.js';
import { loadForPortfolio, located, money, percent } from './portfolio-context.js';

export function valueJson(v: UseCaseValuation, currency: string) {
  return {
    id: v.useCase.id,
    currency,
    likely: { npv: v.likely.npv, risk_adjusted_npv: v.likely.riskAdjustedNpv, roi: v.likely.roi, irr_annual: v.likely.irrAnnual, payback_month: v.likely.paybackMonth, monthly_value_at_full_adoption: v.likely.monthlyValueAtFullAdoption },
    cash_flows: v.likely.flows.map((f, i) => ({ month: i + 1, net: f })),
    simulation: { draws: v.simulation.draws, p10: v.simulation.p10, p50: v.simulation.p50, p90: v.simulation.p90, mean_if_successful: v.simulation.meanIfSuccessful, expected_npv: v.simulation.expectedNpv, probability_npv_positive: v.simulation.probabilityPositive },
    tornado: v.tornado.map((t) => ({ input: t.input, low: t.low, likely: t.likely, high: t.high, npv_at_low: t.npvAtLow, npv_at_high: t.npvAtHigh, swing: t.swing })),
  };
}

export const registerValue: RegisterCommand = (program, context) => {
  program
    .command('value')
    .argument('<use-case>', 'the use case id')
    .description('one business case: cash flows, NPV distribution and tornado')
    .option('--draws <n>', 'Monte Carlo draws', (s) => Number.parseInt(s, 10))
    .option('--seed <n>', 'random seed', (s) => Number.parseInt(s, 10))
    .action(async (id: string, opts: { draws?: number; seed?: number }) => {
      const ctx = context();
      const loaded = await loadForPortfolio(ctx);
      const { config, useCases } = loaded.workspace;
      const u = useCases.find((x) => x.id === id);
      if (!u) throw new CliError(`unknown use case "${id}" (known: ${useCases.map((x) => x.id).join(', ')})`, EXIT.usage);
      const v = located(loaded, () => valueUseCase(u, config, opts.draws ?? config.simulation?.draws ?? DEFAULT_DRAWS, opts.seed ?? config.simulation?.seed ?? 1));
      if (ctx.out.json) return ctx.out.printJson(valueJson(v, config.currency));
      printValuation(ctx.out, v, config.currency);
    });
};

function printValuation(out: Output, v: UseCaseValuation, currency: string): void {
  const l = v.likely;
  const s = v.simulation;
  out.line(`${out.c.bold(v.useCase.id)}: ${v.useCase.title} (${currency})`);
  out.line(`at likely values: NPV ${money(l.npv)}, ROI ${percent(l.roi) ?? '-'}, IRR ${percent(l.irrAnnual, 1) ?? 'none'} a year, payback ${l.paybackMonth === null ? 'never' : `month ${l.paybackMonth}`}`);
  out.line(`probability of success ${percent(v.useCase.probability_of_success)}: risk-adjusted NPV ${money(s.expectedNpv)} (Monte Carlo mean), P(NPV > 0) ${percent(s.probabilityPositive)}`);
  out.line();
  out.line(out.c.bold('Cash flows at likely values (end of month)'));
  let cumulative = 0;
  const rows = l.flows.map((f, i) => ({ month: i + 1, net: f, cumulative: (cumulative += f), discounted: f / (1 + v.model.monthlyRate) ** (i + 1) }));
  out.table(
    [
      { header: 'month', value: (r) => r.month, align: 'right' },
      { header: 'phase', value: (r) => (r.month <= v.model.buildMonths ? 'build' : 'live') },
      { header: 'net', value: (r) => money(r.net), align: 'right' },
      { header: 'discounted', value: (r) => money(r.discounted), align: 'right' },
      { header: 'cumulative', value: (r) => money(r.cumulative), align: 'right', colour: (t, r) => (r.cumulative < 0 ? out.c.red(t) : t) },
    ],
    rows,
  );
  out.line();
  out.line(out.c.bold(`NPV if it works: ${s.draws.toLocaleString('en-US')} draws, P10 ${money(s.p10)}, P50 ${money(s.p50)}, P90 ${money(s.p90)}`));
  for (const line of histogramLines(s.npvSorted, 16, 40, (x) => money(x) ?? '')) out.line(line);
  out.line();
  if (v.tornado.length === 0) return out.line('no uncertain inputs: every input is a single number');
  out.line(out.c.bold(`Tornado: NPV at each input's low and high, others at likely (base ${money(l.npv)})`));
  const span = Math.max(...v.tornado.flatMap((t) => [Math.abs(t.npvAtLow - l.npv), Math.abs(t.npvAtHigh - l.npv)]));
  out.table(
    [
      { header: 'input', value: (t) => t.input },
      { header: 'low..high', value: (t) => `${t.low}..${t.high}` },
      { header: 'NPV at low', value: (t) => money(t.npvAtLow), align: 'right' },
      { header: 'NPV at high', value: (t) => money(t.npvAtHigh), align: 'right' },
      { header: 'swing', value: (t) => tornadoBar(l.npv, t.npvAtLow, t.npvAtHigh, span, 15) },
    ],
    v.tornado,
  );
}
