// Use cases: list (filter, sort, page), get, propose through the intake form, update, archive.
// The actions live in src/application/use-cases.ts; these routes parse and answer.
import { hiddenUseCases } from '../../application/proposal-visibility.js';
import { archiveUseCase, createFromIntake, updateUseCase, useCasePatchSchema } from '../../application/use-cases.js';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema.js';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { UseCase } from '../../domain/use-case.js';
import { currentStage } from '../../gates/stage-machine.js';
import type { Database } from '../../store/database.js';
import { listDecisions } from '../../store/decision-repository.js';
import { intakeSchema } from '../../domain/intake.js';
import type { StoredDefinition } from '../../store/definition-repository.js';
import { getDefinition } from '../../store/definition-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, ownerView, pageOf, pageQueryShape, storedUseCaseSchema, useCaseSummarySchema } from '../api-schemas.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { proposalViewSchema, similarSchema, toProposalBody } from './proposals.js';
import { loadConfig } from '../stored-config.js';
import { viewerOf } from '../proposal-visibility.js';

/**
 * Bodies of use-case writes are checked in the action by the workspace's own check (the one
 * `traction validate` runs), so every refusal is phrased one way; params and headers still
 * go through the app's zod validator. The body schema stays declared for the OpenAPI document.
 */
function bodyCheckedByAction<T>(route: FastifyRouteSchemaDef<T>): FastifyValidationResult {
  return route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as FastifyRouteSchemaDef<z.ZodType>);
}

/** The caller as the actions see it: the name for the audit log, the role for permissions on fields. */
const callerOf = (p: Principal) => ({ actor: actorOf(p), role: p.user.role, username: p.user.username });

const stored = (d: StoredDefinition) => ({ use_case: d.body as Record<string, unknown>, ...ownerView(d), version: d.version, created_at: d.createdAt, updated_at: d.updatedAt, archived_at: d.archivedAt });

/** With the stage the decision log says (the definition keeps the one declared). */
async function withCurrentStage(db: Kysely<Database>, d: StoredDefinition) {
  const u = d.body as UseCase;
  return { ...stored(d), use_case: { ...u, stage: currentStage(u.stage, await listDecisions(db, { useCaseId: d.id })) } };
}

export async function useCaseRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['use cases'];
  const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

  app.get(
    '/api/use-cases',
    {
      schema: {
        tags,
        summary: 'Use cases, filtered, sorted and paged',
        querystring: z.strictObject({
          ...pageQueryShape,
          stage: z.string().optional(),
          team: z.string().optional(),
          q: z.string().max(200).optional().describe('text in id, title, owner or department'),
          include_archived: z.enum(['true', 'false']).default('false'),
          sort: z.enum(['id', 'title', 'updated_at', 'stage']).default('id'),
        }),
        response: { 200: pageOf(useCaseSummarySchema) },
      },
      config: { access: { permission: 'read' }, fingerprint: true },
    },
    async (request, reply) => {
      const { include_archived, ...q } = request.query;
      const stageOrder = async (db: typeof deps.store.db) => {
        const config = await loadConfig(deps, db).catch(() => undefined);
        return config ? [...config.stages, ...config.side_stages] : [];
      };
      // Serialised by the list cache rather than the response schema: summaries are built
      // from validated definitions, and this is the hot path (benchmarks/api-bench.ts).
      // Proposals not yet accepted only for their author and the reviewers (application/proposal-visibility.ts).
      const hidden = await hiddenUseCases(deps.store.db, viewerOf(request.principal!));
      const page = await deps.useCaseList.page(deps.store.db, { ...q, includeArchived: include_archived === 'true' }, stageOrder, hidden, request.fingerprint);
      return page.send(request, reply);
    },
  );

  app.get(
    '/api/use-cases/:id',
    { schema: { tags, summary: 'One use case with its version', params: idParamsSchema, response: { 200: storedUseCaseSchema, 404: errorBodySchema } }, config: { access: { permission: 'read' } } },
    async (request) => {
      const d = await getDefinition(deps.store.db, 'use_case', request.params.id);
      if (!d) throw new ApiError(404, 'not_found', `no use case "${request.params.id}"`);
      return withCurrentStage(deps.store.db, d);
    },
  );

  app.post(
    '/api/use-cases',
    {
      schema: {
        tags,
        summary: 'Propose a use case (intake): it starts at the first stage as a proposal, ranked and planned once a portfolio owner accepts it',
        body: intakeSchema,
        response: { 201: storedUseCaseSchema.extend({ proposal: proposalViewSchema.pick({ status: true, author: true, proposed_at: true }), similar: z.array(similarSchema) }), ...errors },
      },
      config: { access: { permission: 'use_case.create' } },
      validatorCompiler: bodyCheckedByAction,
    },
    async (request, reply) => {
      const made = await createFromIntake(deps, request.body, callerOf(request.principal!));
      const p = toProposalBody({ ...made.proposal, mergedIntoTitle: null, title: '', problem: '', objective: '', department: '', owner: '', similar: [] });
      return reply.code(201).send({ ...stored(made.definition), proposal: { status: p.status, author: p.author, proposed_at: p.proposed_at }, similar: made.similar });
    },
  );

  app.patch(
    '/api/use-cases/:id',
    {
      schema: {
        tags,
        summary: 'Change fields of a use case (not its id or stage); send If-Match: <version> to refuse lost updates',
        params: idParamsSchema,
        headers: z.object({ 'if-match': z.string().regex(/^"?\d+"?$/, 'a version number').optional() }),
        body: useCasePatchSchema,
        response: { 200: storedUseCaseSchema, ...errors },
      },
      config: { access: { permission: 'use_case.update' } },
      validatorCompiler: bodyCheckedByAction,
    },
    async (request) => {
      const ifMatch = request.headers['if-match'];
      const expected = ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, ''));
      return withCurrentStage(deps.store.db, await updateUseCase(deps, request.params.id, request.body, callerOf(request.principal!), expected));
    },
  );

  app.post(
    '/api/use-cases/:id/archive',
    { schema: { tags, summary: 'Archive a use case (kept with its history)', params: idParamsSchema, response: { 200: storedUseCaseSchema, ...errors } }, config: { access: { permission: 'use_case.archive' } } },
    async (request) => withCurrentStage(deps.store.db, await archiveUseCase(deps, request.params.id, callerOf(request.principal!))),
  );
}
