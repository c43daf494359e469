// What the executive report shows, as plain data: the application layer
// (src/application/report.ts) fills it from the same reads and evaluations the API answers
// with, and report-html.ts renders it. No formula lives here: every figure is copied from
// the module that computed it, so the report and the API agree by construction.

export interface ReportLogo {
  mime: 'image/png' | 'image/jpeg' | 'image/svg+xml';
  /** The whole image as a data: URI (the document references nothing outside itself). */
  dataUri: string;
}

export interface RankedRow {
  rank: number;
  id: string;
  title: string;
  stage: string;
  quadrant: 'quick_win' | 'strategic_bet' | 'fill_in' | 'money_pit';
  /** Scores 0-100 as GET /api/portfolio `scores`. */
  total: number;
  value: number;
  feasibility: number;
  expectedNpv: number;
  p10: number;
  p50: number;
  p90: number;
  probabilityPositive: number;
  paybackMonth: number | null;
}

export interface PlannedRow {
  id: string;
  title: string;
  team: string;
  status: string;
  start: number;
  duration: number;
  value: number;
  funded: boolean;
}

export interface PilotVerdict {
  useCaseId: string;
  title: string;
  kpi: string;
  method: string;
  relativeLift: number;
  relativeCi: [number, number];
  pValue: number;
  significant: boolean;
  srmOk: boolean;
  verdict: string | null;
  regressedGuardrails: string[];
  recordedAt: string;
}

export interface RealisedRow {
  useCaseId: string;
  title: string;
  monthsLive: number;
  realisedToDate: number;
  costsToDate: number;
  roiToDate: number | null;
  monthlyValueNow: number;
  plannedMonthlyValue: number | null;
  /** The business case's NPV if it works (P50), as GET /api/use-cases/{id}/kpis `business_case`. */
  businessCaseP50: number | null;
  payback: { status: string; month: string | null };
  /** Value realised per month (all streams), and what the business case planned per month. */
  months: { month: string; realised: number; planned: number | null }[];
}

export interface ReadinessRow {
  id: string;
  title: string;
  score: number | null;
  dimensions: Record<string, number>;
}

export interface RiskRow {
  useCaseId: string;
  title: string;
  what: string;
}

export interface AssessmentSummary {
  title: string;
  status: string;
  respondents: number;
  overall: number | null;
  level: string | null;
  pillars: { name: string; score: number | null }[];
}

export interface ReportModel {
  organisation: string;
  clientName: string | null;
  logo: ReportLogo | null;
  /** ISO date the report was made. */
  generatedOn: string;
  currency: string;
  horizonMonths: number;
  discountRate: number;
  draws: number;
  portfolio: RankedRow[];
  /** Where the value-vs-feasibility matrix splits (GET /api/portfolio `thresholds`). */
  thresholds: { expectedNpv: number; feasibility: number };
  unvalued: { id: string; problem: string }[];
  roadmap: {
    quarters: string[];
    value: number;
    status: 'optimal' | 'time_limit';
    plan: PlannedRow[];
    excluded: { id: string; title: string; reason: string }[];
  } | null;
  /** The newest funding decision (a committed scenario), if any. */
  funding: { scenario: string; at: string; actor: string; value: number; funded: { id: string; title: string; quarters: string[] }[] } | null;
  pilots: PilotVerdict[];
  realised: RealisedRow[];
  readiness: { datasets: ReadinessRow[]; useCases: ReadinessRow[] };
  risks: RiskRow[];
  assessment: AssessmentSummary | null;
}
