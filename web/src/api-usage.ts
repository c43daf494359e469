// Shapes of the usage resources, as src/server/routes/usage.ts answers them.
export type UsageFlag = 'no_use' | 'falling_use' | 'over_budget' | 'unpriced_models';
export interface Quantiles {
  p50: number;
  p90: number;
  p99: number;
}

export interface UseCaseUsage {
  use_case: string;
  title: string;
  stage: string;
  currency: string;
  period: { from: string; to: string } | null;
  audience: number | null;
  requests: number;
  errors: number;
  active_users_7d: number;
  active_users_30d: number;
  adoption_rate: number | null;
  weekly: { week: string; active_users: number; adoption_rate: number | null }[];
  monthly: { month: string; cost: number; requests: number; unpriced_requests: number; budget: number; over_budget: boolean }[];
  spend_to_date: number;
  cost_this_month: number;
  budget_per_month: number;
  spend_alert: string | null;
  latency: {
    daily: ({ day: string } & Quantiles)[];
    last_7_days: Quantiles | null;
    last_7_days_ttft: Quantiles | null;
    benchmark: { run_id: string; at: string; p50_ms: number | null; p95_ms: number; p99_ms: number | null; slo: { key: string; threshold: number }[] } | null;
    slo: { key: string; threshold: number; production_quantile: 'p50' | 'p90' | 'p99'; metric: 'latency' | 'time_to_first_token'; production_ms: number | null; met: boolean | null }[];
  };
  departments: { department: string; users: number; requests: number }[];
  value: { months: { month: string; value: number }[]; to_date: number; costs_to_date: number; roi_to_date: number | null } | null;
  flags: UsageFlag[];
}

export interface PortfolioUsage {
  currency: string;
  today: string;
  use_cases: {
    use_case: string;
    title: string;
    stage: string;
    requests_30d: number;
    active_users_30d: number;
    audience: number | null;
    adoption_rate: number | null;
    cost_this_month: number;
    cost_last_month: number;
    budget_per_month: number;
    value_to_date: number | null;
    flags: UsageFlag[];
  }[];
  unattributed: { service: string; requests: number }[];
  rejected: { reason: string; spans: number }[];
}

/** The flags in plain words. */
export const FLAG_WORDS: Record<UsageFlag, string> = {
  no_use: 'Not used in the last 14 days',
  falling_use: 'Use is falling',
  over_budget: 'Over budget this month, or on course to be',
  unpriced_models: 'Some models have no price',
};
