// Roadmap scenarios and funding decisions: list, create, update and delete scenarios, plan
// one, compare several, commit one, and what the newest commitment funds. Thin: every action
// is src/application/roadmap.ts; the portfolio comes from the server's cache.
import { z } from 'zod';
import { commitScenario, compareScenarios, createScenario, deleteScenario, fundingStatus, getScenario, listScenarios, planScenario, quarterSpan, updateScenario, type ScenarioPlan } from '../../application/roadmap.js';
import type { FundingDecision, RoadmapScenario } from '../../domain/roadmap-scenario.js';
import { scenarioInputSchema } from '../../domain/roadmap-scenario.js';
import { listFundingDecisions } from '../../store/funding-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';
import type { PortfolioState } from '../portfolio-cache.js';
import { roadmapSchema, roadmapView } from '../portfolio-views.js';

const scenarioParams = z.strictObject({ id: z.string().min(1).max(100).describe('the scenario id (scn_...) or its name') });

const scenarioSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  budget_per_quarter: z.union([z.number(), z.array(z.number())]).nullable().describe('null: traction.yaml budget_per_quarter'),
  quarters: z.number().int().nullable().describe('null: traction.yaml quarters'),
  must_do: z.array(z.string()),
  must_not: z.array(z.string()),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

const fundedSchema = z.object({ id: z.string(), title: z.string(), quarters: z.array(z.string()), span: z.string().describe('e.g. 2027-Q1–Q2'), build: z.number(), value: z.number() });

const planSummarySchema = z.object({
  scenario: scenarioSchema,
  value: z.number().describe('total risk-adjusted NPV of the plan'),
  status: z.enum(['optimal', 'time_limit']),
  quarters: z.array(z.string()),
  per_quarter: z.array(z.object({ quarter: z.string(), budget: z.number(), spend: z.number(), use_cases: z.array(z.string()).describe('ids of the use cases funded in that quarter') })),
  funded: z.array(fundedSchema),
  left_out: z.array(z.object({ id: z.string(), title: z.string(), reason: z.string(), would_take: z.string() })),
});

const decisionSchema = z.object({
  id: z.string(),
  scenario: z.object({ id: z.string(), name: z.string() }),
  at: z.string(),
  actor: z.string(),
  currency: z.string(),
  value: z.number(),
  quarters: z.array(z.string()),
  funded: z.array(fundedSchema),
  left_out: z.array(z.object({ id: z.string(), reason: z.string() })),
});

const useCaseFundingSchema = z.object({
  id: z.string(),
  funded: z.boolean(),
  quarters: z.array(z.string()),
  span: z.string().describe('the funded quarters as people write them, e.g. 2027-Q1–Q2; empty when not funded'),
  reason: z.string().nullable().describe('why it is not funded'),
  decision: z.object({ id: z.string(), scenario: z.string(), at: z.string(), actor: z.string() }).nullable().describe('the newest funding decision; null when none was ever made'),
});

function scenarioView(s: RoadmapScenario): z.infer<typeof scenarioSchema> {
  return {
    id: s.id,
    name: s.name,
    description: s.description ?? null,
    budget_per_quarter: s.budget_per_quarter ?? null,
    quarters: s.quarters ?? null,
    must_do: s.must_do,
    must_not: s.must_not,
    created_at: s.createdAt,
    created_by: s.createdBy,
    updated_at: s.updatedAt,
    updated_by: s.updatedBy,
  };
}

const fundedView = (f: FundingDecision['funded'][number]) => ({ id: f.useCaseId, title: f.title, quarters: f.quarters, span: quarterSpan(f.quarters), build: f.build, value: f.value });

function planSummary(p: ScenarioPlan): z.infer<typeof planSummarySchema> {
  const labels = p.instance.quarterLabels;
  return {
    scenario: scenarioView(p.scenario!),
    value: p.result.value,
    status: p.result.status,
    quarters: labels,
    per_quarter: labels.map((quarter, q) => ({ quarter, budget: p.instance.budget[q] ?? 0, spend: p.result.usage.budget[q] ?? 0, use_cases: p.funded.filter((f) => f.quarters.includes(quarter)).map((f) => f.useCaseId) })),
    funded: p.funded.map(fundedView),
    left_out: p.leftOut.map((l) => ({ id: l.useCaseId, title: l.title, reason: l.reason, would_take: l.wouldTake })),
  };
}

function decisionView(d: FundingDecision): z.infer<typeof decisionSchema> {
  return {
    id: d.id,
    scenario: { id: d.scenarioId, name: d.scenarioName },
    at: d.at,
    actor: d.actor,
    currency: d.currency,
    value: d.value,
    quarters: d.quarters,
    funded: d.funded.map(fundedView),
    left_out: d.leftOut.map((l) => ({ id: l.useCaseId, reason: l.reason })),
  };
}

export async function fundingRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['funding'];
  const read = { access: { permission: 'read' as const } };
  const write = { access: { permission: 'roadmap.scenario' as const } };
  const snapshot = (): Promise<PortfolioState> => deps.portfolio.portfolio(deps.store.db);
  // Every plan through the server's plan cache: a scenario planned, compared and committed is solved once.
  const options = (state: PortfolioState) => deps.portfolio.planOptions(deps.store.db, state);
  const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

  app.get('/api/roadmap/scenarios', { schema: { tags, summary: 'Saved roadmap scenarios, oldest first', response: { 200: z.object({ items: z.array(scenarioSchema) }) } }, config: read }, async () => ({
    items: (await listScenarios(deps.store.db)).map(scenarioView),
  }));

  app.post(
    '/api/roadmap/scenarios',
    { schema: { tags, summary: 'Save a scenario: a name, the budget per quarter, the quarters planned, use cases forced in or out', body: scenarioInputSchema, response: { 201: scenarioSchema, ...errors } }, config: write },
    async (request, reply) => {
      const p = request.principal!;
      return reply.code(201).send(scenarioView(await createScenario(deps.store, await snapshot(), request.body, actorOf(p), deps.now())));
    },
  );

  app.put(
    '/api/roadmap/scenarios/:id',
    { schema: { tags, summary: 'Replace a scenario (its name may change)', params: scenarioParams, body: scenarioInputSchema, response: { 200: scenarioSchema, ...errors } }, config: write },
    async (request) => scenarioView(await updateScenario(deps.store, await snapshot(), request.params.id, request.body, actorOf(request.principal!), deps.now())),
  );

  app.delete(
    '/api/roadmap/scenarios/:id',
    { schema: { tags, summary: 'Delete a scenario (funding decisions made from it stay in the log)', params: scenarioParams, response: { 204: z.undefined(), 404: errorBodySchema } }, config: write },
    async (request, reply) => {
      await deleteScenario(deps.store, request.params.id, actorOf(request.principal!), deps.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/roadmap/scenarios/:id/plan',
    { schema: { tags, summary: 'The optimal roadmap under one scenario (same shape as GET /api/roadmap)', params: scenarioParams, response: { 200: roadmapSchema, ...errors } }, config: read },
    async (request) => {
      const state = await snapshot();
      const plan = await planScenario(deps.store.db, state, await getScenario(deps.store.db, request.params.id), await options(state));
      return roadmapView(plan, state);
    },
  );

  app.get(
    '/api/roadmap/compare',
    {
      schema: {
        tags,
        summary: 'Plan two or more scenarios side by side: NPV, what each funds per quarter, and the use cases funded differently',
        querystring: z.strictObject({ scenarios: z.string().min(1).max(2000).describe('scenario ids or names, separated by commas') }),
        response: { 200: z.object({ currency: z.string(), scenarios: z.array(planSummarySchema), differences: z.array(z.object({ id: z.string(), title: z.string(), quarters: z.array(z.array(z.string())).describe('per scenario, in order; empty: not funded') })) }), ...errors },
      },
      config: read,
    },
    async (request) => {
      const names = request.query.scenarios.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      const state = await snapshot();
      const c = await compareScenarios(deps.store.db, state, names, await options(state));
      return { currency: c.currency, scenarios: c.plans.map(planSummary), differences: c.differences.map((d) => ({ id: d.useCaseId, title: d.title, quarters: d.quarters })) };
    },
  );

  app.post(
    '/api/roadmap/scenarios/:id/commit',
    {
      schema: { tags, summary: 'Commit a scenario: a funding decision (who, when, the plan) recorded in the append-only funding log; the newest one says what is funded', params: scenarioParams, response: { 201: decisionSchema, ...errors } },
      config: { access: { permission: 'funding.commit' } },
    },
    async (request, reply) => {
      const state = await snapshot();
      return reply.code(201).send(decisionView(await commitScenario(deps.store, state, request.params.id, actorOf(request.principal!), deps.now(), await options(state))));
    },
  );

  app.get(
    '/api/funding/decisions',
    { schema: { tags, summary: 'Funding decisions (committed scenarios), newest first; append-only', querystring: z.strictObject(pageQueryShape), response: { 200: pageOf(decisionSchema) } }, config: read },
    async (request) => {
      const { limit, offset } = request.query;
      const page = await listFundingDecisions(deps.store.db, { limit, offset });
      return { items: page.items.map(decisionView), total: page.total, limit, offset };
    },
  );

  app.get(
    '/api/use-cases/:id/funding',
    { schema: { tags, summary: 'Whether the newest committed plan funds this use case, and in which quarters', params: idParamsSchema, response: { 200: useCaseFundingSchema, 404: errorBodySchema } }, config: read },
    async (request) => {
      const state = await snapshot();
      const { id } = request.params;
      if (!state.workspace.useCases.some((u) => u.id === id) && !state.evaluation.unvalued.some((u) => u.useCaseId === id)) throw new ApiError(404, 'not_found', `no live use case "${id}"`);
      const f = (await fundingStatus(deps.store.db)).byUseCase(id);
      return {
        id: f.useCaseId,
        funded: f.funded,
        quarters: f.quarters,
        span: quarterSpan(f.quarters),
        reason: f.reason,
        decision: f.decision ? { id: f.decision.id, scenario: f.decision.scenarioName, at: f.decision.at, actor: f.decision.actor } : null,
      };
    },
  );
}
