// Gates: evaluate a use case's next gate (or another transition) against its evidence, sign
// off in a role the caller holds per traction.yaml `roles`, advance (or override), answer the
// production-readiness rubric, and read the sign-offs and the append-only decision log. The
// actions are src/application/gates.ts and gates-rubric.ts; routes only parse and answer.
import { z } from 'zod';
import { answerRubric, rubricSheet } from '../../application/gates-rubric.js';
import { advance, mayOverride, readGate, requireConfig, rolesHeldBy, signOff, type NpvSource } from '../../application/gates.js';
import { signoffRoleSchema } from '../../domain/stages.js';
import { decisionLog } from '../../application/decision-log.js';
import { hiddenUseCases } from '../../application/proposal-visibility.js';
import { viewerOf } from '../proposal-visibility.js';
import { listSignoffs } from '../../store/signoff-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';
import { decisionLogEntrySchema, decisionLogView, decisionSchema, decisionView, evaluationSchema, evaluationView, rubricSchema, rubricView, signoffSchema, signoffView } from '../gate-views.js';

/** The expected NPV is the portfolio cache's, the number the portfolio page shows; a portfolio that cannot be valued leaves it without evidence. */
function portfolioNpv(deps: AppDeps): NpvSource {
  return async (state) => (await deps.portfolio.portfolio(deps.store.db).catch(() => undefined))?.evaluation.valuations.get(state.useCase.id)?.simulation.expectedNpv;
}

const gateActor = (deps: AppDeps, p: Principal) => ({ now: deps.now(), actor: actorOf(p), npv: portfolioNpv(deps) });

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
            may_advance: z.boolean().describe('every criterion of the evaluated gate is met and the use case is not archived'),
            may_override: z.boolean().describe('the caller may record an override: the final approver of traction.yaml, or an admin'),
            evaluation: evaluationSchema.nullable().describe('null when no gate leads on'),
          }),
          400: errorBodySchema,
          404: errorBodySchema,
        },
      },
      config: read,
    },
    async (request) => {
      const p = request.principal!;
      const { state, nextStages, evaluation } = await readGate(deps.store.db, request.params.id, request.query.to, gateActor(deps, p));
      return {
        stage: state.stage,
        archived: state.archivedAt !== null,
        next_stages: nextStages,
        your_roles: rolesHeldBy(state.config, p.user.username),
        may_advance: state.archivedAt === null && evaluation !== null && evaluation.passed,
        may_override: mayOverride(state.config, { username: p.user.username, admin: p.user.role === 'admin' }),
        evaluation: evaluation && evaluationView(evaluation),
      };
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
      const { signoff, evaluation } = await signOff(deps.store, { useCaseId: request.params.id, person: p.user.username, ...request.body }, gateActor(deps, p));
      return reply.code(201).send({ signoff: signoffView(signoff), gate: evaluationView(evaluation) });
    },
  );

  app.get(
    '/api/use-cases/:id/signoffs',
    { schema: { tags, summary: 'Sign-offs of a use case, oldest first', params: idParamsSchema, response: { 200: z.object({ items: z.array(signoffSchema) }) } }, config: read },
    async (request) => ({ items: (await listSignoffs(deps.store.db, { useCaseId: request.params.id })).map(signoffView) }),
  );

  app.post(
    '/api/use-cases/:id/advance',
    {
      schema: {
        tags,
        summary: 'Move the use case on through its gate when every criterion is met (recorded in the decision log); refused with the unmet criteria listed otherwise',
        description:
          'With `override: {reason}` the transition is recorded although criteria are unmet, flagged forever with the reason; only the final approver of traction.yaml `roles` or an admin may override.',
        params: idParamsSchema,
        body: z.strictObject({
          to: z.string().min(1).max(100).optional().describe('the stage to move to (default: the one gate leading on)'),
          override: z.strictObject({ reason: z.string().min(1).max(2000) }).optional(),
        }),
        response: { 201: z.object({ decision: decisionSchema, gate: evaluationSchema }), 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { permission: 'gate.advance' } },
    },
    async (request, reply) => {
      const p = request.principal!;
      const config = await requireConfig(deps.store.db);
      const { decision, evaluation } = await advance(
        deps.store,
        { useCaseId: request.params.id, to: request.body.to, override: request.body.override, overrideAllowed: mayOverride(config, { username: p.user.username, admin: p.user.role === 'admin' }) },
        gateActor(deps, p),
      );
      return reply.code(201).send({ decision: decisionView(decision), gate: evaluationView(evaluation) });
    },
  );

  app.get(
    '/api/use-cases/:id/rubric',
    {
      schema: { tags, summary: 'The production-readiness rubric (ML Test Score, 28 tests in four sections) with the current answers and score', params: idParamsSchema, response: { 200: rubricSchema, 404: errorBodySchema } },
      config: read,
    },
    async (request) => rubricView(request.params.id, await rubricSheet(deps.store.db, request.params.id)),
  );

  app.post(
    '/api/use-cases/:id/rubric',
    {
      schema: {
        tags,
        summary: 'Answer rubric tests: all answers recorded with the new score as evidence, or none when any is bad (every problem named)',
        params: idParamsSchema,
        body: z.strictObject({
          answers: z
            .array(
              z.strictObject({
                item: z.string().min(1).max(20).describe('data-1 ... monitor-7'),
                score: z.number().describe('0 not done, 0.5 done by hand and written down, 1 automated'),
                note: z.string().max(2000).nullable().optional(),
                link: z.string().max(2000).nullable().optional().describe('an http(s) address where the evidence is'),
              }),
            )
            .min(1)
            .max(28),
        }),
        response: { 201: rubricSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { permission: 'rubric.answer' } },
    },
    async (request, reply) => {
      const p = request.principal!;
      const sheet = await answerRubric(deps.store, request.params.id, request.body.answers, { now: deps.now(), actor: actorOf(p) }, `rubric answered in the dashboard or API by ${actorOf(p)}`);
      return reply.code(201).send(rubricView(request.params.id, sheet));
    },
  );

  app.get(
    '/api/decisions',
    {
      schema: {
        tags,
        summary:
          'The decision log (append-only), newest first: every stage transition (kind "stage": who, when, the evidence snapshot and, for an override, the reason) and every funding decision (kind "funding": a committed roadmap scenario)',
        querystring: z.strictObject({ ...pageQueryShape, use_case: z.string().min(1).optional() }),
        response: { 200: pageOf(decisionLogEntrySchema) },
      },
      config: read,
    },
    async (request) => {
      const { limit, offset, use_case } = request.query;
      const hidden = await hiddenUseCases(deps.store.db, viewerOf(request.principal!));
      const all = (await decisionLog(deps.store.db, use_case ? { useCaseId: use_case } : {})).filter((d) => d.kind === 'funding' || !hidden.has(d.useCaseId)).reverse();
      return { items: all.slice(offset, offset + limit).map(decisionLogView), total: all.length, limit, offset };
    },
  );
}
