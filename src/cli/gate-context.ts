// What the gate commands (gate, advance, signoff, rubric, status) decide on, loaded from the
// store: the applied config and use case, whether it is archived, its decision log and its
// evidence; plus where it stands and which transition a command means.
import type { Kysely } from 'kysely';
import type { GateEvaluation, GateDecision } from '../domain/decision.js';
import type { Evidence } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluateGate } from '../gates/evaluate-gate.js';
import { checkTransition, currentStage, enteredAt, nextGates, parkedFrom, type Transition } from '../gates/stage-machine.js';
import type { Database } from '../store/database.js';
import { listDecisions } from '../store/decision-repository.js';
import { getDefinition, listDefinitions, type StoredDefinition } from '../store/definition-repository.js';
import { listEvidence } from '../store/evidence-repository.js';
import { closest } from '../workspace/schema-keys.js';
import { CliError } from './output.js';

export interface GateState {
  config: WorkspaceConfig;
  useCase: UseCase;
  archivedAt: string | null;
  decisions: GateDecision[];
  evidence: Evidence[];
  /** The `to` of the latest decision, else the stage declared in YAML. */
  stage: string;
}

export interface Target {
  to: string;
  transition: Transition;
}

/**
 * Expected (risk-adjusted) NPV per use case, for the business_case_npv criterion. The
 * portfolio module computes it; until it is wired in here this returns an empty map, and a
 * use case missing from the map is "no evidence" at its gate (never "met").
 */
export function expectedNpvs(_workspace: Pick<Workspace, 'config' | 'useCases'>): ReadonlyMap<string, number> {
  return new Map();
}

export async function requireConfig(db: Kysely<Database>): Promise<WorkspaceConfig> {
  const def = await getDefinition(db, 'config', 'config');
  if (!def || def.archivedAt !== null) throw new CliError('the store holds no workspace; run `traction apply` first');
  return def.body as WorkspaceConfig;
}

export function gateState(config: WorkspaceConfig, def: StoredDefinition, decisions: GateDecision[], evidence: Evidence[]): GateState {
  const useCase = def.body as UseCase;
  return { config, useCase, archivedAt: def.archivedAt, decisions, evidence, stage: currentStage(useCase.stage, decisions) };
}

/** Loads one use case's gate state; an id the store does not know is a usage error. */
export async function loadGateState(db: Kysely<Database>, useCaseId: string): Promise<GateState> {
  const config = await requireConfig(db);
  const def = await getDefinition(db, 'use_case', useCaseId);
  if (!def) {
    const known = (await listDefinitions(db, { kind: 'use_case' })).map((d) => d.id);
    const hint = closest(useCaseId, known);
    throw new CliError(`unknown use case "${useCaseId}"${hint ? ` (did you mean "${hint}"?)` : ''}; is the workspace applied (\`traction apply\`)?`);
  }
  const [decisions, evidence] = await Promise.all([listDecisions(db, { useCaseId }), listEvidence(db, { useCaseId })]);
  return gateState(config, def, decisions, evidence);
}

/** Refuses to record anything for a use case that has left the workspace. */
export function requireActive(state: GateState): void {
  if (state.archivedAt !== null)
    throw new CliError(`use case "${state.useCase.id}" is archived (it left the workspace at ${state.archivedAt}); nothing recorded`);
}

/** The transition a command means: `--to`, else the one gate leading on from the current stage. */
export function resolveTarget(state: GateState, to: string | undefined): Target {
  if (to !== undefined) {
    const check = checkTransition(state.config, state.stage, to, parkedFrom(state.config, state.decisions));
    if (!check.ok) throw new CliError(`${state.useCase.id}: ${state.stage} -> ${to}: ${check.message}; nothing recorded`);
    return { to, transition: check.transition };
  }
  const next = nextGates(state.config, state.stage);
  if (next.length === 0) throw new CliError(`${state.useCase.id} is at ${state.stage}; no gate leads on from there`);
  if (next.length > 1)
    throw new CliError(`${state.useCase.id} is at ${state.stage}; gates lead on to ${next.map((g) => g.to).join(', ')}: choose one with --to`);
  const gate = next[0] as (typeof next)[number];
  return { to: gate.to, transition: { kind: 'gate', gate } };
}

export function evaluateTarget(state: GateState, target: Target, npvs: ReadonlyMap<string, number>, now: Date): GateEvaluation {
  return evaluateGate({
    useCase: state.useCase,
    from: state.stage,
    to: target.to,
    transition: target.transition,
    evidence: state.evidence,
    roles: state.config.roles,
    expectedNpv: npvs.get(state.useCase.id),
    since: enteredAt(state.decisions),
    now,
  });
}
