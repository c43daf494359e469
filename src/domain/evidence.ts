// Evidence: a recorded fact with its source and time. The kinds and their payloads are
// the contract between the modules that record evidence and src/gates that reads it.
import { z } from 'zod';

export const EVIDENCE_KINDS = [
  'readiness_run',
  'kpi_baseline',
  'experiment_result',
  'rubric_score',
  'benchmark_result',
  'signoff',
] as const;
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;

export interface Evidence {
  id: string; // ev_...
  useCaseId: string;
  kind: EvidenceKind;
  recordedAt: string; // ISO 8601
  recordedBy: string;
  source: string; // what produced it: a command, a run id, a file
  payload: unknown; // validated by the module that owns the kind
}
