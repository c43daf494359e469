// Gate evaluations, decisions, sign-offs and rubric answers: what src/gates computes and
// src/store keeps in the append-only decision log. Types only.
import type { EvidenceKind } from './evidence.js';
import type { Criterion, SignoffRole } from './stages.js';

/** `no_evidence` is never a pass: a criterion whose evidence was never recorded blocks the gate. */
export type CriterionStatus = 'met' | 'not_met' | 'no_evidence';

export interface EvidenceRef {
  id: string;
  kind: EvidenceKind;
  recordedAt: string;
  source: string;
}

export interface CriterionResult {
  criterion: Criterion;
  status: CriterionStatus;
  /** What was found, e.g. "readiness 72 < 75". */
  detail: string;
  /** The evidence the verdict rests on (newest first); empty when there is none. */
  evidence: EvidenceRef[];
  /** What to do next; '' when met. */
  next: string;
  /** Sign-off criteria only: the roles whose sign-off is still awaited (none rejected). */
  waitingFor?: SignoffRole[];
}

export interface GateEvaluation {
  useCaseId: string;
  from: string;
  to: string;
  /** 'gate' passes a gate; 'side' parks or stops (no criteria); 'return' comes back from a side stage. */
  transition: 'gate' | 'side' | 'return';
  criteria: CriterionResult[];
  met: number;
  total: number;
  passed: boolean;
  evaluatedAt: string;
}

export interface GateDecision {
  id: string; // dec_...
  /** 1-based position in the use case's own log; unique per use case, so two concurrent advances cannot both land. */
  number: number;
  useCaseId: string;
  at: string;
  actor: string;
  from: string;
  to: string;
  /** An override: recorded although the gate was not passed. Stays flagged forever. */
  forced: boolean;
  reason: string | null;
  /** The gate evaluation at the moment of the decision: the evidence snapshot. */
  evaluation: GateEvaluation;
}

export type SignoffDecision = 'approve' | 'reject';

export interface Signoff {
  id: string; // so_...
  useCaseId: string;
  role: SignoffRole;
  person: string;
  decision: SignoffDecision;
  fromStage: string;
  toStage: string;
  note: string | null;
  at: string;
  recordedBy: string;
  evidenceId: string;
}

export type RubricItemScore = 0 | 0.5 | 1;

export interface RubricAnswer {
  id: string; // rb_...
  useCaseId: string;
  itemId: string;
  score: RubricItemScore;
  note: string | null;
  link: string | null;
  at: string;
  recordedBy: string;
}
