// Gate criteria over usage after go-live, read from the newest `usage_summary` evidence
// (src/usage/usage-evidence.ts makes it): adoption in each of the last N weeks, production
// cost per request, production latency against the SLO benchmarked before go-live.
import { benchmarkResultPayloadSchema, usageSummaryPayloadSchema, type UsageSummaryPayload } from '../domain/evidence.js';
import type { CriterionInput, Of } from './criteria.js';
import { none, num, ref, valid, type Verdict } from './evidence-records.js';

type UsageKind = 'usage_adoption' | 'usage_cost' | 'usage_latency';

const share = (x: number) => `${(x * 100).toFixed(1)}%`;

function latestUsage(input: CriterionInput) {
  return valid(input, 'usage_summary', usageSummaryPayloadSchema)[0];
}

function noUsage(input: CriterionInput): Verdict {
  return none('usage_summary', input, 'no usage summary recorded', "send the service's telemetry to Traction and record a usage summary (usage_summary evidence)");
}

const window = (p: UsageSummaryPayload) => `${p.window.from}..${p.window.through}`;

/** The latency objective a benchmark's SLO states for a percentile: key pNN_ms or e2e_pNN_ms. */
function benchmarkedLimit(input: CriterionInput, percentile: 'p90' | 'p99') {
  const [latest] = valid(input, 'benchmark_result', benchmarkResultPayloadSchema);
  if (!latest) return undefined;
  const objective = latest.p.slo_verdicts.find((v) => v.key === `${percentile}_ms` || v.key === `e2e_${percentile}_ms`);
  return { record: latest.e, ms: objective?.threshold };
}

export const USAGE_EVALUATORS: { [K in UsageKind]: (c: Of<K>, input: CriterionInput) => Verdict } = {
  usage_adoption(c, input) {
    const latest = latestUsage(input);
    if (!latest) return noUsage(input);
    const { p } = latest;
    const evidence = [ref(latest.e)];
    if (p.audience === null)
      return { status: 'not_met', detail: 'no audience declared, so no adoption rate', evidence, next: 'declare telemetry.audience (how many people it is meant for) in its YAML file' };
    const weeks = p.weeks.slice(-c.weeks);
    if (weeks.length < c.weeks)
      return { status: 'not_met', detail: `the usage summary covers ${weeks.length} week(s), the gate asks for ${c.weeks}`, evidence, next: 'record a usage summary over more weeks' };
    const lowest = weeks.reduce((a, w) => ((w.adoption_rate ?? 0) < (a.adoption_rate ?? 0) ? w : a));
    const rate = lowest.adoption_rate ?? 0;
    const series = weeks.map((w) => share(w.adoption_rate ?? 0)).join(', ');
    if (rate >= c.min_rate) return { status: 'met', detail: `adoption >= ${share(c.min_rate)} in each of the last ${c.weeks} week(s) (lowest ${share(rate)} in ${lowest.week})`, evidence, next: '' };
    return {
      status: 'not_met',
      detail: `adoption ${share(rate)} in ${lowest.week} < ${share(c.min_rate)} (last ${c.weeks} week(s): ${series}; audience ${num(p.audience)})`,
      evidence,
      next: 'find out why people do not use it (training, fit to their work) before scaling',
    };
  },

  usage_cost(c, input) {
    const latest = latestUsage(input);
    if (!latest) return noUsage(input);
    const { p } = latest;
    const evidence = [ref(latest.e)];
    const unpriced = p.unpriced_requests > 0 ? ` (${num(p.unpriced_requests)} request(s) without a price not counted)` : '';
    if (p.cost_per_request === null || p.cost_per_1k_requests === null)
      return { status: 'not_met', detail: `no priced requests in ${window(p)}${unpriced}`, evidence, next: 'add the model to the price table, or wait for production traffic' };
    const facts: string[] = [];
    const fails: string[] = [];
    if (c.max_per_request !== undefined)
      (p.cost_per_request <= c.max_per_request ? facts : fails).push(`cost per request ${num(p.cost_per_request)} ${p.cost_per_request <= c.max_per_request ? '<=' : '>'} ${c.max_per_request}`);
    if (c.max_per_1k_requests !== undefined)
      (p.cost_per_1k_requests <= c.max_per_1k_requests ? facts : fails).push(`cost per 1k requests ${num(p.cost_per_1k_requests)} ${p.cost_per_1k_requests <= c.max_per_1k_requests ? '<=' : '>'} ${c.max_per_1k_requests}`);
    if (fails.length === 0) return { status: 'met', detail: `${facts.join(', ')} in ${window(p)}${unpriced}`, evidence, next: '' };
    return { status: 'not_met', detail: `${fails.join(', ')} in ${window(p)}${unpriced}`, evidence, next: 'use a cheaper model, cache, or shorten prompts, and measure again' };
  },

  usage_latency(c, input) {
    const latest = latestUsage(input);
    if (!latest) return noUsage(input);
    const { p } = latest;
    const evidence = [ref(latest.e)];
    let limit = c.max_ms;
    if (limit === undefined) {
      const bench = benchmarkedLimit(input, c.percentile);
      if (!bench) return none('benchmark_result', input, `no benchmark result to take the ${c.percentile} objective from`, `set max_ms, or benchmark with an SLO: traction bench run ... --slo ${c.percentile}_ms=... --usecase ${input.useCase.id}`);
      evidence.push(ref(bench.record));
      if (bench.ms === undefined)
        return { status: 'not_met', detail: `the latest benchmark's SLO states no ${c.percentile} latency`, evidence, next: `set max_ms, or benchmark with --slo ${c.percentile}_ms=...` };
      limit = bench.ms;
    }
    const observed = p.latency_ms === null ? null : c.percentile === 'p90' ? p.latency_ms.p90_max : p.latency_ms.p99_max;
    if (observed === null) return { status: 'not_met', detail: `no latency measured in ${window(p)}`, evidence, next: 'send spans with their durations from production' };
    const source = c.max_ms === undefined ? 'the benchmarked SLO' : 'the limit';
    if (observed <= limit) return { status: 'met', detail: `production ${c.percentile} ${num(observed)} ms <= ${num(limit)} ms (${source}) on every day of ${window(p)}`, evidence, next: '' };
    return { status: 'not_met', detail: `production ${c.percentile} reached ${num(observed)} ms > ${num(limit)} ms (${source}) in ${window(p)}`, evidence, next: 'find the slow days (load, model, prompt size) and fix them, then measure again' };
  },
};
