// Gates, once for the CLI and the API: load where a use case stands (config, decisions,
// evidence), resolve the transition meant, evaluate it, sign off in a role traction.yaml
// gives the person, and advance (or override, flagged, with a reason). Every write is one
// transaction with the reads it rests on; every refusal is a typed error of ./errors.ts.
import type { Kysely } from 'kysely';
import type { GateDecision, GateEvaluation, Signoff, SignoffDecision } from '../domain/decision.js';
import { SIGNOFF_ROLES, type Gate, type SignoffRole } from '../domain/stages.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluateTarget as evaluateGateTarget, resolveTarget as resolveGateTarget, type GateState, type Target } from '../gates/gate-state.js';
import { describeCriterion } from '../gates/describe-criterion.js';
import { nextGates } from '../gates/stage-machine.js';
import type { Database } from '../store/database.js';
import { appendDecision } from '../store/decision-repository.js';
import { getDefinition, listDefinitions } from '../store/definition-repository.js';
import { listEvidence } from '../store/evidence-repository.js';
import { readGateState } from '../store/gate-state-reads.js';
import { recordSignoff } from '../store/signoff-repository.js';
import type { Store } from '../store/store.js';
import { closest } from '../workspace/schema-keys.js';
import { gateReady, signoffAsked, stageAdvanced } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { ActionError, ConflictError, ForbiddenError, InvalidError, NotFoundError } from './errors.js';

/**
 * Where the expected NPV of a gate's business_case_npv criterion comes from. The CLI simulates
 * the one use case (`expectedNpv`, kept between runs by `npv-cache.ts`); the server takes its portfolio cache's number, the one the
 * portfolio page shows. Undefined leaves the criterion without evidence, never "met".
 */
export type NpvSource = (state: GateState) => Promise<number | undefined> | number | undefined;

/** Who acts, when, and where the NPV comes from: what each gate action needs besides its input. */
export interface GateActor {
  now: Date;
  /** Recorded as who did it (a username, or "name (token ...)"). */
  actor: string;
  npv: NpvSource;
}

/**
 * Expected (risk-adjusted) NPV of one use case: the mean of the portfolio's Monte Carlo with the
 * draws and seed `traction portfolio` uses, so both show the same number; undefined when its
 * business case cannot be evaluated. The portfolio code (and mathjs, for the value-stream
 * formulas) is loaded only when a simulation runs, so a command that finds the NPV in the
 * cache (`npv-cache.ts`) or needs none never loads it.
 */
export async function expectedNpv(useCase: UseCase, config: WorkspaceConfig): Promise<number | undefined> {
  const [{ valueUseCase }, { DEFAULT_DRAWS }, { PortfolioError }] = await Promise.all([
    import('../portfolio/evaluate-portfolio.js'),
    import('../portfolio/monte-carlo.js'),
    import('../portfolio/portfolio-error.js'),
  ]);
  try {
    return valueUseCase(useCase, config, config.simulation?.draws ?? DEFAULT_DRAWS, config.simulation?.seed ?? 1).simulation.expectedNpv;
  } catch (e) {
    if (e instanceof PortfolioError) return undefined;
    throw e;
  }
}

/** Only a gate that asks for the NPV needs a simulation. */
export function needsNpv(gate: Gate | undefined): boolean {
  return gate?.criteria.some((c) => c.kind === 'business_case_npv') ?? false;
}

export async function requireConfig(db: Kysely<Database>): Promise<WorkspaceConfig> {
  const def = await getDefinition(db, 'config', 'config');
  if (!def || def.archivedAt !== null) throw new ConflictError('the store holds no workspace yet: apply the workspace first', 'no_workspace');
  return def.body as WorkspaceConfig;
}

export async function loadGateState(db: Kysely<Database>, useCaseId: string): Promise<GateState> {
  const state = await readGateState(db, await requireConfig(db), useCaseId);
  if (state) return state;
  const hint = closest(useCaseId, (await listDefinitions(db, { kind: 'use_case' })).map((d) => d.id));
  throw new NotFoundError(`unknown use case "${useCaseId}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
}

/** Nothing is recorded for a use case that has left the workspace. */
export function requireActive(state: GateState): void {
  if (state.archivedAt !== null) throw new ConflictError(`use case "${state.useCase.id}" is archived (it left the workspace at ${state.archivedAt}); nothing recorded`, 'archived');
}

/** The transition meant: `to`, else the one gate leading on from the current stage. */
export function resolveTarget(state: GateState, to: string | undefined): Target {
  const r = resolveGateTarget(state, to);
  if (r.ok) return r;
  if (r.reason === 'no_gate') throw new ConflictError(r.message, 'no_gate', 'to');
  if (r.reason === 'ambiguous') throw new InvalidError(`${r.message}: choose the stage to move to`, 'to', [], 'ambiguous');
  throw new InvalidError(`${r.message}; nothing recorded`, 'to');
}

export async function evaluate(state: GateState, target: Target, actor: Pick<GateActor, 'now' | 'npv'>): Promise<GateEvaluation> {
  const gate = target.transition.kind === 'gate' ? target.transition.gate : undefined;
  return evaluateGateTarget(state, target, needsNpv(gate) ? await actor.npv(state) : undefined, actor.now);
}

/** The sign-off roles traction.yaml gives this person (matched by username). */
export function rolesHeldBy(config: WorkspaceConfig, username: string): SignoffRole[] {
  return SIGNOFF_ROLES.filter((role) => config.roles[role]?.includes(username));
}

/**
 * Who may override a gate: the final approver of traction.yaml, or an administrator of the
 * server. An override records a transition although criteria are unmet, flagged forever.
 */
export function mayOverride(config: WorkspaceConfig, person: { username: string; admin: boolean }): boolean {
  return person.admin || rolesHeldBy(config, person.username).includes('final_approver');
}

export interface GateReading {
  state: GateState;
  nextStages: string[];
  /** Null when no single gate leads on and none was asked for. */
  evaluation: GateEvaluation | null;
}

export async function readGate(db: Kysely<Database>, useCaseId: string, to: string | undefined, actor: Pick<GateActor, 'now' | 'npv'>): Promise<GateReading> {
  const state = await loadGateState(db, useCaseId);
  const nextStages = nextGates(state.config, state.stage).map((g) => g.to);
  const evaluation = to !== undefined || nextStages.length === 1 ? await evaluate(state, resolveTarget(state, to), actor) : null;
  return { state, nextStages, evaluation };
}

export interface SignoffInput {
  useCaseId: string;
  role: SignoffRole;
  person: string;
  decision: SignoffDecision;
  note?: string | undefined;
  to?: string | undefined;
}

export async function signOff(store: Store, input: SignoffInput, actor: GateActor): Promise<{ signoff: Signoff; evaluation: GateEvaluation }> {
  // As in advance: the NPV is read before the transaction, so the gate can be judged inside it (gate_ready).
  const pre = await loadGateState(store.db, input.useCaseId);
  const preTarget = resolveGateTarget(pre, input.to);
  const npv = preTarget.ok && preTarget.transition.kind === 'gate' && needsNpv(preTarget.transition.gate) ? await actor.npv(pre) : undefined;
  return store.transaction(async (tx) => {
    const state = await loadGateState(tx, input.useCaseId);
    requireActive(state);
    const holders = state.config.roles[input.role] ?? [];
    if (!holders.includes(input.person))
      throw new ForbiddenError(`${input.person} does not hold the role ${input.role} (${holders.length > 0 ? `holders: ${holders.join(', ')}` : 'nobody holds it'}; see roles in traction.yaml); nothing recorded`, 'not_role_holder', 'role');
    const target = resolveTarget(state, input.to);
    const asked = target.transition.kind === 'gate' ? target.transition.gate.criteria.flatMap((c) => (c.kind === 'signoff' ? c.roles : [])) : [];
    if (!asked.includes(input.role))
      throw new InvalidError(`the transition ${state.stage} -> ${target.to} asks for ${asked.length > 0 ? `sign-offs by ${asked.join(', ')}` : 'no sign-off'}, not ${input.role}; nothing recorded`, 'role');
    const note = input.note?.trim() || null;
    const signoff = await recordSignoff(tx, { useCaseId: input.useCaseId, role: input.role, person: input.person, decision: input.decision, fromStage: state.stage, toStage: target.to, note, at: actor.now, by: actor.actor });
    const evaluation = await evaluate({ ...state, evidence: await listEvidence(tx, { useCaseId: input.useCaseId }) }, target, { now: actor.now, npv: () => npv });
    if (evaluation.passed) await recordEvent(tx, gateReady({ useCaseId: input.useCaseId, from: state.stage, to: target.to }), actor.now);
    return { signoff, evaluation };
  });
}

/** Refused because the gate is not passed: every unmet criterion listed, the evaluation kept for the caller to show. */
export class GateNotPassedError extends ActionError {
  constructor(readonly evaluation: GateEvaluation) {
    super(
      'conflict',
      'gate_not_passed',
      `gate ${evaluation.from} -> ${evaluation.to} not passed (${evaluation.met}/${evaluation.total} criteria met); nothing recorded`,
      undefined,
      evaluation.criteria.flatMap((c, i) => (c.status === 'met' ? [] : [{ field: `criteria.${i}`, message: `${describeCriterion(c.criterion)}: ${c.detail}` }])),
    );
  }
}

export interface AdvanceInput {
  useCaseId: string;
  to?: string | undefined;
  /** Records the transition although the gate is not passed, flagged; needs a reason. */
  override?: { reason: string } | undefined;
  /** Whether the person may override (`mayOverride`); the CLI, at the store's own machine, may. */
  overrideAllowed: boolean;
}

export async function advance(store: Store, input: AdvanceInput, actor: GateActor): Promise<{ decision: GateDecision; evaluation: GateEvaluation }> {
  const reason = input.override ? input.override.reason.trim() : null;
  if (input.override && !reason) throw new InvalidError('an override needs a reason saying why the gate is overridden; nothing recorded', 'override.reason');
  if (input.override && !input.overrideAllowed) throw new ForbiddenError('only the final approver (traction.yaml roles) or an administrator may override a gate; nothing recorded', 'not_allowed_to_override', 'override');
  // The NPV is read before the transaction: the server's portfolio cache reads the store itself.
  const pre = await loadGateState(store.db, input.useCaseId);
  const preTarget = resolveGateTarget(pre, input.to);
  const npv = preTarget.ok && preTarget.transition.kind === 'gate' && needsNpv(preTarget.transition.gate) ? await actor.npv(pre) : undefined;
  return store.transaction(async (tx) => {
    const state = await loadGateState(tx, input.useCaseId);
    requireActive(state);
    const target = resolveTarget(state, input.to);
    const evaluation = await evaluate(state, target, { now: actor.now, npv: () => npv });
    if (!evaluation.passed && !input.override) throw new GateNotPassedError(evaluation);
    const decision = await appendDecision(tx, { useCaseId: input.useCaseId, at: actor.now, actor: actor.actor, from: state.stage, to: target.to, forced: !evaluation.passed, reason, evaluation });
    await recordEvent(tx, stageAdvanced({ useCaseId: input.useCaseId, from: state.stage, to: target.to, forced: decision.forced, actor: actor.actor }), actor.now);
    const asked = signoffAsked(state.config, input.useCaseId, target.to);
    if (asked) await recordEvent(tx, asked, actor.now);
    return { decision, evaluation };
  });
}
