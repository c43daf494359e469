// What the portfolio endpoints answer: the ranking, one business case and the roadmap, as
// zod schemas (for the OpenAPI document) and converters from the portfolio module's results.
// Field names follow `traction portfolio|value|roadmap --json`. No formula lives here.
import { z } from 'zod';
import type { PortfolioEvaluation, UseCaseValuation } from '../portfolio/evaluate-portfolio.js';
import { histogram } from '../portfolio/histogram.js';
import { valueAt } from '../portfolio/roadmap-instance.js';
import type { RoadmapState, PortfolioState } from './portfolio-cache.js';

const quadrantSchema = z.enum(['quick_win', 'strategic_bet', 'fill_in', 'money_pit']);

export const rankedUseCaseSchema = z.object({
  rank: z.number().int(),
  id: z.string(),
  title: z.string(),
  stage: z.string(),
  team: z.string(),
  quadrant: quadrantSchema,
  scores: z.object({ value: z.number(), feasibility: z.number(), strategic_alignment: z.number(), risk: z.number(), total: z.number() }).describe('0-100 each; total is the weighted mean'),
  feasibility: z.object({ data: z.number(), data_source: z.enum(['readiness_run', 'declared', 'unknown']), technical: z.number(), integration: z.number(), skills: z.number(), missing_skills: z.array(z.string()) }),
  reasons: z.array(z.string()),
  npv: z.object({ likely: z.number(), p10: z.number(), p50: z.number(), p90: z.number(), expected: z.number() }).describe('p10/p50/p90: NPV if it works; expected: risk-adjusted (with the probability of success)'),
  probability_npv_positive: z.number(),
  probability_of_success: z.number(),
  roi: z.number().nullable(),
  irr_annual: z.number().nullable(),
  payback_month: z.number().int().nullable(),
});

export const portfolioSchema = z.object({
  organisation: z.string(),
  currency: z.string(),
  horizon_months: z.number().int(),
  discount_rate: z.number(),
  draws: z.number().int(),
  seed: z.number().int(),
  thresholds: z.object({ expected_npv: z.number(), feasibility: z.number() }).describe('where the quadrants split'),
  use_cases: z.array(rankedUseCaseSchema),
  unvalued: z
    .array(z.object({ id: z.string(), problems: z.array(z.object({ field: z.string(), message: z.string() })) }))
    .describe('stored use cases that cannot be valued (a definition that does not validate, a formula that fails): left out of the ranking and the roadmap, each with its problems'),
});

/** A field path as the API names fields: dotted. */
const dotted = (path: readonly (string | number)[]) => path.join('.');

export function unvaluedView(e: PortfolioEvaluation['unvalued']): z.infer<typeof portfolioSchema>['unvalued'] {
  return e.map((u) => ({ id: u.useCaseId, problems: u.problems.map((p) => ({ field: dotted(p.path), message: p.message })) }));
}

export function portfolioView(s: PortfolioState): z.infer<typeof portfolioSchema> {
  const { config } = s.workspace;
  const e = s.evaluation;
  return {
    organisation: config.organisation,
    currency: config.currency,
    horizon_months: config.horizon_months,
    discount_rate: config.discount_rate,
    draws: e.draws,
    seed: e.seed,
    thresholds: { expected_npv: s.bars.value, feasibility: s.bars.feasibility },
    use_cases: e.ranking.map((r, i) => {
      const v = e.valuations.get(r.useCaseId)!;
      const f = r.feasibility;
      return {
        rank: i + 1,
        id: r.useCaseId,
        title: v.useCase.title,
        stage: v.useCase.stage,
        team: v.useCase.team,
        quadrant: r.quadrant,
        scores: r.scores,
        feasibility: { data: f.data, data_source: f.dataSource, technical: f.technical, integration: f.integration, skills: f.skills, missing_skills: f.missingSkills },
        reasons: r.reasons,
        npv: { likely: v.likely.npv, p10: v.simulation.p10, p50: v.simulation.p50, p90: v.simulation.p90, expected: v.simulation.expectedNpv },
        probability_npv_positive: v.simulation.probabilityPositive,
        probability_of_success: v.useCase.probability_of_success,
        roi: finite(v.likely.roi),
        irr_annual: finite(v.likely.irrAnnual),
        payback_month: v.likely.paybackMonth,
      };
    }),
    unvalued: unvaluedView(e.unvalued),
  };
}

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

export const businessCaseSchema = z.object({
  id: z.string(),
  currency: z.string(),
  build_months: z.number().int(),
  likely: z.object({ npv: z.number(), risk_adjusted_npv: z.number(), roi: z.number().nullable(), irr_annual: z.number().nullable(), payback_month: z.number().int().nullable(), monthly_value_at_full_adoption: z.number() }),
  cash_flows: z.array(z.object({ month: z.number().int(), net: z.number(), discounted: z.number(), cumulative: z.number() })).describe('at likely values, end of month'),
  simulation: z.object({ draws: z.number().int(), p10: z.number(), p50: z.number(), p90: z.number(), mean_if_successful: z.number(), expected_npv: z.number(), probability_npv_positive: z.number() }),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })).describe('the NPV-if-it-works draws in equal-width bins'),
  tornado: z.array(z.object({ input: z.string(), low: z.number(), likely: z.number(), high: z.number(), npv_at_low: z.number(), npv_at_high: z.number(), swing: z.number() })).describe('widest swing first; NPV at likely is likely.npv'),
});

export function businessCaseView(v: UseCaseValuation, currency: string, bins: number): z.infer<typeof businessCaseSchema> {
  const l = v.likely;
  const s = v.simulation;
  let cumulative = 0;
  return {
    id: v.useCase.id,
    currency,
    build_months: v.model.buildMonths,
    likely: { npv: l.npv, risk_adjusted_npv: l.riskAdjustedNpv, roi: finite(l.roi), irr_annual: finite(l.irrAnnual), payback_month: l.paybackMonth, monthly_value_at_full_adoption: l.monthlyValueAtFullAdoption },
    cash_flows: l.flows.map((net, i) => ({ month: i + 1, net, discounted: net / (1 + v.model.monthlyRate) ** (i + 1), cumulative: (cumulative += net) })),
    simulation: { draws: s.draws, p10: s.p10, p50: s.p50, p90: s.p90, mean_if_successful: s.meanIfSuccessful, expected_npv: s.expectedNpv, probability_npv_positive: s.probabilityPositive },
    histogram: histogram(s.npvSorted, bins),
    tornado: v.tornado.map((t) => ({ input: t.input, low: t.low, likely: t.likely, high: t.high, npv_at_low: t.npvAtLow, npv_at_high: t.npvAtHigh, swing: t.swing })),
  };
}

export const roadmapSchema = z.object({
  currency: z.string(),
  quarters: z.array(z.string()),
  status: z.enum(['optimal', 'time_limit']).describe('optimal: proven optimal; time_limit: the best plan found when the planning time ran out, within `gap` of the optimum when a bound was proven'),
  value: z.number().describe('total risk-adjusted NPV of the plan'),
  bound: z.number().nullable().describe('the proven upper bound on any plan\'s value; null when the solver proved none within its time limit'),
  gap: z.number().nullable().describe('(bound - value) / |value|; null when no bound was proven'),
  solver_seconds: z.number(),
  search_seconds: z.number().describe('the local search before the solver; planning took search_seconds + solver_seconds'),
  greedy: z.object({ value: z.number(), valid: z.boolean() }).describe('the greedy baseline, for comparison'),
  plan: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      team: z.string(),
      status: z.string().describe('candidate, must_do or in_progress'),
      start: z.number().int().describe('index into quarters'),
      duration: z.number().int(),
      start_quarter: z.string(),
      end_quarter: z.string(),
      value: z.number(),
      build: z.number(),
      effort_person_weeks: z.number(),
    }),
  ),
  budget: z.array(z.object({ quarter: z.string(), used: z.number(), limit: z.number() })),
  teams: z.array(z.object({ id: z.string(), capacity: z.number(), used: z.array(z.number()) })),
  binding: z.array(z.object({ constraint: z.string(), kind: z.enum(['budget', 'team', 'skill']), quarter: z.string(), used: z.number(), limit: z.number(), blocks: z.array(z.string()) })),
  excluded: z.array(z.object({ id: z.string(), title: z.string(), reason: z.string(), would_take: z.string() })),
  done: z.array(z.string()).describe('use cases already delivered, outside the plan'),
  purchase_cost: z.number().describe('discounted cost of the capacity bought, already taken off value'),
  skills: z
    .array(z.object({ skill: z.string(), name: z.string(), quarter: z.string(), demand: z.number(), capacity: z.number(), bought: z.number(), shortfall: z.number() }))
    .describe('person-weeks per skill and quarter: what the plan needs, what the teams have, what is bought, and the shortfall the teams alone would leave (empty when no use case declares skill_demand)'),
  bought: z
    .array(
      z.object({
        option: z.string(),
        name: z.string(),
        kind: z.enum(['contractor', 'partner', 'hire']),
        skill: z.string(),
        quarter: z.string().describe('the quarter it is bought for; a hire starts then and stays to the end of the roadmap'),
        units: z.number().int(),
        person_weeks_per_quarter: z.number(),
        cost: z.number().describe('not discounted, over the roadmap'),
        needed_by: z.array(z.object({ id: z.string(), title: z.string(), person_weeks: z.number() })),
        why: z.string(),
      }),
    )
    .describe('capacity bought from traction.yaml capacity_options, and which use cases needed it'),
});

export function roadmapView(r: RoadmapState, p: PortfolioState): z.infer<typeof roadmapSchema> {
  const { instance: inst, result } = r;
  const labels = inst.quarterLabels;
  const title = (id: string) => p.evaluation.valuations.get(id)?.useCase.title ?? id;
  const byId = new Map(inst.items.map((i) => [i.id, i]));
  return {
    currency: p.workspace.config.currency,
    quarters: labels,
    status: result.status,
    value: result.value,
    bound: Number.isFinite(result.bound) ? result.bound : null,
    gap: Number.isFinite(result.gap) ? result.gap : null,
    solver_seconds: result.solverSeconds,
    search_seconds: result.searchSeconds,
    greedy: { value: result.greedy.value, valid: result.greedy.valid },
    plan: [...result.plan]
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .map(([id, start]) => {
        const item = byId.get(id)!;
        const end = Math.min(labels.length - 1, start + item.duration - 1);
        return { id, title: title(id), team: item.team, status: item.status, start, duration: item.duration, start_quarter: labels[start]!, end_quarter: labels[end]!, value: valueAt(inst, item, start), build: item.build, effort_person_weeks: item.effort };
      }),
    budget: inst.budget.map((limit, q) => ({ quarter: labels[q]!, used: result.usage.budget[q] ?? 0, limit })),
    teams: inst.teams.map((t) => ({ id: t.id, capacity: t.capacity, used: result.usage.teams.get(t.id) ?? [] })),
    binding: result.binding.map((b) => ({ constraint: b.key, kind: b.kind, quarter: b.quarter, used: b.used, limit: b.limit, blocks: b.blocks })),
    excluded: result.exclusions.map((e) => ({ id: e.useCaseId, title: title(e.useCaseId), reason: e.reason, would_take: e.wouldTake })),
    done: inst.items.filter((i) => i.status === 'done').map((i) => i.id),
    purchase_cost: result.purchaseCost,
    skills: result.skills.map((k) => ({ ...k })),
    bought: result.bought.map((b) => ({
      option: b.optionId,
      name: b.name,
      kind: b.kind,
      skill: b.skill,
      quarter: b.quarter,
      units: b.units,
      person_weeks_per_quarter: b.personWeeksPerQuarter,
      cost: b.cost,
      needed_by: b.neededBy.map((n) => ({ id: n.useCaseId, title: title(n.useCaseId), person_weeks: n.personWeeks })),
      why: b.why,
    })),
  };
}
