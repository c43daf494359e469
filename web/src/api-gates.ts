// Shapes of the gate resources, as src/server/routes/gates.ts answers them.
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
