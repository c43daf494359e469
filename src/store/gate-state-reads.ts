// Reads a use case's gate state from the store: its applied definition, decision log and
// evidence. Undefined when the store does not know the use case.
import type { Kysely } from 'kysely';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { gateState, type GateState } from '../gates/gate-state.js';
import type { Database } from './database.js';
import { listDecisions } from './decision-repository.js';
import { getDefinition } from './definition-repository.js';
import { listEvidence } from './evidence-repository.js';

export async function readGateState(db: Kysely<Database>, config: WorkspaceConfig, useCaseId: string): Promise<GateState | undefined> {
  const def = await getDefinition(db, 'use_case', useCaseId);
  if (!def) return undefined;
  const [decisions, evidence] = await Promise.all([listDecisions(db, { useCaseId }), listEvidence(db, { useCaseId })]);
  return gateState(config, def.body as UseCase, def.archivedAt, decisions, evidence);
}
