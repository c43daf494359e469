// Scores each use case on value, feasibility, strategic alignment and risk (0-100 each,
// higher is better), weights them as traction.yaml says, and places it in a quadrant of
// value vs feasibility with the reasons. The scales are stated in docs/portfolio.md.
import type { UseCase } from '../domain/use-case.js';
import type { Team, WorkspaceConfig } from '../domain/workspace-config.js';

export type Quadrant = 'quick_win' | 'strategic_bet' | 'fill_in' | 'money_pit';

export interface ReadinessInput {
  score: number; // 0-100
  source: string; // e.g. the readiness run id
}

export interface FeasibilityBreakdown {
  data: number;
  dataSource: 'readiness_run' | 'declared' | 'unknown';
  technical: number;
  integration: number;
  skills: number;
  missingSkills: string[];
}

export interface ScoredUseCase {
  useCaseId: string;
  expectedNpv: number;
  scores: { value: number; feasibility: number; strategic_alignment: number; risk: number; total: number };
  feasibility: FeasibilityBreakdown;
  quadrant: Quadrant;
  reasons: string[];
}

/** EU AI Act class -> risk score (higher is safer). Prohibited practices score 0 and are never planned. */
export const RISK_SCORES = { minimal: 100, limited: 75, high: 35, prohibited: 0 } as const;
/** Share of each feasibility component; data weighs most because it is the first barrier. */
const FEASIBILITY_SHARES = { data: 0.4, technical: 0.2, integration: 0.2, skills: 0.2 } as const;
export const DEFAULT_FEASIBILITY_THRESHOLD = 60;
const UNKNOWN_DATA_SCORE = 50;

export function feasibilityOf(u: UseCase, team: Team | undefined, readiness: ReadinessInput | undefined): FeasibilityBreakdown {
  const f = u.feasibility;
  const declared = f?.data;
  const data = readiness ? readiness.score : declared !== undefined ? declared * 20 : UNKNOWN_DATA_SCORE;
  const complexity = (c: number) => ((5 - c) / 4) * 100; // 1 (simple) -> 100, 5 (hard) -> 0
  const required = f?.skills_required ?? [];
  const missingSkills = required.filter((s) => !(team?.skills ?? []).includes(s));
  return {
    data,
    dataSource: readiness ? 'readiness_run' : declared !== undefined ? 'declared' : 'unknown',
    technical: complexity(f?.technical_complexity ?? 3),
    integration: complexity(f?.integration_complexity ?? 3),
    skills: required.length === 0 ? 100 : (100 * (required.length - missingSkills.length)) / required.length,
    missingSkills,
  };
}

export function feasibilityScore(b: FeasibilityBreakdown): number {
  const s = FEASIBILITY_SHARES;
  return s.data * b.data + s.technical * b.technical + s.integration * b.integration + s.skills * b.skills;
}

export interface ScoringInput {
  useCases: UseCase[];
  config: WorkspaceConfig;
  expectedNpv: ReadonlyMap<string, number>;
  readiness?: ReadonlyMap<string, ReadinessInput>;
}

export function scorePortfolio(input: ScoringInput): ScoredUseCase[] {
  const { useCases, config } = input;
  const weights = config.scoring?.weights ?? { value: 0.4, feasibility: 0.3, strategic_alignment: 0.2, risk: 0.1 };
  const weightSum = weights.value + weights.feasibility + weights.strategic_alignment + weights.risk || 1;
  const npvs = useCases.map((u) => input.expectedNpv.get(u.id) ?? 0);
  const best = Math.max(0, ...npvs);
  const valueBar = config.scoring?.value_threshold ?? Math.max(0, median(npvs));
  const feasibilityBar = config.scoring?.feasibility_threshold ?? DEFAULT_FEASIBILITY_THRESHOLD;
  return useCases
    .map((u) => {
      const npv = input.expectedNpv.get(u.id) ?? 0;
      const breakdown = feasibilityOf(u, config.teams.find((t) => t.id === u.team), input.readiness?.get(u.id));
      const scores = {
        value: best > 0 ? (100 * Math.max(0, npv)) / best : 0,
        feasibility: feasibilityScore(breakdown),
        strategic_alignment: u.strategic_alignment * 20,
        risk: RISK_SCORES[u.risk.eu_ai_act],
        total: 0,
      };
      scores.total =
        (weights.value * scores.value + weights.feasibility * scores.feasibility + weights.strategic_alignment * scores.strategic_alignment + weights.risk * scores.risk) /
        weightSum;
      const highValue = npv > 0 && npv >= valueBar;
      const feasible = scores.feasibility >= feasibilityBar;
      const quadrant: Quadrant = highValue ? (feasible ? 'quick_win' : 'strategic_bet') : feasible ? 'fill_in' : 'money_pit';
      return { useCaseId: u.id, expectedNpv: npv, scores, feasibility: breakdown, quadrant, reasons: reasons(u, npv, valueBar, scores.feasibility, feasibilityBar, breakdown) };
    })
    .sort((a, b) => b.scores.total - a.scores.total || b.expectedNpv - a.expectedNpv || a.useCaseId.localeCompare(b.useCaseId));
}

function reasons(u: UseCase, npv: number, valueBar: number, feasibility: number, bar: number, b: FeasibilityBreakdown): string[] {
  const money = (x: number) => Math.round(x).toLocaleString('en-US');
  const out = [
    npv <= 0
      ? `expected NPV ${money(npv)} is not positive`
      : npv >= valueBar
        ? `expected NPV ${money(npv)} >= value bar ${money(valueBar)}`
        : `expected NPV ${money(npv)} < value bar ${money(valueBar)}`,
    `feasibility ${feasibility.toFixed(0)} ${feasibility >= bar ? '>=' : '<'} ${bar}`,
  ];
  const dataFrom = b.dataSource === 'readiness_run' ? 'readiness run' : b.dataSource === 'declared' ? 'declared' : 'unknown, assumed';
  out.push(`data readiness ${b.data.toFixed(0)} (${dataFrom})`);
  if (b.missingSkills.length > 0) out.push(`team ${u.team} lacks ${b.missingSkills.join(', ')}`);
  if (u.risk.eu_ai_act === 'high' || u.risk.eu_ai_act === 'prohibited') out.push(`EU AI Act: ${u.risk.eu_ai_act} risk${u.risk.notes ? ` (${u.risk.notes})` : ''}`);
  return out;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
