// Gates for the API, as the CLI's gate and signoff commands do them (src/cli/gate-context.ts):
// load a use case's decisions and evidence from the store, find the transition meant, let
// src/gates evaluate it, and record a sign-off in one transaction with the reads it rests on.
// The expected NPV a gate may ask for comes from the portfolio cache, the number the
// portfolio page shows.
import type { Kysely } from 'kysely';
import type { GateEvaluation, Signoff } from '../domain/decision.js';
import { SIGNOFF_ROLES, type SignoffRole } from '../domain/stages.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluateTarget as evaluateGateTarget, resolveTarget as resolveGateTarget, type GateState, type Target } from '../gates/gate-state.js';
import type { Transition } from '../gates/stage-machine.js';
import type { Database } from '../store/database.js';
import { listEvidence } from '../store/evidence-repository.js';
import { readGateState } from '../store/gate-state-reads.js';
import { recordSignoff } from '../store/signoff-repository.js';
import type { AppDeps } from './app.js';
import { ApiError } from './errors.js';
import { loadConfig } from './stored-config.js';

export async function loadGateState(deps: AppDeps, db: Kysely<Database>, useCaseId: string): Promise<GateState> {
  const state = await readGateState(db, await loadConfig(deps, db), useCaseId);
  if (!state) throw new ApiError(404, 'not_found', `no use case "${useCaseId}"`);
  return state;
}

/** The transition meant: `to`, else the one gate leading on from the current stage. */
export function resolveTarget(state: GateState, to: string | undefined): Target {
  const r = resolveGateTarget(state, to);
  if (r.ok) return r;
  if (r.reason === 'no_gate') throw new ApiError(409, 'no_gate', r.message);
  throw new ApiError(400, 'invalid', r.reason === 'ambiguous' ? `${r.message}: choose one with ?to=` : r.message, 'to');
}

async function expectedNpv(deps: AppDeps, useCaseId: string, transition: Transition): Promise<number | undefined> {
  if (transition.kind !== 'gate' || !transition.gate.criteria.some((c) => c.kind === 'business_case_npv')) return undefined;
  // A portfolio that cannot be valued leaves the criterion without evidence, as in the CLI.
  const state = await deps.portfolio.portfolio(deps.store.db).catch(() => undefined);
  return state?.evaluation.valuations.get(useCaseId)?.simulation.expectedNpv;
}

export async function evaluateTarget(deps: AppDeps, state: GateState, target: Target): Promise<GateEvaluation> {
  return evaluateGateTarget(state, target, await expectedNpv(deps, state.useCase.id, target.transition), deps.now());
}

/** The sign-off roles `traction.yaml` gives this person (matched by username). */
export function rolesHeldBy(config: WorkspaceConfig, username: string): SignoffRole[] {
  return SIGNOFF_ROLES.filter((role) => config.roles[role]?.includes(username));
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
