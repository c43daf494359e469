// Shapes of the readiness and benchmark resources, as src/server/readiness-views.ts and
// routes/bench.ts answer them.
export interface CheckResult {
  dataset: string;
  name: string;
  type: string;
  severity: string;
  dimension: string;
  status: string;
  observed: unknown;
  elements: number | null;
  unexpected: number | null;
  message: string;
}

export interface LostPoints {
  dataset: string;
  check: string;
  dimension: string;
  points: number;
  status: string;
  hint: string;
}

export interface Score {
  run_id: string;
  at?: string;
  score: number | null;
  dimensions: Record<string, number>;
  lost: LostPoints[];
}

export interface DatasetState {
  id: string;
  title: string | null;
  description: string | null;
  source: string;
  system: string | null;
  checks_declared: number;
  used_by: string[];
  row_count: number | null;
  latest: (Score & { checks: number; failed: number }) | null;
  failing: CheckResult[];
}

export interface DatasetDetail extends DatasetState {
  results: CheckResult[];
  metrics: string[];
}

export interface RunSummary {
  id: string;
  started_at: string;
  finished_at: string;
  actor: string;
  datasets: string[];
  summary: { datasets?: number; checks?: number; passed?: number; failed?: number; warned?: number; errors?: number; failing?: boolean };
}

export interface RunDetail {
  run: RunSummary;
  results: CheckResult[];
  scores: { datasets: Record<string, Score>; use_cases: Record<string, Score> };
}

export interface MetricHistory {
  dataset: string;
  metric: string;
  metrics: string[];
  points: { run_id: string; at: string; value: number; expected: number | null; z_score: number | null; rate_of_change: number | null; anomaly: boolean; reason: string | null }[];
}

export interface BenchSummary {
  id: string;
  use_case: string | null;
  started_at: string;
  url: string;
  api: string;
  model: string | null;
  mode: string;
  status: string;
  slo: string | null;
  slo_met: boolean | null;
  step: { load: string; requests: number; error_rate: number; requests_per_s: number; output_tokens_per_s: number; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; ttft_p95_ms: number | null } | null;
  cost_per_1k_requests: number | null;
  monthly_cost: number | null;
}
