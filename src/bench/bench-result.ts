// The result of `traction bench run`: one summary per load step (one step, or one per sweep
// rate), the step the cost and the evidence refer to, the cost, and notes that say what
// happened. Plain JSON, written to <run-id>.json, flattened to <run-id>.csv, stored as evidence.
import { explainErrorClass, type ErrorClass } from './error-class.js';
import type { LoadRun, LoadShape } from './load-generator.js';
import { LATENCY_METRICS, type LatencyMetric, type Percentiles, type TokenCounting } from './metrics.js';
import type { CostFigures, MonthlyCost, Pricing } from './cost-model.js';
import { evaluateSlo, type SloCriterion, type SloVerdict } from './slo.js';
import type { ApiKind } from './target.js';
import { csvLine } from '../domain/csv.js';

export interface StepSummary {
  load: LoadShape;
  started_at: string;
  elapsed_s: number;
  interrupted: boolean;
  requests: { issued: number; completed: number; ok: number; failed: number; cancelled: number };
  error_rate: number;
  errors: { class: ErrorClass; count: number; meaning: string; first: string }[];
  throughput: { requests_per_s: number; output_tokens_per_s: number; goodput_rps: number; offered_rps: number };
  latency_ms: Record<LatencyMetric, Percentiles | null>;
  tokens: {
    input_total: number;
    output_total: number;
    mean_input: number;
    mean_output: number;
    output_counted_by: Record<TokenCounting, number>;
    input_from_usage: number;
  };
  slo: { met: boolean; verdicts: SloVerdict[] } | null;
}

export interface BenchResult {
  run_id: string;
  url: string;
  api: ApiKind;
  model: string;
  stream: boolean;
  header_names: string[];
  prompts: { source: 'synthetic' | 'jsonl'; count: number; file?: string; input_tokens?: number; max_tokens?: number };
  mode: 'closed' | 'open' | 'sweep';
  seed: number;
  started_at: string;
  finished_at: string;
  status: 'completed' | 'interrupted';
  slo_spec: string | null;
  steps: StepSummary[];
  /** Index of the step cost and evidence refer to: the highest load that met the SLO, or the only step. */
  chosen_step: number | null;
  cost: { pricing: Pricing; figures: CostFigures; monthly: (MonthlyCost & { use_case: string }) | null } | null;
  use_case: string | null;
  notes: string[];
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarizeStep(run: LoadRun, slo: SloCriterion[] | null): StepSummary {
  const r = run.recorder;
  const completed = r.ok + r.failed;
  const seconds = run.elapsedMs / 1000;
  const perSecond = (n: number) => (seconds > 0 ? round(n / seconds) : 0);
  const latency = Object.fromEntries(LATENCY_METRICS.map((m) => [m, r.percentiles(m)])) as Record<LatencyMetric, Percentiles | null>;
  const errorRate = completed > 0 ? r.failed / completed : 0;
  const requestsPerSecond = perSecond(r.ok);
  return {
    load: run.shape,
    started_at: run.startedAt.toISOString(),
    elapsed_s: round(seconds),
    interrupted: run.interrupted,
    requests: { issued: run.issued, completed, ok: r.ok, failed: r.failed, cancelled: r.cancelled },
    error_rate: round(errorRate, 6),
    errors: [...r.errors.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([cls, e]) => ({ class: cls, count: e.count, meaning: explainErrorClass(cls), first: e.example })),
    throughput: { requests_per_s: requestsPerSecond, output_tokens_per_s: perSecond(r.outputTokens), goodput_rps: perSecond(r.good), offered_rps: perSecond(run.issued) },
    latency_ms: latency,
    tokens: {
      input_total: r.inputTokens,
      output_total: r.outputTokens,
      mean_input: r.ok > 0 ? round(r.inputTokens / r.ok) : 0,
      mean_output: r.ok > 0 ? round(r.outputTokens / r.ok) : 0,
      output_counted_by: { ...r.outputCounting },
      input_from_usage: r.inputFromUsage,
    },
    slo: slo ? evaluateSlo(slo, { percentiles: latency, errorRate, requestsPerSecond }) : null,
  };
}

/** The URL as it may be stored and printed: no user info, no query values (either may hold a key). */
export function displayUrl(url: URL): string {
  const u = new URL(url.toString());
  u.username = '';
  u.password = '';
  for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, '***');
  return u.toString();
}

export function loadLabel(load: LoadShape): string {
  return load.mode === 'closed' ? `concurrency ${load.concurrency}` : `${load.arrivals === 'poisson' ? 'poisson' : 'constant'} ${round(load.rate, 2)} req/s`;
}

const CSV_LATENCY = (['e2e', 'ttft', 'tpot', 'itl', 'dispatch_delay'] as const).flatMap((m) => (['p50', 'p90', 'p95', 'p99', 'max'] as const).map((s) => [m, s] as const));

/** One row per step: what a spreadsheet needs to plot latency against load. */
export function resultCsv(result: BenchResult): string {
  const header = ['run_id', 'step', 'mode', 'concurrency', 'rate', 'elapsed_s', 'ok', 'failed', 'cancelled', 'error_rate', 'requests_per_s', 'output_tokens_per_s', 'goodput_rps', ...CSV_LATENCY.map(([m, s]) => `${m}_${s}_ms`), 'slo_met'];
  const rows = result.steps.map((s, i) => [
    result.run_id,
    i + 1,
    s.load.mode,
    s.load.mode === 'closed' ? s.load.concurrency : '',
    s.load.mode === 'open' ? s.load.rate : '',
    s.elapsed_s,
    s.requests.ok,
    s.requests.failed,
    s.requests.cancelled,
    s.error_rate,
    s.throughput.requests_per_s,
    s.throughput.output_tokens_per_s,
    s.throughput.goodput_rps,
    ...CSV_LATENCY.map(([m, st]) => s.latency_ms[m]?.[st] ?? ''),
    s.slo === null ? '' : s.slo.met,
  ]);
  return [header, ...rows].map(csvLine).join('\n') + '\n';
}
