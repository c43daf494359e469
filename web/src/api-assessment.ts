// Shapes of the assessment resources, as src/server/routes/assessment.ts answers them
// (src/assessment/views.ts).
export type RespondentGroup = 'leadership' | 'staff';

export interface LevelName {
  level: number;
  name: string;
  description: string;
}

export interface Round {
  id: string;
  title: string;
  status: 'open' | 'closed';
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  closed_by: string | null;
  questionnaire: { id: string; title: string; version: number; hash: string };
  respondents: { total: number; leadership: number; staff: number };
  answered_by_me: boolean;
}

export interface QuestionnaireItem {
  id: string;
  text: string;
  weight: number;
  levels: [string, string, string, string, string];
}

export interface Questionnaire {
  id: string;
  title: string;
  version: number;
  maturity_model: { source: string; levels: LevelName[] };
  sources: { id: string; title: string; publisher: string; year: number; url?: string }[];
  pillars: { id: string; name: string; description: string; weight: number; frameworks: string[]; items: QuestionnaireItem[] }[];
}

export interface InvitationView {
  id: string;
  note: string | null;
  created_at: string;
  expires_at: string;
  state: 'open' | 'used' | 'expired' | 'revoked';
  used_at: string | null;
}

export interface CreatedInvitation extends InvitationView {
  token: string;
  path: string;
}

export interface ItemResult {
  id: string;
  text: string;
  weight: number;
  answers: number;
  distribution: number[];
  median: number | null;
  spread: { q1: number; q3: number; iqr: number } | null;
  leadership_median: number | null;
  staff_median: number | null;
  disagreement: boolean;
}

export interface PillarResult {
  id: string;
  name: string;
  weight: number;
  score: number | null;
  percent: number | null;
  level: LevelName | null;
  leadership_score: number | null;
  staff_score: number | null;
  items: ItemResult[];
}

export interface Benchmark {
  id: string;
  figure: string;
  value: number | null;
  about: string;
  source: string;
  publisher: string;
  year: number;
  url: string;
}

export interface Results {
  round: Round;
  maturity_model: { source: string; levels: LevelName[] };
  overall: { score: number | null; percent: number | null; level: LevelName | null };
  pillars: PillarResult[];
  disagreements: { item: string; pillar: string; text: string; leadership_median: number; staff_median: number; gap: number }[];
  benchmarks: Benchmark[];
  sources: { id: string; title: string; publisher: string; year: number; url?: string }[];
}

export interface Task {
  id: string;
  round_id: string;
  action_id: string;
  pillar_id: string;
  kind: 'task' | 'use_case';
  title: string;
  use_case_id: string | null;
  created_at: string;
  created_by: string;
  status: 'open' | 'done';
  done_at: string | null;
  done_by: string | null;
}

export interface GapAction {
  id: string;
  title: string;
  why: string;
  steps: string[];
  in_traction: { page: string | null; command: string | null };
  targets: string[];
  use_case_draft: { title: string; problem: string; objective: string; tags: string[] } | null;
  followed_up: Task[];
}

export interface Gap {
  round: Round;
  overall: { score: number | null; level: LevelName | null };
  weakest: {
    pillar: string;
    name: string;
    score: number;
    level: LevelName;
    weakest_items: { id: string; text: string; median: number; next_level: string | null }[];
    actions: GapAction[];
  }[];
}

export interface Trend {
  pillars: { id: string; name: string }[];
  rounds: { id: string; title: string; status: 'open' | 'closed'; opened_at: string; closed_at: string | null; respondents: number; overall: number | null; level: LevelName | null; pillars: Record<string, number | null> }[];
}

export interface RespondView {
  round: { id: string; title: string };
  expires_at: string;
  questionnaire: Questionnaire;
}

export interface ResponseInput {
  group: RespondentGroup;
  answers: { item: string; level: number }[];
}

/** A score on the 1..5 maturity scale, one decimal. */
export const level1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));
