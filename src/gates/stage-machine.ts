// The stage machine: which transitions a gate policy allows, and where a use case stands
// according to its decision log. Everything comes from the policy data (stages, side
// stages, gates); no stage name is special here.
import type { GateDecision } from '../domain/decision.js';
import type { Gate } from '../domain/stages.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';

export type StagePolicy = Pick<WorkspaceConfig, 'stages' | 'side_stages' | 'gates'>;

export type Transition = { kind: 'gate'; gate: Gate } | { kind: 'side' } | { kind: 'return' };
export type TransitionCheck = { ok: true; transition: Transition } | { ok: false; message: string };

/** Current stage: the `to` of the latest decision, else the stage declared in YAML. */
export function currentStage(declared: string, decisions: readonly GateDecision[]): string {
  return decisions.at(-1)?.to ?? declared;
}

/** When the use case entered its current stage (the latest decision), if it ever moved. */
export function enteredAt(decisions: readonly GateDecision[]): string | undefined {
  return decisions.at(-1)?.at;
}

/** The main stage a use case left when it was moved to a side stage (on_hold, retired). */
export function parkedFrom(policy: StagePolicy, decisions: readonly GateDecision[]): string | undefined {
  for (let i = decisions.length - 1; i >= 0; i--) {
    const d = decisions[i] as GateDecision;
    if (!policy.side_stages.includes(d.to)) return undefined;
    if (!policy.side_stages.includes(d.from)) return d.from;
  }
  return undefined;
}

/** The gates leading on from `stage` to a main (non-side) stage. */
export function nextGates(policy: StagePolicy, stage: string): Gate[] {
  return policy.gates.filter((g) => g.from === stage && !policy.side_stages.includes(g.to));
}

/**
 * Whether `from -> to` is one allowed step: a gate from `from` to `to`; a move to a side
 * stage (parking or stopping, no criteria); or the return from a side stage to the stage
 * the use case was parked from. Anything else is refused with the reason and the way on.
 */
export function checkTransition(policy: StagePolicy, from: string, to: string, returnTo?: string): TransitionCheck {
  const known = [...policy.stages, ...policy.side_stages.filter((s) => !policy.stages.includes(s))];
  if (!known.includes(to)) return { ok: false, message: `unknown stage "${to}" (stages: ${known.join(', ')})` };
  if (to === from) return { ok: false, message: `the use case is already at ${to}` };
  const gate = policy.gates.find((g) => g.from === from && g.to === to);
  if (gate) return { ok: true, transition: { kind: 'gate', gate } };
  if (policy.side_stages.includes(to)) return { ok: true, transition: { kind: 'side' } };
  if (policy.side_stages.includes(from)) {
    if (returnTo === to) return { ok: true, transition: { kind: 'return' } };
    return {
      ok: false,
      message:
        returnTo === undefined
          ? `a use case at ${from} returns to the stage it was parked from, and the decision log does not say which; set its stage in YAML`
          : `a use case at ${from} returns to the stage it was parked from: ${returnTo}`,
    };
  }
  const leads = nextGates(policy, from).map((g) => g.to);
  const way = leads.length > 0 ? `; the gates from ${from} lead to: ${leads.join(', ')}` : `; no gate leads on from ${from}`;
  const path = gatePath(policy, from, to);
  if (path && path.length > 2)
    return {
      ok: false,
      message: `${to} is ${path.length - 1} stages after ${from} (${path.join(' -> ')}); advance one stage at a time, next: ${path[1]}`,
    };
  return { ok: false, message: `no gate leads from ${from} to ${to}${way}` };
}

/** Shortest chain of main-stage gates from `from` to `to` (breadth-first), or undefined. */
export function gatePath(policy: StagePolicy, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const s = queue.shift() as string;
    if (s === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0] as string) as string);
      return path;
    }
    for (const g of nextGates(policy, s)) {
      if (!previous.has(g.to)) {
        previous.set(g.to, s);
        queue.push(g.to);
      }
    }
  }
  return undefined;
}
