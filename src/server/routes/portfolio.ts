// The portfolio (ranked, with NPV percentiles, quadrant and score breakdown), one use case's
// business case, and the roadmap, all computed by src/portfolio from the store's definitions.
import { z } from 'zod';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { businessCaseSchema, businessCaseView, portfolioSchema, portfolioView, roadmapSchema, roadmapView, unvaluedView } from '../portfolio-views.js';

export async function portfolioRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['portfolio'];
  const errors = { 409: errorBodySchema, 422: errorBodySchema };

  app.get(
    '/api/portfolio',
    {
      schema: {
        tags,
        summary: 'Every live use case ranked by total score, with NPV P10/P50/P90, risk-adjusted NPV, quadrant and score breakdown',
        description: 'Monte Carlo with traction.yaml simulation.draws and seed; data feasibility from the latest readiness run. Recomputed only when a definition or a readiness run changes.',
        response: { 200: portfolioSchema, ...errors },
      },
      // The store's fingerprint comes with the principal, in the same round trip (request-lookups.ts).
      config: { access: { permission: 'read' }, fingerprint: true },
    },
    // Serialised (and gzipped) once per evaluation by the cache rather than per request by the
    // response schema: the view is built by typed code from validated definitions.
    async (request, reply) => (await deps.portfolio.portfolioBody(deps.store.db, portfolioView, request.fingerprint)).send(request, reply),
  );

  app.get(
    '/api/use-cases/:id/business-case',
    {
      schema: {
        tags,
        summary: "One use case's business case: cash flows at likely values, the NPV distribution as a histogram, and the tornado",
        params: idParamsSchema,
        querystring: z.strictObject({ bins: z.coerce.number().int().min(5).max(100).default(30).describe('histogram bins') }),
        response: { 200: businessCaseSchema, 404: errorBodySchema, ...errors },
      },
      config: { access: { permission: 'read' }, fingerprint: true },
    },
    async (request) => {
      const state = await deps.portfolio.portfolio(deps.store.db, request.fingerprint);
      const v = state.evaluation.valuations.get(request.params.id);
      const unvalued = state.evaluation.unvalued.find((u) => u.useCaseId === request.params.id);
      if (unvalued) {
        const problems = unvaluedView([unvalued])[0]!.problems;
        const first = problems[0];
        throw new ApiError(422, 'unvalued', `use case ${request.params.id} cannot be valued: ${first ? `field ${first.field}: ${first.message}` : 'no detail'}`, first?.field, problems);
      }
      if (!v) throw new ApiError(404, 'not_found', `no live use case "${request.params.id}"`);
      return businessCaseView(v, state.workspace.config.currency, request.query.bins);
    },
  );

  app.get(
    '/api/roadmap',
    {
      schema: {
        tags,
        summary: 'The optimal roadmap under budget, team capacity and dependencies (exact MIP), with the greedy baseline, binding constraints and why each left-out use case is left out',
        querystring: z.strictObject({
          budget_per_quarter: z.coerce.number().min(0).max(1e12).optional().describe('override traction.yaml budget_per_quarter (same amount every quarter)'),
          quarters: z.coerce.number().int().min(1).max(40).optional().describe('override the number of quarters planned'),
        }),
        response: { 200: roadmapSchema, ...errors },
      },
      config: { access: { permission: 'read' }, fingerprint: true },
    },
    // Planned once per store change and overrides (a use case whose gate was rejected waits
    // until it is resubmitted: application/roadmap.ts), then served as kept bytes like the portfolio.
    async (request, reply) => {
      const { budget_per_quarter, quarters } = request.query;
      const overrides = { ...(budget_per_quarter !== undefined ? { budgetPerQuarter: budget_per_quarter } : {}), ...(quarters !== undefined ? { quarters } : {}) };
      return (await deps.portfolio.roadmapBody(deps.store.db, overrides, roadmapView, request.fingerprint)).send(request, reply);
    },
  );
}
