// Shapes of the readiness and benchmark resources, as src/server/readiness-views.ts and
// routes/bench.ts answer them; query keys for the failing rows of a check.
import { api } from './api';

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
  latest: (Score & { checks: number; failed: number; passed: number }) | null;
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

/** One page of a check's failing rows (GET /api/datasets/:id/checks/:check/failing-rows). */
export interface FailingRowsPage {
  dataset: string;
  check: string;
  columns: string[];
  rows: (string | null)[][];
  offset: number;
  limit: number;
  more: boolean;
}

const checkPath = (dataset: string, check: string) => `/api/datasets/${encodeURIComponent(dataset)}/checks/${encodeURIComponent(check)}/failing-rows`;

export const failingRowsQuery = (dataset: string, check: string, offset: number, limit: number) => ({
  queryKey: ['failing-rows', dataset, check, offset, limit] as const,
  queryFn: () => api<FailingRowsPage>(`${checkPath(dataset, check)}?offset=${offset}&limit=${limit}`),
});

/** Where the browser downloads every failing row of a check as CSV (a plain link: the session cookie goes along). */
export const failingRowsCsvHref = (dataset: string, check: string) => `${checkPath(dataset, check)}.csv`;
