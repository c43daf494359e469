// A criterion in words ("readiness score >= 75"), as the CLI prints it and the dashboard
// shows it, so both name a criterion the same way.
import type { Criterion } from '../domain/stages.js';

export function describeCriterion(c: Criterion): string {
  switch (c.kind) {
    case 'readiness_score':
      return `readiness score >= ${c.min}`;
    case 'kpi_baseline':
      return `KPI baseline (${c.kpis})`;
    case 'experiment_verdict':
      return `experiment verdict (min effect ${c.min_effect * 100}%, alpha ${c.alpha})`;
    case 'rubric_score':
      return `ML Test Score >= ${c.min}`;
    case 'benchmark_slo': {
      const parts = [c.p95_ms !== undefined ? `p95 <= ${c.p95_ms} ms` : '', c.error_rate !== undefined ? `errors <= ${c.error_rate * 100}%` : '', c.cost_per_1k_requests !== undefined ? `cost/1k <= ${c.cost_per_1k_requests}` : ''];
      return `benchmark SLO (${parts.filter(Boolean).join(', ') || 'as measured'})`;
    }
    case 'signoff':
      return `sign-off: ${c.roles.join(', ')}`;
    case 'business_case_npv':
      return `expected NPV > ${c.min}`;
    case 'usage_adoption':
      // toFixed then Number: 0.3 * 100 is 30.000000000000004 in binary floating point.
      return `adoption >= ${Number((c.min_rate * 100).toFixed(6))}% in each of the last ${c.weeks} week(s)`;
    case 'usage_cost': {
      const parts = [c.max_per_request !== undefined ? `per request <= ${c.max_per_request}` : '', c.max_per_1k_requests !== undefined ? `per 1k requests <= ${c.max_per_1k_requests}` : ''];
      return `production cost (${parts.filter(Boolean).join(', ')})`;
    }
    case 'usage_latency':
      return `production ${c.percentile} <= ${c.max_ms !== undefined ? `${c.max_ms} ms` : 'the benchmarked SLO'}`;
  }
}
