// Proposals and their triage (src/application/triage.ts): the portfolio owners' queue and
// decisions, the author's own proposals, similar use cases while a title is typed, and how
// the intake form reads numbers here. The routes parse and answer; the actions decide.
import { z } from 'zod';
import { myProposals, proposalOf, proposalsForReview, decideProposal, similarToDraft, type ProposalView } from '../../application/triage.js';
import { InvalidError } from '../../application/errors.js';
import { PROPOSAL_STATUSES, proposalDecisionSchema, proposalStatusSchema, type ProposalStatus } from '../../domain/proposal.js';
import { separators } from '../../domain/locale-number.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';
import { loadConfig } from '../stored-config.js';

export const similarSchema = z.object({ id: z.string(), title: z.string(), problem: z.string(), score: z.number().min(0).max(1).describe('0 nothing alike, 1 the same (title trigrams and problem words)') });

export const proposalViewSchema = z.object({
  use_case_id: z.string(),
  title: z.string(),
  problem: z.string(),
  objective: z.string(),
  department: z.string(),
  owner: z.string(),
  author: z.string(),
  status: proposalStatusSchema,
  comment: z.string().nullable().describe('what the portfolio owner asked to change, or why it was rejected'),
  merged_into: z.string().nullable(),
  merged_into_title: z.string().nullable(),
  version: z.number().int(),
  proposed_at: z.string(),
  decided_at: z.string().nullable(),
  decided_by: z.string().nullable(),
  updated_at: z.string(),
  similar: z.array(similarSchema).describe('use cases that read alike, most alike first'),
});

export function toProposalBody(p: ProposalView): z.infer<typeof proposalViewSchema> {
  return {
    use_case_id: p.useCaseId,
    title: p.title,
    problem: p.problem,
    objective: p.objective,
    department: p.department,
    owner: p.owner,
    author: p.author,
    status: p.status,
    comment: p.comment,
    merged_into: p.mergedInto,
    merged_into_title: p.mergedIntoTitle,
    version: p.version,
    proposed_at: p.proposedAt,
    decided_at: p.decidedAt,
    decided_by: p.decidedBy,
    updated_at: p.updatedAt,
    similar: p.similar,
  };
}

/** `proposed,accepted` as statuses; an unknown one is refused naming the known ones. */
function statusList(text: string) {
  const wanted = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = wanted.filter((s) => !(PROPOSAL_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new InvalidError(`query field "status": unknown status ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${PROPOSAL_STATUSES.join(', ')})`, 'status', [{ field: 'status', message: `known statuses: ${PROPOSAL_STATUSES.join(', ')}` }]);
  return wanted as ProposalStatus[];
}

const listSchema = z.object({ items: z.array(proposalViewSchema) });

export async function proposalRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['proposals'];
  const read = { access: { permission: 'read' as const } };
  const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

  app.get(
    '/api/proposals',
    {
      schema: {
        tags,
        summary: 'Proposals to triage (portfolio owners only; traction.yaml roles.portfolio_owner), open ones unless asked',
        querystring: z.strictObject({ status: z.string().max(200).optional().describe(`comma-separated: ${PROPOSAL_STATUSES.join(', ')}`) }),
        response: { 200: listSchema, ...errors },
      },
      config: read,
    },
    async (request) => {
      const statuses = request.query.status === undefined ? undefined : statusList(request.query.status);
      return { items: (await proposalsForReview(deps, request.principal!.user.username, statuses)).map(toProposalBody) };
    },
  );

  app.get('/api/proposals/mine', { schema: { tags, summary: 'The caller’s own proposals and their status', response: { 200: listSchema, ...errors } }, config: read }, async (request) => ({
    items: (await myProposals(deps, request.principal!.user.username)).map(toProposalBody),
  }));

  app.get(
    '/api/proposals/similar',
    {
      schema: {
        tags,
        summary: 'Use cases reading like a title (and problem) being typed, among those the caller may see',
        querystring: z.strictObject({ title: z.string().max(200), problem: z.string().max(4000).optional() }),
        response: { 200: z.object({ items: z.array(similarSchema) }), ...errors },
      },
      config: read,
    },
    async (request) => ({ items: await similarToDraft(deps, request.principal!.user.username, { title: request.query.title, ...(request.query.problem ? { problem: request.query.problem } : {}) }) }),
  );

  app.get(
    '/api/proposals/:id',
    {
      schema: { tags, summary: 'The proposal of a use case (null when it came from files: accepted by construction)', params: idParamsSchema, response: { 200: z.object({ proposal: proposalViewSchema.nullable() }), ...errors } },
      config: read,
    },
    async (request) => {
      const p = await proposalOf(deps, request.params.id, request.principal!.user.username);
      return { proposal: p ? toProposalBody(p) : null };
    },
  );

  app.post(
    '/api/proposals/:id/decision',
    {
      schema: {
        tags,
        summary: 'A portfolio owner accepts a proposal, asks for changes (comment), rejects it (reason) or merges it into a use case it duplicates',
        params: idParamsSchema,
        body: proposalDecisionSchema,
        response: { 200: proposalViewSchema, ...errors },
      },
      config: { access: { permission: 'proposal.review' } },
    },
    async (request) => toProposalBody(await decideProposal(deps, request.params.id, request.body, { actor: actorOf(request.principal!), username: request.principal!.user.username })),
  );

  app.get(
    '/api/intake/number-format',
    {
      schema: {
        tags,
        summary: 'How people here write numbers (traction.yaml locale) and the currency, for the intake form',
        response: { 200: z.object({ locale: z.string(), currency: z.string(), decimal: z.string(), group: z.string() }), 409: errorBodySchema },
      },
      config: read,
    },
    async () => {
      const c = await loadConfig(deps);
      const locale = c.locale ?? 'en';
      return { locale, currency: c.currency, ...separators(locale) };
    },
  );
}
