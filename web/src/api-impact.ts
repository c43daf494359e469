// Shapes (aliases of the types generated from the API's OpenAPI document) of the impact resources,
// as src/server/routes/impact.ts answers them, and the calls the use-case page makes for them.
import { api, type Answer, type Body, type Item } from './api';
export type KpiStatus = Item<UseCaseKpis['kpis']>;

export type UseCaseKpis = Answer<'/api/use-cases/{id}/kpis'>;

// The API documents the experiment report as an open object (its shape is the analysis's, src/impact),
// so it is narrowed here by hand.
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


export type KpiValue = Item<Body<'/api/use-cases/{id}/kpi-values'>['values']>;

const base = (id: string) => `/api/use-cases/${encodeURIComponent(id)}`;
export const kpisKey = (id: string) => ['kpis', id] as const;
export const fetchKpis = (id: string) => api<UseCaseKpis>(`${base(id)}/kpis`);
export const recordKpiValues = (id: string, values: KpiValue[]) => api<{ stored: number; baselines: number }>(`${base(id)}/kpi-values`, { method: 'POST', body: { values } });
export const uploadKpiCsv = (id: string, csv: string, name: string) => api<{ imported: number; baselines: number }>(`${base(id)}/kpi-csv`, { method: 'POST', body: { csv, name } });
export const analyseExperiment = (id: string, body: { csv: string; name: string; metrics: string[]; guardrails: string[] }) => api<ExperimentReport>(`${base(id)}/experiments`, { method: 'POST', body });
