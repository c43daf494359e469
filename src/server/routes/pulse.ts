// The pulse survey of deployed use cases (src/pulse/pulse-actions.ts, the same actions as
// `traction pulse`): open a survey for a period, make single-use links, close it, read the
// results under the minimum group size; and the two doors a link opens without a login:
// read the statements, answer once. Those two read the link's token from the
// x-invitation-token header only, and it opens nothing else.
import { z } from 'zod';
import { INVITATION_HEADER, InvitationError } from '../../assessment/invitation.js';
import { openPulseSchema, pulseAnswerSchema, pulseItemSchema, pulseLinksRequestSchema } from '../../domain/pulse.js';
import { answerPulse, closePulse, latestPulses, makePulseLinks, openPulse, PulseError, pulseForLink, useCasePulse, type PulseContext } from '../../pulse/pulse-actions.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { ReadModel } from '../read-model.js';
import { loadConfig } from '../stored-config.js';
import { pulseRevision } from '../../store/pulse-repository.js';
import { loadStoredWorkspace } from '../stored-workspace.js';

const scoresSchema = z.object({
  overall: z.number().min(0).max(100).describe('the mean of the four statements, 0-100'),
  items: z.array(z.object({ item: pulseItemSchema, score: z.number().min(0).max(100).describe('mean answer on 0-100 (strongly disagree 0 ... strongly agree 100)'), agree: z.number().min(0).max(1).describe('share answering agree or strongly agree') })),
});

const surveySchema = z.object({
  id: z.string(),
  use_case: z.string(),
  period: z.string(),
  status: z.enum(['open', 'closed']),
  opened_at: z.string(),
  closes_at: z.string(),
  closed_at: z.string().nullable(),
  links: z.number().int().describe('single-use links made'),
  respondents: z.number().int().nullable().describe('null: fewer people answered than the minimum group size, and no figure is shown'),
  scores: scoresSchema.nullable(),
  departments: z.array(scoresSchema.extend({ department: z.string(), respondents: z.number().int() })).describe('departments with at least the minimum group size, after secondary suppression'),
  hidden_departments: z.number().int(),
});

const latestSchema = z.object({ surveys: z.array(surveySchema) });

const useCasePulseSchema = z.object({
  use_case: z.string(),
  title: z.string(),
  min_group_size: z.number().int(),
  statements: z.array(z.object({ item: pulseItemSchema, statement: z.string() })),
  surveys: z.array(surveySchema),
});

const questionnaireSchema = z.object({
  use_case: z.object({ id: z.string(), title: z.string() }),
  period: z.string(),
  closes_at: z.string(),
  statements: z.array(z.object({ item: pulseItemSchema, statement: z.string() })),
  levels: z.array(z.object({ level: z.number().int(), label: z.string() })),
});

const tokenHeaders = z.object({ [INVITATION_HEADER]: z.string().max(200).optional().describe('the token after the # of the link') });

const STATUS: Record<PulseError['code'], number> = { not_found: 404, not_deployed: 409, exists: 409, period_over: 409, closed: 409, invalid: 400 };
// As the assessment's links answer (routes/assessment.ts): unknown 404, spent 410.
const INVITATION_STATUS = { unknown: 404, used: 410, expired: 410, revoked: 410 } as const;

/** The action's refusals as the API's error shape. */
async function phrased<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof PulseError) throw new ApiError(STATUS[e.code], e.code, e.message, e.field);
    if (e instanceof InvitationError) throw new ApiError(INVITATION_STATUS[e.reason], `invitation_${e.reason}`, e.message);
    throw e;
  }
}

export async function pulseRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['pulse'];
  const manage = { access: { permission: 'use_case.update' as const } };
  const context = async (): Promise<PulseContext> => loadStoredWorkspace(deps.store.db, deps.workspaceRoot);
  // Every use case's newest survey, made once per change of the store (server/read-model.ts).
  const latest = new ReadModel(1);
  // One address for every link (the token is a header): no answer may be cached for another link.
  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === '/api/pulse/respond') reply.header('cache-control', 'no-store');
  });

  app.get(
    '/api/pulse',
    { schema: { tags, summary: "Every use case's newest pulse survey with its results (figures only for groups of at least the minimum size)", response: { 200: latestSchema, 409: errorBodySchema } }, config: { access: { permission: 'read' } } },
    async (request, reply) => {
      const db = deps.store.db;
      const now = deps.now();
      const body = await latest.body(await pulseRevision(db), '', now, async () => {
        const { surveys, changesAt } = await latestPulses(db, await loadConfig(deps), now);
        return { value: latestSchema.parse({ surveys }), validUntil: changesAt ?? undefined };
      });
      return body.send(request, reply);
    },
  );

  app.get(
    '/api/use-cases/:id/pulse',
    { schema: { tags, summary: "A use case's pulse surveys, newest period first, with results per statement and per department", params: idParamsSchema, response: { 200: useCasePulseSchema, 404: errorBodySchema, 409: errorBodySchema } }, config: { access: { permission: 'read' } } },
    async (request) => phrased(async () => useCasePulse(deps.store.db, await context(), request.params.id, deps.now())),
  );

  app.post(
    '/api/pulse/surveys',
    { schema: { tags, summary: 'Open the pulse survey of a deployed use case for a period (default: this month)', body: openPulseSchema, response: { 201: surveySchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema } }, config: manage },
    async (request, reply) =>
      phrased(async () => {
        const ctx = await context();
        const now = deps.now();
        const s = await openPulse(deps.store, ctx, { useCaseId: request.body.use_case, period: request.body.period, by: actorOf(request.principal!), now });
        return reply.code(201).send((await useCasePulse(deps.store.db, ctx, s.useCaseId, now)).surveys.find((x) => x.id === s.id)!);
      }),
  );

  app.post(
    '/api/pulse/surveys/:id/links',
    {
      schema: {
        tags,
        summary: 'Make single-use answer links to an open survey (each answers once; they expire with the period or sooner). The links are shown in this answer only.',
        params: idParamsSchema,
        body: pulseLinksRequestSchema,
        response: { 201: z.object({ survey: z.string(), links: z.array(z.object({ invitation: z.string(), path: z.string().describe('append to the dashboard address; the token is after the #'), expires_at: z.string() })) }), 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { ...manage.access, secretAnswer: true } },
    },
    async (request, reply) =>
      phrased(async () => {
        const b = request.body;
        const made = await makePulseLinks(deps.store, { surveyId: request.params.id, count: b.count, department: b.department, expiresInDays: b.expires_in_days, by: actorOf(request.principal!), now: deps.now() });
        return reply.code(201).send({ survey: made.survey.id, links: made.links });
      }),
  );

  app.post(
    '/api/pulse/surveys/:id/close',
    { schema: { tags, summary: 'Close a survey before its period ends: no further answers', params: idParamsSchema, response: { 200: z.object({ id: z.string(), closed_at: z.string().nullable() }), 404: errorBodySchema, 409: errorBodySchema } }, config: manage },
    async (request) =>
      phrased(async () => {
        const s = await closePulse(deps.store, { surveyId: request.params.id, by: actorOf(request.principal!), now: deps.now() });
        return { id: s.id, closed_at: s.closedAt };
      }),
  );

  app.get(
    '/api/pulse/respond',
    { schema: { tags, summary: 'What an answer link opens: the use case and the four statements (the link stays unused)', headers: tokenHeaders, response: { 200: questionnaireSchema, 404: errorBodySchema, 409: errorBodySchema, 410: errorBodySchema } }, config: { access: { public: true } } },
    async (request) => phrased(async () => pulseForLink(deps.store.db, await context(), request.headers[INVITATION_HEADER], deps.now())),
  );

  app.post(
    '/api/pulse/respond',
    {
      schema: { tags, summary: 'Answer the four statements through a link, once: the answer and the use of the link are recorded together or not at all', headers: tokenHeaders, body: pulseAnswerSchema, response: { 201: z.object({ survey: z.string(), period: z.string() }), 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 410: errorBodySchema } },
      config: { access: { public: true } },
    },
    async (request, reply) => phrased(async () => reply.code(201).send(await answerPulse(deps.store, { token: request.headers[INVITATION_HEADER], answer: request.body, now: deps.now() }))),
  );
}
