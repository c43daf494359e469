// Stages and gate policies as data. The default lifecycle ships here; traction.yaml may
// replace it. Evaluation of criteria belongs to src/gates; this file only says what a
// well-formed policy is.
import { z } from 'zod';
import { idSchema } from './common.js';

export const DEFAULT_STAGES = [
  'idea',
  'qualified',
  'poc',
  'pilot',
  'production',
  'scaled',
  'on_hold',
  'retired',
] as const;

/** Stages reachable from any other stage without passing a gate (parking and stopping). */
export const DEFAULT_SIDE_STAGES = ['on_hold', 'retired'] as const;

export const SIGNOFF_ROLES = ['business_owner', 'technical_lead', 'risk_compliance', 'final_approver'] as const;
export const signoffRoleSchema = z.enum(SIGNOFF_ROLES);
export type SignoffRole = z.infer<typeof signoffRoleSchema>;

/**
 * One gate criterion. `kind` names the evidence it reads; the kinds are the contract
 * between the modules that record evidence (readiness, impact, bench, gates) and the
 * gate evaluator.
 */
export const criterionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('readiness_score'),
    min: z.number().min(0).max(100).describe('minimum use-case readiness score, 0-100'),
  }),
  z.strictObject({
    kind: z.literal('kpi_baseline'),
    kpis: z.enum(['primary', 'all']).default('primary').describe('which KPIs need a recorded baseline'),
  }),
  z.strictObject({
    kind: z.literal('experiment_verdict'),
    min_effect: z.number().default(0).describe('minimum relative lift on the primary KPI, e.g. 0.05 for 5%'),
    alpha: z.number().gt(0).lt(1).default(0.05),
  }),
  z.strictObject({
    kind: z.literal('rubric_score'),
    min: z.number().min(0).max(7).describe('minimum ML Test Score (minimum of the four section sums)'),
  }),
  z.strictObject({
    kind: z.literal('benchmark_slo'),
    p95_ms: z.number().positive().optional(),
    error_rate: z.number().min(0).max(1).optional(),
    cost_per_1k_requests: z.number().nonnegative().optional(),
  }),
  z.strictObject({
    kind: z.literal('signoff'),
    roles: z.array(signoffRoleSchema).min(1),
  }),
  z.strictObject({
    kind: z.literal('business_case_npv'),
    min: z.number().default(0).describe('minimum risk-adjusted expected NPV'),
  }),
  z.strictObject({
    kind: z.literal('usage_adoption'),
    min_rate: z.number().min(0).max(1).describe('minimum adoption rate (weekly active users / audience) in each of the weeks, e.g. 0.3'),
    weeks: z.number().int().min(1).max(26).default(4).describe('the last N complete ISO weeks'),
  }),
  z
    .strictObject({
      kind: z.literal('usage_cost'),
      max_per_request: z.number().nonnegative().optional().describe('highest production cost per request'),
      max_per_1k_requests: z.number().nonnegative().optional().describe('highest production cost per 1,000 requests'),
    })
    .refine((c) => c.max_per_request !== undefined || c.max_per_1k_requests !== undefined, { message: 'give max_per_request or max_per_1k_requests' }),
  z.strictObject({
    kind: z.literal('usage_latency'),
    percentile: z.enum(['p90', 'p99']).default('p99'),
    max_ms: z.number().positive().optional().describe("the limit in ms; default: the latency the latest benchmark's SLO states for this percentile"),
  }),
]);
export type Criterion = z.infer<typeof criterionSchema>;
export const CRITERION_KINDS = criterionSchema.options.map((o) => o.shape.kind.value);

export const gateSchema = z.strictObject({
  from: idSchema,
  to: idSchema,
  criteria: z.array(criterionSchema),
});
export type Gate = z.infer<typeof gateSchema>;

export const DEFAULT_GATES: Gate[] = [
  { from: 'idea', to: 'qualified', criteria: [{ kind: 'business_case_npv', min: 0 }, { kind: 'signoff', roles: ['business_owner'] }] },
  {
    from: 'qualified',
    to: 'poc',
    criteria: [{ kind: 'readiness_score', min: 60 }, { kind: 'signoff', roles: ['business_owner', 'technical_lead'] }],
  },
  {
    from: 'poc',
    to: 'pilot',
    criteria: [
      { kind: 'readiness_score', min: 75 },
      { kind: 'kpi_baseline', kpis: 'primary' },
      { kind: 'signoff', roles: ['business_owner', 'technical_lead', 'risk_compliance'] },
    ],
  },
  {
    from: 'pilot',
    to: 'production',
    criteria: [
      { kind: 'experiment_verdict', min_effect: 0, alpha: 0.05 },
      { kind: 'rubric_score', min: 2 },
      { kind: 'benchmark_slo', p95_ms: 2000, error_rate: 0.01 },
      { kind: 'signoff', roles: ['business_owner', 'technical_lead', 'risk_compliance', 'final_approver'] },
    ],
  },
  {
    from: 'production',
    to: 'scaled',
    criteria: [{ kind: 'business_case_npv', min: 0 }, { kind: 'signoff', roles: ['final_approver'] }],
  },
];
