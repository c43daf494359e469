// The AI-readiness assessment: the questionnaire, rounds, respondents (logged-in users, and
// people without an account through one-time invitation links), results, the gap report,
// tasks and the trend over rounds. Thin: every handler calls src/assessment/actions.ts, the
// layer `traction assess` calls too, and phrases its typed errors.
//
// The two `/api/assessment/respond` routes are public: they read the invitation token from
// the x-invitation-token header and nothing else. The token is no credential anywhere else:
// credentialOf (auth/principal.ts) never looks at it, so every other route answers it as it answers anyone.
import { z } from 'zod';
import {
  answerAsUser,
  answerWithInvitation,
  closeRound,
  createTask,
  effectiveQuestionnaire,
  gapReport,
  getRound,
  invitationRound,
  inviteToRound,
  listRoundInvitations,
  listRounds,
  listTasks,
  markTaskDone,
  openRound,
  recordUseCaseFollowUp,
  revokeRoundInvitation,
  roundQuestionnaire,
  roundResults,
  trend,
  useCaseDraftFor,
} from '../../assessment/actions.js';
import { AssessmentError } from '../../assessment/assessment-error.js';
import { gapContextFrom, type GapContext } from '../../assessment/gap-report.js';
import { INVITATION_HEADER, InvitationError, MAX_INVITATION_DAYS } from '../../assessment/invitation.js';
import { questionnaireSchema, responseInputSchema } from '../../assessment/questionnaire-schema.js';
import {
  createdInvitationSchema,
  gapViewSchema,
  invitationViewSchema,
  respondViewSchema,
  responseReceiptSchema,
  resultsViewSchema,
  roundViewSchema,
  taskViewSchema,
  trendViewSchema,
} from '../../assessment/views.js';
import { intakeFieldsSchema, requireValueOrTemplate } from '../../domain/intake.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, useCaseSummarySchema } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { createFromIntake } from '../../application/use-cases.js';

const STATUS: Record<AssessmentError['code'], number> = { invalid: 400, not_found: 404, closed: 409, conflict: 409, questionnaire_invalid: 422 };
const INVITATION_STATUS = { unknown: 404, used: 410, expired: 410, revoked: 410 } as const;

/** The action's typed refusal as the API's error shape. */
async function phrased<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AssessmentError) throw new ApiError(STATUS[e.code], e.code, e.message, e.field, e.issues);
    if (e instanceof InvitationError) throw new ApiError(INVITATION_STATUS[e.reason], `invitation_${e.reason}`, e.message);
    throw e;
  }
}

/** The portfolio's top-ranked use cases the gap report's actions aim at; none while the portfolio cannot be valued. */
async function topRankedForGap(deps: AppDeps): Promise<GapContext> {
  const state = await deps.portfolio.portfolio(deps.store.db).catch(() => undefined);
  return gapContextFrom(state?.evaluation);
}

const invitationHeaders = z.looseObject({ [INVITATION_HEADER]: z.string().max(200).optional().describe('the token of a one-time invitation link (the part after "#")') });
const tokenOf = (headers: Record<string, unknown>) => headers[INVITATION_HEADER];

// The one schema a response is validated with, here and for `traction assess answer --file`.
const responseBody = responseInputSchema;

export async function assessmentRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['assessment'];
  const read = { access: { permission: 'read' as const } };
  const manage = { access: { permission: 'assessment.manage' as const } };
  const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

  app.get(
    '/api/assessment/questionnaire',
    { schema: { tags, summary: "The questionnaire new rounds open with: the workspace's assessment/questionnaire.yaml, else the one shipped", response: { 200: z.object({ origin: z.enum(['default', 'workspace']), questionnaire: questionnaireSchema }), 422: errorBodySchema } }, config: read },
    async () => phrased(async () => effectiveQuestionnaire(deps.workspaceRoot)),
  );

  app.get('/api/assessment/rounds', { schema: { tags, summary: 'Every round, newest first', response: { 200: z.object({ items: z.array(roundViewSchema) }) } }, config: read }, async (request) =>
    phrased(async () => ({ items: await listRounds(deps, request.principal?.user.username) })),
  );

  app.post(
    '/api/assessment/rounds',
    { schema: { tags, summary: 'Open a round with the current questionnaire (a snapshot is kept with the round)', body: z.strictObject({ title: z.string().trim().min(3).max(120) }), response: { 201: roundViewSchema, 422: errorBodySchema } }, config: manage },
    async (request, reply) => reply.code(201).send(await phrased(() => openRound(deps, request.body, actorOf(request.principal!)))),
  );

  app.get('/api/assessment/rounds/:id', { schema: { tags, summary: 'One round', params: idParamsSchema, response: { 200: roundViewSchema, 404: errorBodySchema } }, config: read }, async (request) =>
    phrased(() => getRound(deps, request.params.id, request.principal?.user.username)),
  );

  app.post('/api/assessment/rounds/:id/close', { schema: { tags, summary: 'Close a round: no more answers; its open invitations stop working', params: idParamsSchema, response: { 200: roundViewSchema, ...errors } }, config: manage }, async (request) =>
    phrased(() => closeRound(deps, request.params.id, actorOf(request.principal!))),
  );

  app.get('/api/assessment/rounds/:id/questionnaire', { schema: { tags, summary: 'The questionnaire this round was opened with', params: idParamsSchema, response: { 200: questionnaireSchema, 404: errorBodySchema } }, config: read }, async (request) =>
    phrased(() => roundQuestionnaire(deps, request.params.id)),
  );

  app.post(
    '/api/assessment/rounds/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Make one-time invitation links to this round for people without an account; each token is shown once',
        params: idParamsSchema,
        body: z.strictObject({ count: z.number().int().min(1).max(200).default(1), expires_in_days: z.number().int().min(1).max(MAX_INVITATION_DAYS).default(14), note: z.string().trim().max(200).optional().describe('who the links are for, e.g. "finance team"; no personal data needed') }),
        response: { 201: z.object({ items: z.array(createdInvitationSchema) }), ...errors },
      },
      config: { access: { ...manage.access, secretAnswer: true } },
    },
    async (request, reply) => reply.code(201).send({ items: await phrased(() => inviteToRound(deps, request.params.id, request.body, actorOf(request.principal!))) }),
  );

  app.get('/api/assessment/rounds/:id/invitations', { schema: { tags, summary: "This round's invitations and their state (never the tokens)", params: idParamsSchema, response: { 200: z.object({ items: z.array(invitationViewSchema) }), 404: errorBodySchema } }, config: manage }, async (request) =>
    phrased(async () => ({ items: await listRoundInvitations(deps, request.params.id) })),
  );

  app.post('/api/assessment/invitations/:id/revoke', { schema: { tags, summary: 'Withdraw an unused invitation', params: idParamsSchema, response: { 200: invitationViewSchema, ...errors } }, config: manage }, async (request) =>
    phrased(() => revokeRoundInvitation(deps, request.params.id, actorOf(request.principal!))),
  );

  app.post(
    '/api/assessment/rounds/:id/responses',
    { schema: { tags, summary: "The calling user's answers to an open round (once per person and round; all stored or none)", params: idParamsSchema, body: responseBody, response: { 201: responseReceiptSchema, ...errors } }, config: { access: { permission: 'assessment.respond' as const } } },
    async (request, reply) => reply.code(201).send(await phrased(() => answerAsUser(deps, request.params.id, request.body, request.principal!.user.username))),
  );

  app.get(
    '/api/assessment/respond',
    { schema: { tags, summary: 'What an invitation link opens: the round and its questionnaire (public; the token in x-invitation-token)', headers: invitationHeaders, response: { 200: respondViewSchema, 404: errorBodySchema, 410: errorBodySchema } }, config: { access: { public: true } } },
    async (request) => phrased(() => invitationRound(deps, tokenOf(request.headers))),
  );

  app.post(
    '/api/assessment/respond',
    { schema: { tags, summary: 'Answer through an invitation link: uses it up, in the same transaction as the answers (public; the token in x-invitation-token)', headers: invitationHeaders, body: responseBody, response: { 201: responseReceiptSchema, ...errors, 410: errorBodySchema } }, config: { access: { public: true } } },
    async (request, reply) => reply.code(201).send(await phrased(() => answerWithInvitation(deps, tokenOf(request.headers), request.body))),
  );

  app.get('/api/assessment/rounds/:id/results', { schema: { tags, summary: 'Scores per item, pillar and overall, maturity levels, disagreements, and published benchmarks for context', params: idParamsSchema, response: { 200: resultsViewSchema, 404: errorBodySchema } }, config: read }, async (request) =>
    phrased(async () => (await roundResults(deps, request.params.id)).view),
  );

  app.get('/api/assessment/rounds/:id/gap', { schema: { tags, summary: 'The gap report: the weakest pillars, each with recommended actions in Traction', params: idParamsSchema, response: { 200: gapViewSchema, 404: errorBodySchema } }, config: read }, async (request) =>
    phrased(async () => gapReport(deps, request.params.id, await topRankedForGap(deps))),
  );

  app.get('/api/assessment/trend', { schema: { tags, summary: 'Overall and pillar scores of every round, oldest first', response: { 200: trendViewSchema } }, config: read }, async () => phrased(() => trend(deps)));

  app.post(
    '/api/assessment/rounds/:id/tasks',
    { schema: { tags, summary: "Make a recommended action of the round's gap report a task", params: idParamsSchema, body: z.strictObject({ action: z.string().min(1).max(80) }), response: { 201: taskViewSchema, ...errors } }, config: { access: { permission: 'use_case.update' as const } } },
    async (request, reply) => reply.code(201).send(await phrased(() => createTask(deps, request.params.id, request.body.action, actorOf(request.principal!)))),
  );

  app.post(
    '/api/assessment/rounds/:id/use-cases',
    {
      schema: {
        tags,
        summary: "Make a recommended action a use case (a proposal at the first stage): the action's draft, completed by the intake fields sent",
        description: 'The body is the intake of POST /api/use-cases plus `action`; title, problem and objective default to the action\'s draft.',
        params: idParamsSchema,
        body: intakeFieldsSchema.partial({ title: true, problem: true, objective: true }).extend({ action: z.string().min(1).max(80) }).superRefine(requireValueOrTemplate),
        response: { 201: z.object({ use_case: useCaseSummarySchema.pick({ id: true, title: true }), task: taskViewSchema }), ...errors },
      },
      config: { access: { permission: 'use_case.create' as const } },
    },
    async (request, reply) => {
      const { action, ...intake } = request.body;
      const principal = request.principal!;
      const draft = await phrased(() => useCaseDraftFor(deps, request.params.id, action));
      const { definition: created } = await createFromIntake(deps, { ...intake, title: intake.title ?? draft.title, problem: intake.problem ?? draft.problem, objective: intake.objective ?? draft.objective, tags: [...new Set([...draft.tags, ...(intake.tags ?? [])])] }, { actor: actorOf(principal), role: principal.user.role, username: principal.user.username });
      const task = await phrased(() => recordUseCaseFollowUp(deps, request.params.id, action, created.id, actorOf(principal)));
      return reply.code(201).send({ use_case: { id: created.id, title: (created.body as { title: string }).title }, task });
    },
  );

  app.get(
    '/api/assessment/tasks',
    { schema: { tags, summary: 'Tasks and use cases made from gap reports, newest first', querystring: z.strictObject({ round: z.string().max(80).optional(), status: z.enum(['open', 'done']).optional() }), response: { 200: z.object({ items: z.array(taskViewSchema) }) } }, config: read },
    async (request) => phrased(async () => ({ items: await listTasks(deps, request.query) })),
  );

  app.post('/api/assessment/tasks/:id/done', { schema: { tags, summary: 'Mark a task done', params: idParamsSchema, response: { 200: taskViewSchema, ...errors } }, config: { access: { permission: 'use_case.update' as const } } }, async (request) =>
    phrased(() => markTaskDone(deps, request.params.id, actorOf(request.principal!))),
  );
}
