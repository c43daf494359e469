// Shapes of the impact resources, as src/server/routes/impact.ts answers them.
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
