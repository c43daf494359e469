// A bench result as `benchmark_result` evidence (src/domain/evidence.ts is the contract the
// gates read): the figures of the step the result stands for, the SLO verdicts and the cost.
import { benchmarkResultPayloadSchema } from '../domain/evidence.js';
import type { BenchResult, StepSummary } from './bench-result.js';

/** The step evidence describes: the highest load that met the SLO, else the first (lowest) step. */
export function evidenceStep(r: BenchResult): StepSummary | undefined {
  return r.steps[r.chosen_step ?? 0];
}

/** null when no request succeeded: there is no latency to record (the contract needs p95_ms). */
export function evidencePayload(r: BenchResult): Record<string, unknown> | null {
  const s = evidenceStep(r);
  const e2e = s?.latency_ms.e2e;
  if (!s || !e2e) return null;
  const payload = {
    run_id: r.run_id,
    url: r.url,
    requests: s.requests.completed,
    p95_ms: e2e.p95,
    error_rate: s.error_rate,
    cost_per_1k_requests: r.cost?.figures.cost_per_1k_requests ?? null,
    slo_met: s.slo === null ? null : s.slo.met && r.chosen_step !== null,
    api: r.api,
    model: r.model,
    mode: r.mode,
    load: s.load,
    status: r.status,
    p50_ms: e2e.p50,
    p99_ms: e2e.p99,
    ttft_p95_ms: s.latency_ms.ttft?.p95 ?? null,
    tpot_p95_ms: s.latency_ms.tpot?.p95 ?? null,
    requests_per_s: s.throughput.requests_per_s,
    output_tokens_per_s: s.throughput.output_tokens_per_s,
    goodput_rps: s.throughput.goodput_rps,
    slo: r.slo_spec,
    slo_verdicts: s.slo?.verdicts ?? [],
    cost_per_1m_output_tokens: r.cost?.figures.cost_per_1m_output_tokens ?? null,
    monthly_cost: r.cost?.monthly?.monthly_cost ?? null,
    predictions_per_month: r.cost?.monthly?.predictions_per_month ?? null,
  };
  return benchmarkResultPayloadSchema.parse(payload) as Record<string, unknown>;
}
