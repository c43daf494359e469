// `traction portfolio`: every use case ranked by total score, with the NPV distribution
// (P10/P50/P90), the risk-adjusted NPV, the quadrant and the score breakdown.
import type { RegisterCommand } from './commands.js';
import { evaluatePortfolio, type PortfolioEvaluation } from '../portfolio/evaluate-portfolio.js';
import type { ScoredUseCase } from '../portfolio/scoring.js';
import { formatProblem, type Problem } from '../workspace/problem.js';
import { EXIT } from './output.js';
import { loadForPortfolio, located, money, percent, readinessScores, unvaluedProblems } from './portfolio-context.js';

const QUADRANT_LABELS = { quick_win: 'quick win', strategic_bet: 'strategic bet', fill_in: 'fill-in', money_pit: 'money pit' } as const;

export function portfolioJson(e: PortfolioEvaluation, currency: string, unvalued: { useCaseId: string; problem: Problem }[] = []) {
  return {
    currency,
    unvalued: unvalued.map((u) => ({ use_case: u.useCaseId, ...u.problem })),
    draws: e.draws,
    seed: e.seed,
    use_cases: e.ranking.map((s, i) => {
      const v = e.valuations.get(s.useCaseId)!;
      return {
        rank: i + 1,
        id: s.useCaseId,
        title: v.useCase.title,
        quadrant: s.quadrant,
        scores: s.scores,
        feasibility: s.feasibility,
        reasons: s.reasons,
        npv: { likely: v.likely.npv, p10: v.simulation.p10, p50: v.simulation.p50, p90: v.simulation.p90, expected: v.simulation.expectedNpv },
        probability_npv_positive: v.simulation.probabilityPositive,
        probability_of_success: v.useCase.probability_of_success,
        roi: v.likely.roi,
        irr_annual: v.likely.irrAnnual,
        payback_month: v.likely.paybackMonth,
      };
    }),
  };
}

export const registerPortfolio: RegisterCommand = (program, context, setExit) => {
  program
    .command('portfolio')
    .description('rank use cases by risk-adjusted value, feasibility, alignment and risk (Monte Carlo NPV)')
    .option('--draws <n>', 'Monte Carlo draws per use case (default: traction.yaml simulation.draws or 10000)', (s) => Number.parseInt(s, 10))
    .option('--seed <n>', 'random seed (default: traction.yaml simulation.seed or 1)', (s) => Number.parseInt(s, 10))
    .action(async (opts: { draws?: number; seed?: number }) => {
      const ctx = context();
      const loaded = await loadForPortfolio(ctx);
      const { config, useCases } = loaded.workspace;
      const readiness = await readinessScores(ctx);
      const evaluation = located(loaded, () => evaluatePortfolio(useCases, config, { readiness, ...(opts.draws ? { draws: opts.draws } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) }));
      const unvalued = unvaluedProblems(loaded, evaluation);
      if (unvalued.length > 0) setExit(EXIT.usage);
      if (ctx.out.json) return ctx.out.printJson(portfolioJson(evaluation, config.currency, unvalued));
      const { out } = ctx;
      out.line(`${out.c.bold(config.organisation)}: ${useCases.length} use cases, NPV in ${config.currency} over ${config.horizon_months} months at ${percent(config.discount_rate, 1)}; ${evaluation.draws.toLocaleString('en-US')} draws, seed ${evaluation.seed}`);
      out.line();
      const v = (s: ScoredUseCase) => evaluation.valuations.get(s.useCaseId)!;
      out.table<ScoredUseCase>(
        [
          { header: '#', value: (s) => evaluation.ranking.indexOf(s) + 1, align: 'right' },
          { header: 'use case', value: (s) => s.useCaseId },
          { header: 'quadrant', value: (s) => QUADRANT_LABELS[s.quadrant], colour: (t, s) => (s.quadrant === 'quick_win' ? out.c.green(t) : s.quadrant === 'money_pit' ? out.c.red(t) : out.c.yellow(t)) },
          { header: 'score', value: (s) => s.scores.total.toFixed(0), align: 'right' },
          { header: 'val/feas/align/risk', value: (s) => [s.scores.value, s.scores.feasibility, s.scores.strategic_alignment, s.scores.risk].map((x) => x.toFixed(0)).join('/'), align: 'right' },
          { header: 'E[NPV]', value: (s) => money(s.expectedNpv), align: 'right' },
          { header: 'P10', value: (s) => money(v(s).simulation.p10), align: 'right' },
          { header: 'P50', value: (s) => money(v(s).simulation.p50), align: 'right' },
          { header: 'P90', value: (s) => money(v(s).simulation.p90), align: 'right' },
          { header: 'P(NPV>0)', value: (s) => percent(v(s).simulation.probabilityPositive), align: 'right' },
          { header: 'payback', value: (s) => (v(s).likely.paybackMonth === null ? 'never' : `${v(s).likely.paybackMonth} mo`), align: 'right' },
        ],
        evaluation.ranking,
      );
      out.line();
      out.line(out.c.dim('P10/P50/P90: NPV if it works; E[NPV] and P(NPV>0) include the probability of technical success.'));
      out.line(out.c.dim('Scores 0-100: value = E[NPV] relative to the best; feasibility = data readiness, complexity, skills; risk = EU AI Act class.'));
      for (const q of ['quick_win', 'strategic_bet', 'fill_in', 'money_pit'] as const) {
        const ids = evaluation.ranking.filter((s) => s.quadrant === q).map((s) => s.useCaseId);
        if (ids.length > 0) out.line(`${out.c.bold(QUADRANT_LABELS[q])}: ${ids.join(', ')}`);
      }
      for (const u of unvalued) out.error(`not valued, left out: ${formatProblem(u.problem)}`);
    });
};
