// The roadmap and funding actions, once for the CLI and the server: plan (the workspace's own
// settings or a named scenario), save, update and delete scenarios, compare them, and commit
// one (a funding decision). The caller hands in the portfolio it computed (from files or from
// the store), so this module never reads files. Gate outcomes are respected: a use case whose
// current gate was rejected is held back until it is resubmitted (see `gateHolds`).
import type { Kysely } from 'kysely';
import type { Workspace } from '../domain/workspace.js';
import { scenarioInputSchema, type FundedUseCase, type FundingDecision, type RoadmapScenario, type ScenarioInput } from '../domain/roadmap-scenario.js';
import type { PortfolioEvaluation } from '../portfolio/evaluate-portfolio.js';
import { loadHighs } from '../portfolio/load-highs.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import { planRoadmap, type RoadmapResult } from '../portfolio/roadmap.js';
import { activeQuarters, buildRoadmapInstance, valueAt, type RoadmapInstance, type RoadmapOverrides } from '../portfolio/roadmap-instance.js';
import type { Database } from '../store/database.js';
import { listEvidence } from '../store/evidence-repository.js';
import { appendFundingDecision, deleteScenarioRow, findScenario, insertScenario, latestFundingDecision, listScenarioRows, updateScenario as updateScenarioRow } from '../store/funding-repository.js';
import { listSignoffs } from '../store/signoff-repository.js';
import type { Store } from '../store/store.js';
import { planCommitted } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { ConflictError, InvalidError, NotFoundError, type ActionProblem } from './errors.js';
import type { RoadmapPlanCache } from './roadmap-plan-cache.js';

/** The portfolio a plan is made from: the workspace (valid use cases at their current stage) and its valuation. */
export interface PortfolioSnapshot {
  workspace: Workspace;
  evaluation: PortfolioEvaluation;
}

export interface PlanOptions {
  timeLimitSeconds: number;
  /** Milliseconds from any origin (lets the local search share the time limit); absent: reproducible. */
  clock?: () => number;
  /** Plans kept by their inputs (the server's); absent: every plan is made anew. */
  cache?: RoadmapPlanCache;
  /** The gate holds, where the caller has them already (the server keeps them per store fingerprint); absent: read now. */
  holds?: Record<string, { reason: string; remedy: string }>;
}

export interface ScenarioPlan {
  /** Undefined: the workspace's own settings (traction.yaml). */
  scenario: RoadmapScenario | undefined;
  instance: RoadmapInstance;
  result: RoadmapResult;
  currency: string;
  funded: FundedUseCase[];
  leftOut: { useCaseId: string; title: string; reason: string; wouldTake: string }[];
}

export const RESUBMIT_REMEDY = 'resubmit it: record new evidence for the gate after the rejection, or the rejecting role approves';

/**
 * Use cases held back by a gate rejection. A use case is rejected when, among the sign-offs
 * on the transition out of its current stage, the newest of some role is a rejection. It is
 * resubmitted (and planned again) once evidence other than a sign-off is recorded after that
 * rejection (new evidence for the approvers), or when that role approves later.
 */
export async function gateHolds(db: Kysely<Database>, workspace: Workspace): Promise<Record<string, { reason: string; remedy: string }>> {
  const stageOf = new Map(workspace.useCases.map((u) => [u.id, u.stage]));
  const newestByRole = new Map<string, Map<string, { decision: string; at: string; person: string; role: string }>>();
  for (const s of await listSignoffs(db)) {
    if (stageOf.get(s.useCaseId) !== s.fromStage) continue;
    const roles = newestByRole.get(s.useCaseId) ?? new Map();
    newestByRole.set(s.useCaseId, roles);
    roles.set(s.role, { decision: s.decision, at: s.at, person: s.person, role: s.role });
  }
  const rejected = new Map<string, { at: string; person: string; role: string }>();
  for (const [id, roles] of newestByRole) {
    const rejections = [...roles.values()].filter((r) => r.decision === 'reject').sort((a, b) => b.at.localeCompare(a.at));
    if (rejections[0]) rejected.set(id, rejections[0]);
  }
  if (rejected.size === 0) return {};
  const newestEvidence = new Map<string, string>();
  for (const e of await listEvidence(db)) if (e.kind !== 'signoff' && rejected.has(e.useCaseId)) newestEvidence.set(e.useCaseId, e.recordedAt);
  const holds: Record<string, { reason: string; remedy: string }> = {};
  for (const [id, r] of rejected) {
    if ((newestEvidence.get(id) ?? '') > r.at) continue;
    const role = r.role.replace(/_/g, ' ');
    holds[id] = { reason: `the ${role} (${r.person}) rejected its ${stageOf.get(id)} gate on ${r.at.slice(0, 10)}; not resubmitted since`, remedy: RESUBMIT_REMEDY };
  }
  return holds;
}

/** The plan under a scenario (or under traction.yaml when `scenario` is undefined). */
export async function planScenario(
  /** Undefined where there is no store yet (the CLI on a fresh workspace): no gate rejection can hold. */
  db: Kysely<Database> | undefined,
  snapshot: PortfolioSnapshot,
  scenario: RoadmapScenario | undefined,
  options: PlanOptions,
  /** Set on top of the scenario (the CLI's --quarters and --budget-per-quarter). */
  extra: Pick<RoadmapOverrides, 'quarters' | 'budgetPerQuarter'> = {},
): Promise<ScenarioPlan> {
  const { workspace, evaluation } = snapshot;
  const { config, useCases } = workspace;
  const heldBack = options.holds ?? (db ? await gateHolds(db, workspace) : {});
  const overrides: RoadmapOverrides = {
    heldBack,
    ...(scenario?.quarters !== undefined ? { quarters: scenario.quarters } : {}),
    ...(scenario?.budget_per_quarter !== undefined ? { budgetPerQuarter: scenario.budget_per_quarter } : {}),
    ...(scenario ? { mustDo: scenario.must_do, mustNot: scenario.must_not } : {}),
    ...extra,
  };
  const highs = await loadHighs();
  const expected = new Map([...evaluation.valuations].map(([id, v]) => [id, v.simulation.expectedNpv]));
  const unvalued = new Map(evaluation.unvalued.map((u) => [u.useCaseId, u.problems.map((p) => p.message).join('; ')]));
  const mustDo = [...(config.roadmap?.must_do ?? []), ...(scenario?.must_do ?? [])];
  let instance: RoadmapInstance;
  let result: RoadmapResult;
  try {
    instance = buildRoadmapInstance(
      useCases.filter((u) => evaluation.valuations.has(u.id)),
      config,
      expected,
      overrides,
      unvalued,
    );
    const built = instance;
    const solve = () => planRoadmap(built, highs, { timeLimitSeconds: options.timeLimitSeconds, mustDoIndex: (id) => mustDo.indexOf(id), ...(options.clock ? { clock: options.clock } : {}) });
    result = options.cache ? await options.cache.plan(instance, { timeLimitSeconds: options.timeLimitSeconds, mustDo }, solve) : solve();
  } catch (e) {
    // Without a scenario the problem is in the files: the caller locates it (file:line).
    if (!(e instanceof PortfolioError) || !scenario) throw e;
    const field = e.path.join('.');
    throw new InvalidError(`${scenario ? `scenario "${scenario.name}"` : 'the roadmap'} cannot be planned: ${e.useCaseId ? `${e.useCaseId}: ` : ''}${e.message}`, field, [{ field, message: e.message }], 'unplannable');
  }
  const title = (id: string) => evaluation.valuations.get(id)?.useCase.title ?? id;
  const byId = new Map(instance.items.map((i) => [i.id, i]));
  const funded = [...result.plan]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .map(([id, start]): FundedUseCase => {
      const item = byId.get(id)!;
      return { useCaseId: id, title: title(id), quarters: activeQuarters(instance, item, start).map((q) => instance.quarterLabels[q]!), build: item.build, value: valueAt(instance, item, start) };
    });
  const leftOut = result.exclusions.map((e) => ({ useCaseId: e.useCaseId, title: title(e.useCaseId), reason: e.reason, wouldTake: e.wouldTake }));
  return { scenario, instance, result, currency: config.currency, funded, leftOut };
}

/** "2027-Q1–Q2", "2027-Q4–2028-Q1", "2027-Q3"; '' for none. */
export function quarterSpan(quarters: readonly string[]): string {
  const first = quarters[0];
  const last = quarters.at(-1);
  if (!first || !last) return '';
  if (first === last) return first;
  return first.slice(0, 4) === last.slice(0, 4) ? `${first}–${last.slice(5)}` : `${first}–${last}`;
}

// ---- scenarios ----------------------------------------------------------------------------

export async function listScenarios(db: Kysely<Database>): Promise<RoadmapScenario[]> {
  return listScenarioRows(db);
}

export async function getScenario(db: Kysely<Database>, idOrName: string): Promise<RoadmapScenario> {
  const found = await findScenario(db, idOrName);
  if (found) return found;
  const names = (await listScenarioRows(db)).map((s) => s.name);
  throw new NotFoundError(`no scenario "${idOrName}"${names.length > 0 ? ` (there are: ${names.join(', ')})` : ' (none saved yet)'}`);
}

/** Checks a scenario body: every problem at once, including use cases the portfolio does not know. */
export function checkScenario(body: unknown, snapshot: PortfolioSnapshot): ScenarioInput {
  const parsed = scenarioInputSchema.safeParse(body);
  const problems: ActionProblem[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  if (parsed.success) {
    const known = new Set([...snapshot.workspace.useCases.map((u) => u.id), ...snapshot.evaluation.unvalued.map((u) => u.useCaseId)]);
    for (const key of ['must_do', 'must_not'] as const)
      parsed.data[key].forEach((id, i) => {
        if (!known.has(id)) problems.push({ field: `${key}.${i}`, message: `no use case "${id}"` });
      });
  }
  if (problems.length > 0 || !parsed.success) {
    const first = problems[0]!;
    throw new InvalidError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenario: ${first.field ? `${first.field}: ` : ''}${first.message}`, first.field, problems);
  }
  return parsed.data;
}

export async function createScenario(store: Store, snapshot: PortfolioSnapshot, body: unknown, actor: string, now: Date): Promise<RoadmapScenario> {
  const input = checkScenario(body, snapshot);
  return store.transaction(async (tx) => {
    if (await findScenario(tx, input.name)) throw new ConflictError(`a scenario named "${input.name}" exists already`, 'duplicate', 'name');
    return insertScenario(tx, input, actor, now);
  });
}

export async function updateScenario(store: Store, snapshot: PortfolioSnapshot, idOrName: string, body: unknown, actor: string, now: Date): Promise<RoadmapScenario> {
  const input = checkScenario(body, snapshot);
  return store.transaction(async (tx) => {
    const current = await getScenario(tx, idOrName);
    const clash = await findScenario(tx, input.name);
    if (clash && clash.id !== current.id) throw new ConflictError(`a scenario named "${input.name}" exists already`, 'duplicate', 'name');
    return (await updateScenarioRow(tx, current.id, input, actor, now))!;
  });
}

export async function deleteScenario(store: Store, idOrName: string, actor: string, now: Date): Promise<void> {
  await store.transaction(async (tx) => {
    const current = await getScenario(tx, idOrName);
    await deleteScenarioRow(tx, current.id, current.name, actor, now);
  });
}

// ---- compare and commit -------------------------------------------------------------------

export const MAX_COMPARED = 6;

export interface ScenarioComparison {
  currency: string;
  plans: ScenarioPlan[];
  /** Use cases whose funded quarters differ between the scenarios: quarters per plan, in order (empty: not funded). */
  differences: { useCaseId: string; title: string; quarters: string[][] }[];
}

export async function compareScenarios(db: Kysely<Database>, snapshot: PortfolioSnapshot, names: readonly string[], options: PlanOptions): Promise<ScenarioComparison> {
  const unique = [...new Set(names)];
  if (unique.length < 2) throw new InvalidError('name at least two different scenarios to compare', 'scenarios', [{ field: 'scenarios', message: 'at least two different scenarios' }]);
  // Each is solved in turn (up to the solver's time limit each): a bound keeps one request short.
  if (unique.length > MAX_COMPARED)
    throw new InvalidError(`compare at most ${MAX_COMPARED} scenarios at once (${unique.length} named)`, 'scenarios', [{ field: 'scenarios', message: `at most ${MAX_COMPARED} scenarios` }]);
  const scenarios = [];
  for (const n of unique) scenarios.push(await getScenario(db, n));
  const plans: ScenarioPlan[] = [];
  for (const s of scenarios) plans.push(await planScenario(db, snapshot, s, options));
  const ids = [...new Set(plans.flatMap((p) => p.funded.map((f) => f.useCaseId)))];
  const title = (id: string) => snapshot.evaluation.valuations.get(id)?.useCase.title ?? id;
  const differences = ids
    .map((id) => ({ useCaseId: id, title: title(id), quarters: plans.map((p) => p.funded.find((f) => f.useCaseId === id)?.quarters ?? []) }))
    .filter((d) => d.quarters.some((q) => q.join() !== d.quarters[0]!.join()));
  return { currency: snapshot.workspace.config.currency, plans, differences };
}

/** Commits a scenario: plans it now and records who funded which plan when (one transaction). */
export async function commitScenario(store: Store, snapshot: PortfolioSnapshot, idOrName: string, actor: string, now: Date, options: PlanOptions): Promise<FundingDecision> {
  const scenario = await getScenario(store.db, idOrName);
  const plan = await planScenario(store.db, snapshot, scenario, options);
  const { id: _id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...input } = scenario;
  return store.transaction(async (tx) => {
    // The scenario may have been changed or deleted while the plan was being made.
    const current = await findScenario(tx, scenario.id);
    if (!current || current.updatedAt !== scenario.updatedAt) throw new ConflictError(`scenario "${scenario.name}" changed while it was being planned; commit again`, 'stale');
    await recordEvent(tx, planCommitted({ scenario: scenario.name, actor, value: plan.result.value, currency: plan.currency }), now);
    return appendFundingDecision(tx, {
      scenarioId: scenario.id,
      scenarioName: scenario.name,
      at: now.toISOString(),
      actor,
      currency: plan.currency,
      value: plan.result.value,
      quarters: plan.instance.quarterLabels,
      funded: plan.funded,
      leftOut: plan.leftOut.map((l) => ({ useCaseId: l.useCaseId, reason: l.reason })),
      scenario: input,
    });
  });
}

export interface UseCaseFunding {
  useCaseId: string;
  /** The newest funding decision, if any was ever made. */
  decision: Pick<FundingDecision, 'id' | 'scenarioName' | 'at' | 'actor'> | null;
  funded: boolean;
  quarters: string[];
  /** Why it is not funded (left out of the committed plan), when it is not. */
  reason: string | null;
}

/** Whether the newest committed plan funds each use case, and in which quarters. */
export async function fundingStatus(db: Kysely<Database>): Promise<{ decision: FundingDecision | undefined; byUseCase: (id: string) => UseCaseFunding }> {
  const decision = await latestFundingDecision(db);
  const byUseCase = (id: string): UseCaseFunding => {
    if (!decision) return { useCaseId: id, decision: null, funded: false, quarters: [], reason: 'no scenario has been committed yet' };
    const head = { id: decision.id, scenarioName: decision.scenarioName, at: decision.at, actor: decision.actor };
    const f = decision.funded.find((x) => x.useCaseId === id);
    if (f) return { useCaseId: id, decision: head, funded: true, quarters: f.quarters, reason: null };
    const out = decision.leftOut.find((x) => x.useCaseId === id);
    return { useCaseId: id, decision: head, funded: false, quarters: [], reason: out?.reason ?? 'not in the committed plan' };
  };
  return { decision, byUseCase };
}
