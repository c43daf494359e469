// Where a use case stands for its gates (config, use case, decision log, evidence, current
// stage) and which transition a request means. Shared by the CLI and the API, which only
// differ in how they report a refusal.
import type { GateDecision, GateEvaluation } from '../domain/decision.js';
import type { Evidence } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluateGate } from './evaluate-gate.js';
import { checkTransition, currentStage, enteredAt, nextGates, parkedFrom, type Transition } from './stage-machine.js';

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

export function gateState(config: WorkspaceConfig, useCase: UseCase, archivedAt: string | null, decisions: GateDecision[], evidence: Evidence[]): GateState {
  return { config, useCase, archivedAt, decisions, evidence, stage: currentStage(useCase.stage, decisions) };
}

export type TargetResult =
  | ({ ok: true } & Target)
  | { ok: false; reason: 'invalid' | 'no_gate' | 'ambiguous'; message: string; choices?: string[] };

/** The transition meant: `to`, else the one gate leading on from the current stage. */
export function resolveTarget(state: GateState, to: string | undefined): TargetResult {
  if (to !== undefined) {
    const check = checkTransition(state.config, state.stage, to, parkedFrom(state.config, state.decisions));
    if (!check.ok) return { ok: false, reason: 'invalid', message: `${state.useCase.id}: ${state.stage} -> ${to}: ${check.message}` };
    return { ok: true, to, transition: check.transition };
  }
  const next = nextGates(state.config, state.stage);
  if (next.length === 0) return { ok: false, reason: 'no_gate', message: `${state.useCase.id} is at ${state.stage}; no gate leads on from there` };
  if (next.length > 1) {
    const choices = next.map((g) => g.to);
    return { ok: false, reason: 'ambiguous', message: `${state.useCase.id} is at ${state.stage}; gates lead on to ${choices.join(', ')}`, choices };
  }
  const gate = next[0] as (typeof next)[number];
  return { ok: true, to: gate.to, transition: { kind: 'gate', gate } };
}

/** Evaluates the transition meant; the expected NPV (when the gate asks for it) comes from the caller. */
export function evaluateTarget(state: GateState, target: Target, expectedNpv: number | undefined, now: Date): GateEvaluation {
  return evaluateGate({
    useCase: state.useCase,
    from: state.stage,
    to: target.to,
    transition: target.transition,
    evidence: state.evidence,
    roles: state.config.roles,
    expectedNpv,
    since: enteredAt(state.decisions),
    now,
  });
}
