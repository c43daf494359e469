// What the API does to use cases, each in one transaction: create from an intake (at the
// first stage), update fields (never the id or stage: stages move through gates), archive.
// Cross-references are checked as `traction validate` checks them, with the field named.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { idFromTitle, intakeToUseCase, type Intake } from '../domain/intake.js';
import { useCaseSchema, type UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Database } from '../store/database.js';
import { archiveDefinition, createDefinition, definitionStamps, updateDefinition } from '../store/definition-edits.js';
import { getDefinition, type StoredDefinition } from '../store/definition-repository.js';
import { findCycles } from '../workspace/cross-references.js';
import type { AppDeps } from './app.js';
import { ApiError, zodErrorBody } from './errors.js';
import { loadConfig } from './stored-config.js';

/** Fields an update may carry: every use-case field but id and stage, defaults stripped so absent means unchanged. */
export const useCasePatchSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(useCaseSchema.shape)
      .filter(([k]) => k !== 'id' && k !== 'stage')
      .map(([k, s]) => [k, (s instanceof z.ZodDefault ? s.unwrap() : s).optional()]),
  ) as unknown as { [K in Exclude<keyof typeof useCaseSchema.shape, 'id' | 'stage'>]: z.ZodOptional<z.ZodType<UseCase[K]>> },
);

class InvalidUseCase extends ApiError {
  constructor(error: z.ZodError) {
    const body = zodErrorBody(error, 'body');
    super(400, 'invalid', body.error.message, body.error.field);
  }
}

async function checkReferences(tx: Kysely<Database>, config: WorkspaceConfig, u: UseCase): Promise<void> {
  if (!config.teams.some((t) => t.id === u.team))
    throw new ApiError(400, 'invalid', `unknown team "${u.team}" (known: ${config.teams.map((t) => t.id).join(', ')})`, 'team');
  const useCases = await definitionStamps(tx, 'use_case');
  const ids = new Set(useCases.filter((s) => s.archivedAt === null).map((s) => s.id));
  u.depends_on.forEach((d, i) => {
    if (!ids.has(d)) throw new ApiError(400, 'invalid', `unknown use case "${d}"`, `depends_on.${i}`);
  });
  const datasets = new Set((await definitionStamps(tx, 'dataset')).filter((s) => s.archivedAt === null).map((s) => s.id));
  u.datasets.forEach((d, i) => {
    if (!datasets.has(d.dataset)) throw new ApiError(400, 'invalid', `unknown dataset "${d.dataset}"`, `datasets.${i}.dataset`);
  });
  if (u.depends_on.length > 0) {
    const rows = await tx.selectFrom('definitions').select(['id', 'body']).where('kind', '=', 'use_case').where('archived_at', 'is', null).execute();
    const graph = rows.map((r) => ({ id: r.id, deps: r.id === u.id ? u.depends_on : (JSON.parse(r.body) as UseCase).depends_on }));
    if (!graph.some((n) => n.id === u.id)) graph.push({ id: u.id, deps: u.depends_on });
    const cycle = findCycles(graph).find((c) => c.includes(u.id));
    if (cycle) throw new ApiError(400, 'invalid', `dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}`, 'depends_on');
  }
}

export async function createFromIntake(deps: AppDeps, intake: Intake, actor: string): Promise<StoredDefinition> {
  return deps.store.transaction(async (tx) => {
    const config = await loadConfig(deps, tx);
    const taken = new Set((await definitionStamps(tx, 'use_case')).map((s) => s.id));
    if (intake.id !== undefined && taken.has(intake.id)) throw new ApiError(409, 'conflict', `a use case "${intake.id}" exists already`, 'id');
    const id = intake.id ?? idFromTitle(intake.title, taken);
    const parsed = useCaseSchema.safeParse(intakeToUseCase(intake, id, config.stages[0] ?? 'idea'));
    if (!parsed.success) throw new InvalidUseCase(parsed.error);
    await checkReferences(tx, config, parsed.data);
    return createDefinition(tx, { kind: 'use_case', id, body: parsed.data }, actor, deps.now(), { via: 'intake' });
  });
}

async function current(tx: Kysely<Database>, id: string): Promise<StoredDefinition> {
  const d = await getDefinition(tx, 'use_case', id);
  if (!d) throw new ApiError(404, 'not_found', `no use case "${id}"`);
  if (d.archivedAt !== null) throw new ApiError(409, 'archived', `the use case "${id}" is archived`);
  return d;
}

export async function updateUseCase(deps: AppDeps, id: string, patch: Partial<UseCase>, actor: string, expectedVersion?: number): Promise<StoredDefinition> {
  return deps.store.transaction(async (tx) => {
    const existing = await current(tx, id);
    if (expectedVersion !== undefined && existing.version !== expectedVersion)
      throw new ApiError(409, 'version_conflict', `the use case is at version ${existing.version}, not ${expectedVersion}; reload and retry`);
    const parsed = useCaseSchema.safeParse({ ...(existing.body as UseCase), ...patch });
    if (!parsed.success) throw new InvalidUseCase(parsed.error);
    await checkReferences(tx, await loadConfig(deps, tx), parsed.data);
    return updateDefinition(tx, existing, parsed.data, actor, deps.now(), { via: 'api', fields: Object.keys(patch) });
  });
}

export async function archiveUseCase(deps: AppDeps, id: string, actor: string): Promise<StoredDefinition> {
  return deps.store.transaction(async (tx) => archiveDefinition(tx, await current(tx, id), actor, deps.now(), { via: 'api' }));
}
