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
  'usage_summary',
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
  slo_verdicts: z
    .array(z.looseObject({ key: z.string().describe('e.g. p99_ms, e2e_p90_ms, error_rate'), threshold: z.number() }))
    .default([])
    .describe("the run's SLO objectives: the latency a usage_latency criterion holds production to"),
});

export const signoffPayloadSchema = z.looseObject({
  role: z.string(),
  person: z.string(),
  decision: z.enum(['approve', 'reject']),
  to_stage: z.string(),
});

/**
 * Usage after go-live over a window of complete days (src/usage/usage-evidence.ts): the
 * figures the usage_adoption, usage_cost and usage_latency criteria read.
 */
export const usageSummaryPayloadSchema = z.looseObject({
  as_of: z.string().describe('the UTC day the summary was made (YYYY-MM-DD); the window ends the day before'),
  window: z.looseObject({ from: z.string(), through: z.string(), days: z.number().int().positive() }),
  audience: z.number().positive().nullable().describe('the intended audience (telemetry.audience); null when not declared'),
  weeks: z
    .array(z.looseObject({ week: z.string(), start: z.string(), active_users: z.number().int().nonnegative(), adoption_rate: z.number().min(0).max(1).nullable() }))
    .describe('the complete ISO weeks before as_of, oldest first'),
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  priced_requests: z.number().int().nonnegative(),
  unpriced_requests: z.number().int().nonnegative(),
  cost: z.number().nonnegative(),
  cost_per_request: z.number().nonnegative().nullable().describe('over the priced requests; null without any'),
  cost_per_1k_requests: z.number().nonnegative().nullable(),
  latency_ms: z
    .looseObject({ days: z.number().int().positive(), p50_max: z.number().nonnegative(), p90_max: z.number().nonnegative(), p99_max: z.number().nonnegative() })
    .nullable()
    .describe("the highest daily percentile over the window's days with a latency (an upper bound on the window's percentile)"),
});
export type UsageSummaryPayload = z.infer<typeof usageSummaryPayloadSchema>;
