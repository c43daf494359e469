// Shapes of the impact resources, as src/server/routes/impact.ts answers them, and the calls
// the use-case page makes for them.
import { api } from './api';

export interface KpiStatus {
  kpi: string;
  name: string;
  unit: string;
  direction: 'up' | 'down';
  role: 'primary' | 'guardrail';
  baseline: { value: number; at: string | null; source: 'recorded' | 'declared' } | null;
  target: number;
  latest: { at: string; value: number } | null;
  measurements: number;
  trend: { slope_per_month: number; points: number; improving: boolean } | null;
  progress: number | null;
  target_met: boolean | null;
  series: { at: string; value: number }[];
}

export interface UseCaseKpis {
  use_case: string;
  currency: string | null;
  kpis: KpiStatus[];
  realised_value: {
    months_live: number;
    realised_to_date: number;
    costs_to_date: number;
    roi_to_date: number | null;
    monthly_value_now: number;
    planned_monthly_value: number | null;
    payback: { status: 'paid_back' | 'forecast' | 'not_on_track' | 'not_started'; month: string | null };
  };
  /** Value realised from the service's use by the value template; null without one. */
  realised_from_usage: { formula: string; months_live: number; realised_to_date: number; costs_to_date: number; roi_to_date: number | null; monthly_value_now: number | null } | null;
  business_case: { npv_p10: number; npv_p50: number; npv_p90: number; monthly_value_likely: number } | null;
}

export interface ExperimentMetric {
  metric: string;
  role: 'primary' | 'guardrail';
  direction: 'up' | 'down';
  arm: string;
  control: { n: number; mean: number; sd: number };
  treatment: { n: number; mean: number; sd: number };
  absolute: { lift: number; ci: [number, number] } | null;
  relative: { lift: number; ci: [number, number] } | null;
  sequential: { absolute_ci: [number, number]; relative_ci: [number, number] | null; p_value: number } | null;
  p_value: number | null;
  adjusted_p_value: number | null;
  significant: boolean;
  improved: boolean;
  guardrail: { regressed: boolean; reason: string } | null;
  degenerate: string | null;
}

export interface ExperimentReport {
  alpha: number;
  control: string;
  arms: { arm: string; units: number; planned_share: number }[];
  srm: { ok: boolean; p_value: number };
  metrics: ExperimentMetric[];
  verdict: 'positive' | 'negative' | 'inconclusive' | 'invalid';
  reasons: string[];
  evidence: { kpi: string; arm: string; evidence: string | null; skipped: string | null }[];
}

export interface KpiValue {
  kpi: string;
  at: string;
  value: number;
  baseline: boolean;
}

const base = (id: string) => `/api/use-cases/${encodeURIComponent(id)}`;
export const kpisKey = (id: string) => ['kpis', id] as const;
export const fetchKpis = (id: string) => api<UseCaseKpis>(`${base(id)}/kpis`);
export const recordKpiValues = (id: string, values: KpiValue[]) => api<{ stored: number; baselines: number }>(`${base(id)}/kpi-values`, { method: 'POST', body: { values } });
export const uploadKpiCsv = (id: string, csv: string, name: string) => api<{ imported: number; baselines: number }>(`${base(id)}/kpi-csv`, { method: 'POST', body: { csv, name } });
export const analyseExperiment = (id: string, body: { csv: string; name: string; metrics: string[]; guardrails: string[] }) => api<ExperimentReport>(`${base(id)}/experiments`, { method: 'POST', body });
