// Gates for the API, as the CLI's gate and signoff commands do them (src/cli/gate-context.ts):
// load a use case's decisions and evidence from the store, find the transition meant, let
// src/gates evaluate it, and record a sign-off in one transaction with the reads it rests on.
// The expected NPV a gate may ask for comes from the portfolio cache, the number the
// portfolio page shows.
import type { Kysely } from 'kysely';
import type { GateDecision, GateEvaluation, Signoff } from '../domain/decision.js';
import type { Evidence } from '../domain/evidence.js';
import type { SignoffRole } from '../domain/stages.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluateGate } from '../gates/evaluate-gate.js';
import { checkTransition, currentStage, enteredAt, nextGates, parkedFrom, type Transition } from '../gates/stage-machine.js';
import type { Database } from '../store/database.js';
import { listDecisions } from '../store/decision-repository.js';
import { getDefinition } from '../store/definition-repository.js';
import { listEvidence } from '../store/evidence-repository.js';
import { recordSignoff } from '../store/signoff-repository.js';
import type { AppDeps } from './app.js';
import { ApiError } from './errors.js';
import { loadConfig } from './stored-config.js';

export interface GateState {
  config: WorkspaceConfig;
  useCase: UseCase;
  archivedAt: string | null;
  decisions: GateDecision[];
  evidence: Evidence[];
  stage: string;
}

export async function loadGateState(deps: AppDeps, db: Kysely<Database>, useCaseId: string): Promise<GateState> {
  const config = await loadConfig(deps, db);
  const def = await getDefinition(db, 'use_case', useCaseId);
  if (!def) throw new ApiError(404, 'not_found', `no use case "${useCaseId}"`);
  const [decisions, evidence] = await Promise.all([listDecisions(db, { useCaseId }), listEvidence(db, { useCaseId })]);
  const useCase = def.body as UseCase;
  return { config, useCase, archivedAt: def.archivedAt, decisions, evidence, stage: currentStage(useCase.stage, decisions) };
}

/** The transition meant: `to`, else the one gate leading on from the current stage. */
export function resolveTarget(state: GateState, to: string | undefined): { to: string; transition: Transition } {
  if (to !== undefined) {
    const check = checkTransition(state.config, state.stage, to, parkedFrom(state.config, state.decisions));
    if (!check.ok) throw new ApiError(400, 'invalid', `${state.useCase.id}: ${state.stage} -> ${to}: ${check.message}`, 'to');
    return { to, transition: check.transition };
  }
  const next = nextGates(state.config, state.stage);
  if (next.length === 0) throw new ApiError(409, 'no_gate', `${state.useCase.id} is at ${state.stage}; no gate leads on from there`);
  if (next.length > 1) throw new ApiError(400, 'invalid', `${state.useCase.id} is at ${state.stage}; gates lead on to ${next.map((g) => g.to).join(', ')}: choose one with ?to=`, 'to');
  return { to: next[0]!.to, transition: { kind: 'gate', gate: next[0]! } };
}

async function expectedNpv(deps: AppDeps, useCaseId: string, transition: Transition): Promise<number | undefined> {
  if (transition.kind !== 'gate' || !transition.gate.criteria.some((c) => c.kind === 'business_case_npv')) return undefined;
  // A portfolio that cannot be valued leaves the criterion without evidence, as in the CLI.
  const state = await deps.portfolio.portfolio(deps.store.db).catch(() => undefined);
  return state?.evaluation.valuations.get(useCaseId)?.simulation.expectedNpv;
}

export async function evaluateTarget(deps: AppDeps, state: GateState, target: { to: string; transition: Transition }): Promise<GateEvaluation> {
  return evaluateGate({
    useCase: state.useCase,
    from: state.stage,
    to: target.to,
    transition: target.transition,
    evidence: state.evidence,
    roles: state.config.roles,
    expectedNpv: await expectedNpv(deps, state.useCase.id, target.transition),
    since: enteredAt(state.decisions),
    now: deps.now(),
  });
}

/** The sign-off roles `traction.yaml` gives this person (matched by username). */
export function rolesHeldBy(config: WorkspaceConfig, username: string): SignoffRole[] {
  return (Object.entries(config.roles) as [SignoffRole, string[] | undefined][]).filter(([, holders]) => holders?.includes(username)).map(([role]) => role);
}

export interface SignoffRequest {
  role: SignoffRole;
  decision: 'approve' | 'reject';
  note?: string | undefined;
  to?: string | undefined;
}

export async function signOff(deps: AppDeps, useCaseId: string, body: SignoffRequest, person: string, actor: string): Promise<{ signoff: Signoff; evaluation: GateEvaluation }> {
  const now = deps.now();
  const { signoff, state, target } = await deps.store.transaction(async (tx) => {
    const state = await loadGateState(deps, tx, useCaseId);
    if (state.archivedAt !== null) throw new ApiError(409, 'archived', `use case "${useCaseId}" is archived (it left the workspace at ${state.archivedAt}); nothing recorded`);
    const holders = state.config.roles[body.role] ?? [];
    if (!holders.includes(person))
      throw new ApiError(403, 'not_role_holder', `${person} does not hold the role ${body.role} (${holders.length > 0 ? `holders: ${holders.join(', ')}` : 'nobody holds it'}; see roles in traction.yaml); nothing recorded`, 'role');
    const target = resolveTarget(state, body.to);
    const asked = target.transition.kind === 'gate' ? target.transition.gate.criteria.flatMap((c) => (c.kind === 'signoff' ? c.roles : [])) : [];
    if (!asked.includes(body.role))
      throw new ApiError(400, 'invalid', `the transition ${state.stage} -> ${target.to} asks for ${asked.length > 0 ? `sign-offs by ${asked.join(', ')}` : 'no sign-off'}, not ${body.role}; nothing recorded`, 'role');
    const note = body.note?.trim() || null;
    const signoff = await recordSignoff(tx, { useCaseId, role: body.role, person, decision: body.decision, fromStage: state.stage, toStage: target.to, note, at: now, by: actor });
    return { signoff, state: { ...state, evidence: await listEvidence(tx, { useCaseId }) }, target };
  });
  return { signoff, evaluation: await evaluateTarget(deps, state, target) };
}
