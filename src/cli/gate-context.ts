// What the gate commands (gate, advance, signoff, rubric, status) decide on, loaded from the
// store: the applied config and use case, whether it is archived, its decision log and its
// evidence; plus where it stands and which transition a command means.
import type { Kysely } from 'kysely';
import type { GateEvaluation } from '../domain/decision.js';
import type { Workspace } from '../domain/workspace.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Gate } from '../domain/stages.js';
import { valueUseCase } from '../portfolio/evaluate-portfolio.js';
import { DEFAULT_DRAWS } from '../portfolio/monte-carlo.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import { evaluateTarget as evaluateGateTarget, resolveTarget as resolveGateTarget, type GateState, type Target } from '../gates/gate-state.js';
import type { Database } from '../store/database.js';
import { getDefinition, listDefinitions } from '../store/definition-repository.js';
import { readGateState } from '../store/gate-state-reads.js';
import { closest } from '../workspace/schema-keys.js';
import { CliError } from './output.js';

/**
 * Expected (risk-adjusted) NPV per use case, for the business_case_npv criterion: the mean
 * of the portfolio's Monte Carlo simulation, with the draws and seed `traction portfolio`
 * uses, so both show the same number. A use case whose business case cannot be evaluated is
 * left out, and is "no evidence" at its gate (never "met").
 */
export function expectedNpvs(workspace: Pick<Workspace, 'config' | 'useCases'>): ReadonlyMap<string, number> {
  const { config } = workspace;
  const draws = config.simulation?.draws ?? DEFAULT_DRAWS;
  const seed = config.simulation?.seed ?? 1;
  const out = new Map<string, number>();
  for (const u of workspace.useCases) {
    try {
      out.set(u.id, valueUseCase(u, config, draws, seed).simulation.expectedNpv);
    } catch (e) {
      if (!(e instanceof PortfolioError)) throw e;
    }
  }
  return out;
}

/** Only the use cases whose gate asks for the NPV need a simulation. */
export function needsNpv(gate: Gate | undefined): boolean {
  return gate?.criteria.some((c) => c.kind === 'business_case_npv') ?? false;
}

export async function requireConfig(db: Kysely<Database>): Promise<WorkspaceConfig> {
  const def = await getDefinition(db, 'config', 'config');
  if (!def || def.archivedAt !== null) throw new CliError('the store holds no workspace; run `traction apply` first');
  return def.body as WorkspaceConfig;
}

/** Loads one use case's gate state; an id the store does not know is a usage error. */
export async function loadGateState(db: Kysely<Database>, useCaseId: string): Promise<GateState> {
  const state = await readGateState(db, await requireConfig(db), useCaseId);
  if (!state) {
    const known = (await listDefinitions(db, { kind: 'use_case' })).map((d) => d.id);
    const hint = closest(useCaseId, known);
    throw new CliError(`unknown use case "${useCaseId}"${hint ? ` (did you mean "${hint}"?)` : ''}; is the workspace applied (\`traction apply\`)?`);
  }
  return state;
}

/** Refuses to record anything for a use case that has left the workspace. */
export function requireActive(state: GateState): void {
  if (state.archivedAt !== null)
    throw new CliError(`use case "${state.useCase.id}" is archived (it left the workspace at ${state.archivedAt}); nothing recorded`);
}

/** The transition a command means: `--to`, else the one gate leading on from the current stage. */
export function resolveTarget(state: GateState, to: string | undefined): Target {
  const r = resolveGateTarget(state, to);
  if (r.ok) return r;
  if (r.reason === 'invalid') throw new CliError(`${r.message}; nothing recorded`);
  throw new CliError(r.reason === 'ambiguous' ? `${r.message}: choose one with --to` : r.message);
}

/** Evaluates the transition; the business case is simulated only when the gate asks for its NPV. */
export function evaluateTarget(state: GateState, target: Target, now: Date): GateEvaluation {
  const gate = target.transition.kind === 'gate' ? target.transition.gate : undefined;
  const npvs = needsNpv(gate) ? expectedNpvs({ config: state.config, useCases: [state.useCase] }) : new Map<string, number>();
  return evaluateGateTarget(state, target, npvs.get(state.useCase.id), now);
}
