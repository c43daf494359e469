// The shapes the gate routes answer (evaluations, sign-offs, decisions, the rubric sheet) and
// their converters. `next` is phrased for the API's readers, who act in the browser or
// through the API, never by running a command.
import { z } from 'zod';
import type { DecisionLogEntry } from '../application/decision-log.js';
import type { CriterionResult, GateDecision, GateEvaluation, Signoff } from '../domain/decision.js';
import { signoffRoleSchema } from '../domain/stages.js';
import { describeCriterion } from '../gates/describe-criterion.js';
import { RUBRIC_HELP } from '../gates/rubric-help.js';
import { RUBRIC_SECTIONS, type RubricSheet } from '../gates/rubric.js';

export const evaluationSchema = z.object({
  use_case: z.string(),
  from: z.string(),
  to: z.string(),
  transition: z.enum(['gate', 'side', 'return']),
  met: z.number().int(),
  total: z.number().int(),
  passed: z.boolean(),
  evaluated_at: z.string(),
  criteria: z.array(
    z.object({
      kind: z.string(),
      label: z.string().describe('the criterion in words, as `traction gate` prints it'),
      criterion: z.record(z.string(), z.unknown()),
      status: z.enum(['met', 'not_met', 'no_evidence']),
      detail: z.string(),
      next: z.string().describe("what to do next; '' when met"),
      waiting_for: z.array(signoffRoleSchema).describe('sign-off criteria: the roles whose sign-off is still awaited (none rejected); empty otherwise'),
      evidence: z.array(z.object({ id: z.string(), kind: z.string(), recorded_at: z.string(), source: z.string() })),
    }),
  ),
});

const role = (r: string) => r.replace(/_/g, ' ');

/** What to do next, without commands: where on the use case's page (or which API route) does it. */
function nextStep(r: CriterionResult): string {
  if (r.status === 'met') return '';
  const c = r.criterion;
  switch (c.kind) {
    case 'readiness_score':
      return 'run the readiness checks of its datasets (readiness panel)';
    case 'kpi_baseline':
      return 'record the baseline value of each KPI before the pilot starts (KPIs: "record a value", as baseline)';
    case 'experiment_verdict':
      return "upload the pilot's experiment results (KPIs: \"analyse an experiment\")";
    case 'rubric_score':
      return 'answer the production-readiness rubric (its 28 tests)';
    case 'signoff':
      if (r.waitingFor && r.waitingFor.length > 0) return `waiting for ${r.waitingFor.map((x) => `${role(x)} sign-off (${x})`).join(', ')}`;
      return 'resolve the rejection with the approver; a new sign-off replaces it';
    case 'benchmark_slo':
      return 'benchmark the model service against its objectives (benchmarks panel)';
    default:
      // The usage criteria and the business case name no command; keep their words.
      return /\btraction\s/.test(r.next) ? 'wait for enough production use to be measured' : r.next;
  }
}

export function evaluationView(e: GateEvaluation): z.infer<typeof evaluationSchema> {
  return {
    use_case: e.useCaseId,
    from: e.from,
    to: e.to,
    transition: e.transition,
    met: e.met,
    total: e.total,
    passed: e.passed,
    evaluated_at: e.evaluatedAt,
    criteria: e.criteria.map((r) => ({
      kind: r.criterion.kind,
      label: describeCriterion(r.criterion),
      criterion: r.criterion as Record<string, unknown>,
      status: r.status,
      detail: r.detail,
      next: nextStep(r),
      waiting_for: r.waitingFor ?? [],
      evidence: r.evidence.map((x) => ({ id: x.id, kind: x.kind, recorded_at: x.recordedAt, source: x.source })),
    })),
  };
}

export const signoffSchema = z.object({ id: z.string(), use_case: z.string(), role: z.string(), person: z.string(), decision: z.enum(['approve', 'reject']), from: z.string(), to: z.string(), note: z.string().nullable(), at: z.string(), recorded_by: z.string() });
export const signoffView = (s: Signoff): z.infer<typeof signoffSchema> => ({ id: s.id, use_case: s.useCaseId, role: s.role, person: s.person, decision: s.decision, from: s.fromStage, to: s.toStage, note: s.note, at: s.at, recorded_by: s.recordedBy });

export const decisionSchema = z.object({ id: z.string(), number: z.number().int(), use_case: z.string(), at: z.string(), actor: z.string(), from: z.string(), to: z.string(), forced: z.boolean().describe('an override: recorded although the gate was not passed'), reason: z.string().nullable(), evaluation: evaluationSchema });
export const decisionView = (d: GateDecision): z.infer<typeof decisionSchema> => ({ id: d.id, number: d.number, use_case: d.useCaseId, at: d.at, actor: d.actor, from: d.from, to: d.to, forced: d.forced, reason: d.reason, evaluation: evaluationView(d.evaluation) });

const fundingEntrySchema = z.object({
  kind: z.literal('funding'),
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  scenario: z.object({ id: z.string(), name: z.string() }),
  currency: z.string(),
  value: z.number().describe('the risk-adjusted NPV of the whole plan committed'),
  funded: z.array(z.object({ use_case: z.string(), title: z.string(), quarters: z.array(z.string()) })).describe('with ?use_case=, only that use case when the plan funded it'),
  left_out: z.array(z.object({ use_case: z.string(), reason: z.string() })).describe('with ?use_case=, only that use case when the plan left it out'),
});

export const decisionLogEntrySchema = z.discriminatedUnion('kind', [decisionSchema.extend({ kind: z.literal('stage') }), fundingEntrySchema]);

export function decisionLogView(e: DecisionLogEntry): z.infer<typeof decisionLogEntrySchema> {
  if (e.kind === 'stage') return { kind: 'stage', ...decisionView(e) };
  return {
    kind: 'funding',
    id: e.id,
    at: e.at,
    actor: e.actor,
    scenario: { id: e.scenarioId, name: e.scenarioName },
    currency: e.currency,
    value: e.value,
    funded: e.funded.map((f) => ({ use_case: f.useCaseId, title: f.title, quarters: f.quarters })),
    left_out: e.leftOut.map((l) => ({ use_case: l.useCaseId, reason: l.reason })),
  };
}

const SCORE_HELP = { 0: 'not done', 0.5: 'done by hand, with the results written down and shared', 1: 'automated and run repeatedly' } as const;

export const rubricSchema = z.object({
  use_case: z.string(),
  score: z.number().describe('the ML Test Score: the minimum of the four section sums (0 to 7)'),
  interpretation: z.string(),
  answered: z.number().int(),
  total_items: z.number().int(),
  scores: z.array(z.object({ value: z.union([z.literal(0), z.literal(0.5), z.literal(1)]), label: z.string() })).describe('the points an item can get, in words'),
  sections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      sum: z.number(),
      items: z.array(
        z.object({
          id: z.string(),
          text: z.string().describe('the test, in the words of Breck et al. (2017)'),
          help: z.string().describe('what the test asks for, in plain words'),
          answer: z.object({ score: z.number(), note: z.string().nullable(), link: z.string().nullable(), at: z.string(), recorded_by: z.string() }).nullable(),
        }),
      ),
    }),
  ),
});

export function rubricView(useCaseId: string, sheet: RubricSheet): z.infer<typeof rubricSchema> {
  return {
    use_case: useCaseId,
    score: sheet.score,
    interpretation: sheet.interpretation,
    answered: sheet.answered,
    total_items: sheet.items.length,
    scores: ([0, 0.5, 1] as const).map((value) => ({ value, label: SCORE_HELP[value] })),
    sections: RUBRIC_SECTIONS.map((s) => ({
      id: s.id,
      title: s.title,
      sum: sheet.sections[s.id],
      items: sheet.items
        .filter((i) => i.section === s.id)
        .map((i) => ({ id: i.id, text: i.text, help: RUBRIC_HELP[i.id] ?? '', answer: i.answer ? { score: i.answer.score, note: i.answer.note, link: i.answer.link, at: i.answer.at, recorded_by: i.answer.recordedBy } : null })),
    })),
  };
}
