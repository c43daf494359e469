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

// Payloads per kind. Producers validate before recording; src/gates parses with these.
// Extra fields are allowed (producers may record more), the named ones are the contract.

export const readinessRunPayloadSchema = z.looseObject({
  run_id: z.string(),
  score: z.number().min(0).max(100).describe('use-case readiness score over the columns it declares'),
  dimensions: z.record(z.string(), z.number().min(0).max(100)),
  failed_checks: z.number().int().nonnegative(),
});

export const kpiBaselinePayloadSchema = z.looseObject({
  kpi: z.string(),
  value: z.number(),
  at: z.string().describe('ISO date the baseline refers to'),
});

export const experimentResultPayloadSchema = z.looseObject({
  kpi: z.string(),
  method: z.string().describe('e.g. welch, cuped, proportion'),
  relative_lift: z.number(),
  relative_ci: z.tuple([z.number(), z.number()]),
  p_value: z.number().min(0).max(1),
  alpha: z.number(),
  significant: z.boolean(),
  srm_ok: z.boolean(),
  guardrails: z.array(z.looseObject({ kpi: z.string(), regressed: z.boolean() })).default([]),
});

export const rubricScorePayloadSchema = z.looseObject({
  score: z.number().min(0).describe('ML Test Score: minimum of the four section sums'),
  sections: z.record(z.string(), z.number()),
});

export const benchmarkResultPayloadSchema = z.looseObject({
  run_id: z.string(),
  url: z.string(),
  requests: z.number().int().nonnegative(),
  p95_ms: z.number().nonnegative(),
  error_rate: z.number().min(0).max(1),
  cost_per_1k_requests: z.number().nonnegative().nullable(),
  slo_met: z.boolean().nullable().describe('null when no SLO was given'),
});

export const signoffPayloadSchema = z.looseObject({
  role: z.string(),
  person: z.string(),
  decision: z.enum(['approve', 'reject']),
  to_stage: z.string(),
});
