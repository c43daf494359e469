// Shapes of the gate resources, as src/server/routes/gates.ts answers them, and the calls
// the use-case page makes for them.
import { api, type Page } from './api';

export type CriterionStatus = 'met' | 'not_met' | 'no_evidence';

export interface GateEvaluation {
  use_case: string;
  from: string;
  to: string;
  transition: 'gate' | 'side' | 'return';
  met: number;
  total: number;
  passed: boolean;
  evaluated_at: string;
  criteria: {
    kind: string;
    label: string;
    criterion: Record<string, unknown> & { roles?: string[] };
    status: CriterionStatus;
    detail: string;
    next: string;
    waiting_for: string[];
    evidence: { id: string; kind: string; recorded_at: string; source: string }[];
  }[];
}

export interface GateView {
  stage: string;
  archived: boolean;
  next_stages: string[];
  your_roles: string[];
  evaluation: GateEvaluation | null;
}

export interface Decision {
  id: string;
  number: number;
  use_case: string;
  at: string;
  actor: string;
  from: string;
  to: string;
  forced: boolean;
  reason: string | null;
  evaluation: GateEvaluation;
}

export interface SignoffRecord {
  id: string;
  role: string;
  person: string;
  decision: 'approve' | 'reject';
  from: string;
  to: string;
  note: string | null;
  at: string;
}

/** The roles a sign-off criterion still waits for (none rejected); empty otherwise. */
export type WaitingFor = string[];

export interface GateViewWithActions extends GateView {
  may_advance: boolean;
  may_override: boolean;
}

export interface RubricSheet {
  use_case: string;
  score: number;
  interpretation: string;
  answered: number;
  total_items: number;
  scores: { value: 0 | 0.5 | 1; label: string }[];
  sections: {
    id: string;
    title: string;
    sum: number;
    items: { id: string; text: string; help: string; answer: { score: number; note: string | null; link: string | null; at: string; recorded_by: string } | null }[];
  }[];
}

export interface RubricAnswer {
  item: string;
  score: number;
  note?: string | null;
  link?: string | null;
}

const base = (id: string) => `/api/use-cases/${encodeURIComponent(id)}`;

export const gateKey = (id: string) => ['gate', id] as const;
export const rubricKey = (id: string) => ['rubric', id] as const;
export const decisionsKey = (id: string) => ['decisions', id] as const;

export const fetchGate = (id: string) => api<GateViewWithActions>(`${base(id)}/gate`);
export const signOff = (id: string, body: { role: string; decision: 'approve' | 'reject'; note?: string }) => api<{ signoff: SignoffRecord; gate: GateEvaluation }>(`${base(id)}/signoffs`, { method: 'POST', body });
export const advanceUseCase = (id: string, body: { to?: string; override?: { reason: string } }) => api<{ decision: Decision; gate: GateEvaluation }>(`${base(id)}/advance`, { method: 'POST', body });
export const fetchRubric = (id: string) => api<RubricSheet>(`${base(id)}/rubric`);
export const answerRubric = (id: string, answers: RubricAnswer[]) => api<RubricSheet>(`${base(id)}/rubric`, { method: 'POST', body: { answers } });
export const fetchDecisions = (id: string) => api<Page<Decision>>(`/api/decisions?use_case=${encodeURIComponent(id)}&limit=50`);
export const signoffsKey = (id: string) => ['signoffs', id] as const;
export const fetchSignoffs = (id: string) => api<{ items: SignoffRecord[] }>(`${base(id)}/signoffs`);
