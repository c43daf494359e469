// Gates: evaluate a use case's next gate (or another transition) against its evidence, sign
// off in a role the caller holds per traction.yaml `roles`, and read the sign-offs and the
// append-only decision log.
import { z } from 'zod';
import type { GateDecision, GateEvaluation, Signoff } from '../../domain/decision.js';
import { signoffRoleSchema } from '../../domain/stages.js';
import { describeCriterion } from '../../gates/describe-criterion.js';
import { nextGates } from '../../gates/stage-machine.js';
import { listDecisions } from '../../store/decision-repository.js';
import { listSignoffs } from '../../store/signoff-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';
import { evaluateTarget, loadGateState, resolveTarget, rolesHeldBy, signOff } from '../gate-actions.js';

const evaluationSchema = z.object({
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
      evidence: z.array(z.object({ id: z.string(), kind: z.string(), recorded_at: z.string(), source: z.string() })),
    }),
  ),
});

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
      next: r.next,
      evidence: r.evidence.map((x) => ({ id: x.id, kind: x.kind, recorded_at: x.recordedAt, source: x.source })),
    })),
  };
}

const signoffSchema = z.object({ id: z.string(), use_case: z.string(), role: z.string(), person: z.string(), decision: z.enum(['approve', 'reject']), from: z.string(), to: z.string(), note: z.string().nullable(), at: z.string(), recorded_by: z.string() });
const signoffView = (s: Signoff): z.infer<typeof signoffSchema> => ({ id: s.id, use_case: s.useCaseId, role: s.role, person: s.person, decision: s.decision, from: s.fromStage, to: s.toStage, note: s.note, at: s.at, recorded_by: s.recordedBy });

const decisionSchema = z.object({ id: z.string(), number: z.number().int(), use_case: z.string(), at: z.string(), actor: z.string(), from: z.string(), to: z.string(), forced: z.boolean().describe('an override: recorded although the gate was not passed'), reason: z.string().nullable(), evaluation: evaluationSchema });
const decisionView = (d: GateDecision): z.infer<typeof decisionSchema> => ({ id: d.id, number: d.number, use_case: d.useCaseId, at: d.at, actor: d.actor, from: d.from, to: d.to, forced: d.forced, reason: d.reason, evaluation: evaluationView(d.evaluation) });

export async function gateRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['gates'];
  const read = { access: { permission: 'read' as const } };

  app.get(
    '/api/use-cases/:id/gate',
    {
      schema: {
        tags,
        summary: 'Evaluate the next gate (or the transition to ?to=) against the recorded evidence: each criterion met / not met / no evidence, with what to do next',
        params: idParamsSchema,
        querystring: z.strictObject({ to: z.string().min(1).optional() }),
        response: {
          200: z.object({
            stage: z.string().describe('the current stage: the latest decision, else the stage declared'),
            archived: z.boolean(),
            next_stages: z.array(z.string()).describe('stages a gate leads to from here'),
            your_roles: z.array(signoffRoleSchema).describe('sign-off roles traction.yaml gives the caller'),
            evaluation: evaluationSchema.nullable().describe('null when no gate leads on'),
          }),
          400: errorBodySchema,
          404: errorBodySchema,
        },
      },
      config: read,
    },
    async (request) => {
      const state = await loadGateState(deps, deps.store.db, request.params.id);
      const next = nextGates(state.config, state.stage).map((g) => g.to);
      const evaluation = request.query.to !== undefined || next.length === 1 ? await evaluateTarget(deps, state, resolveTarget(state, request.query.to)) : null;
      return { stage: state.stage, archived: state.archivedAt !== null, next_stages: next, your_roles: rolesHeldBy(state.config, request.principal!.user.username), evaluation: evaluation && evaluationView(evaluation) };
    },
  );

  app.post(
    '/api/use-cases/:id/signoffs',
    {
      schema: {
        tags,
        summary: "Sign off (or reject) the use case's next transition in a role traction.yaml gives you; answers the gate as it now stands",
        params: idParamsSchema,
        body: z.strictObject({
          role: signoffRoleSchema,
          decision: z.enum(['approve', 'reject']).default('approve'),
          note: z.string().max(2000).optional(),
          to: z.string().min(1).optional().describe('the transition signed off (default: the next gate)'),
        }),
        response: { 201: z.object({ signoff: signoffSchema, gate: evaluationSchema }), 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { permission: 'signoff' } },
    },
    async (request, reply) => {
      const p = request.principal!;
      const { signoff, evaluation } = await signOff(deps, request.params.id, request.body, p.user.username, actorOf(p));
      return reply.code(201).send({ signoff: signoffView(signoff), gate: evaluationView(evaluation) });
    },
  );

  app.get(
    '/api/use-cases/:id/signoffs',
    { schema: { tags, summary: 'Sign-offs of a use case, oldest first', params: idParamsSchema, response: { 200: z.object({ items: z.array(signoffSchema) }) } }, config: read },
    async (request) => ({ items: (await listSignoffs(deps.store.db, { useCaseId: request.params.id })).map(signoffView) }),
  );

  app.get(
    '/api/decisions',
    {
      schema: {
        tags,
        summary: 'The decision log (append-only): every stage transition with who, when, the evidence snapshot and, for an override, the reason; newest first',
        querystring: z.strictObject({ ...pageQueryShape, use_case: z.string().min(1).optional() }),
        response: { 200: pageOf(decisionSchema) },
      },
      config: read,
    },
    async (request) => {
      const { limit, offset, use_case } = request.query;
      const all = (await listDecisions(deps.store.db, use_case ? { useCaseId: use_case } : {})).reverse();
      return { items: all.slice(offset, offset + limit).map(decisionView), total: all.length, limit, offset };
    },
  );
}
