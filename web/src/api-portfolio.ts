// Shapes of the computed portfolio resources (/api/portfolio, business case, roadmap), as
// src/server/portfolio-views.ts answers them.
export type Quadrant = 'quick_win' | 'strategic_bet' | 'fill_in' | 'money_pit';

export const QUADRANT_LABELS: Record<Quadrant, string> = { quick_win: 'Quick win', strategic_bet: 'Strategic bet', fill_in: 'Fill-in', money_pit: 'Money pit' };
export const QUADRANT_COLOURS: Record<Quadrant, string> = { quick_win: '#16a34a', strategic_bet: '#3563c9', fill_in: '#b7791f', money_pit: '#b42318' };

export interface RankedUseCase {
  rank: number;
  id: string;
  title: string;
  stage: string;
  team: string;
  quadrant: Quadrant;
  scores: { value: number; feasibility: number; strategic_alignment: number; risk: number; total: number };
  feasibility: { data: number; data_source: 'readiness_run' | 'declared' | 'unknown'; technical: number; integration: number; skills: number; missing_skills: string[] };
  reasons: string[];
  npv: { likely: number; p10: number; p50: number; p90: number; expected: number };
  probability_npv_positive: number;
  probability_of_success: number;
  roi: number | null;
  irr_annual: number | null;
  payback_month: number | null;
}

export interface Portfolio {
  organisation: string;
  currency: string;
  horizon_months: number;
  discount_rate: number;
  draws: number;
  seed: number;
  thresholds: { expected_npv: number; feasibility: number };
  use_cases: RankedUseCase[];
  /** Stored use cases that cannot be valued: left out of the ranking and roadmap, with why. */
  unvalued: { id: string; problems: { field: string; message: string }[] }[];
}

export interface BusinessCase {
  id: string;
  currency: string;
  build_months: number;
  likely: { npv: number; risk_adjusted_npv: number; roi: number | null; irr_annual: number | null; payback_month: number | null; monthly_value_at_full_adoption: number };
  cash_flows: { month: number; net: number; discounted: number; cumulative: number }[];
  simulation: { draws: number; p10: number; p50: number; p90: number; mean_if_successful: number; expected_npv: number; probability_npv_positive: number };
  histogram: { from: number; to: number; count: number }[];
  tornado: { input: string; low: number; likely: number; high: number; npv_at_low: number; npv_at_high: number; swing: number }[];
}

export interface Roadmap {
  currency: string;
  quarters: string[];
  status: 'optimal' | 'time_limit';
  value: number;
  bound: number | null;
  gap: number | null;
  solver_seconds: number;
  greedy: { value: number; valid: boolean };
  plan: { id: string; title: string; team: string; status: string; start: number; duration: number; start_quarter: string; end_quarter: string; value: number; build: number; effort_person_weeks: number }[];
  budget: { quarter: string; used: number; limit: number }[];
  teams: { id: string; capacity: number; used: number[] }[];
  binding: { constraint: string; kind: 'budget' | 'team' | 'skill'; quarter: string; used: number; limit: number; blocks: string[] }[];
  excluded: { id: string; title: string; reason: string; would_take: string }[];
  done: string[];
  purchase_cost: number;
  skills: SkillQuarter[];
  bought: BoughtCapacity[];
}

export interface SkillQuarter {
  skill: string;
  name: string;
  quarter: string;
  demand: number;
  capacity: number;
  bought: number;
  shortfall: number;
}

export interface BoughtCapacity {
  option: string;
  name: string;
  kind: 'contractor' | 'partner' | 'hire';
  skill: string;
  quarter: string;
  units: number;
  person_weeks_per_quarter: number;
  cost: number;
  needed_by: { id: string; title: string; person_weeks: number }[];
  why: string;
}
