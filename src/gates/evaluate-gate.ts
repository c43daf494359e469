// Evaluates one transition of one use case against its recorded evidence: every criterion
// of the gate as met / not met / no evidence. Pure: evidence, NPV and `now` come in.
import type { GateEvaluation } from '../domain/decision.js';
import type { Evidence } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluateCriterion } from './criteria.js';
import type { Transition } from './stage-machine.js';

export interface GateInput {
  useCase: UseCase;
  from: string;
  to: string;
  transition: Transition;
  /** The use case's evidence (other use cases' records are ignored). */
  evidence: readonly Evidence[];
  roles: WorkspaceConfig['roles'];
  expectedNpv: number | undefined;
  /** When the use case entered its current stage, if it ever moved. */
  since?: string | undefined;
  now: Date;
}

export function evaluateGate(input: GateInput): GateEvaluation {
  const criteria = input.transition.kind === 'gate' ? input.transition.gate.criteria : [];
  const evidence = input.evidence.filter((e) => e.useCaseId === input.useCase.id);
  const results = criteria.map((c) =>
    evaluateCriterion(c, { useCase: input.useCase, to: input.to, evidence, roles: input.roles, expectedNpv: input.expectedNpv, since: input.since }),
  );
  const met = results.filter((r) => r.status === 'met').length;
  return {
    useCaseId: input.useCase.id,
    from: input.from,
    to: input.to,
    transition: input.transition.kind,
    criteria: results,
    met,
    total: results.length,
    passed: met === results.length,
    evaluatedAt: input.now.toISOString(),
  };
}
