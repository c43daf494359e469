// What the API does to use cases, each in one transaction: create from an intake (at the
// first stage), update fields (never the id or stage: stages move through gates), archive.
// Whatever is about to be stored is checked by `validateUseCase` (src/workspace), the same
// check `traction validate` runs on a file, against the stored workspace; every problem is
// answered at once by field, and nothing is stored on a problem. SQL in a body needs the
// `sql.author` permission (domain/account.ts).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { roleAllows, type Role } from '../domain/account.js';
import { idFromTitle, intakeFieldOf, intakeSchema, intakeToUseCase, type Intake } from '../domain/intake.js';
import { sqlFields, useCaseSchema, type Kpi, type UseCase } from '../domain/use-case.js';
import type { Database } from '../store/database.js';
import { archiveDefinition, createDefinition, definitionStamps, updateDefinition } from '../store/definition-edits.js';
import { getDefinition, type StoredDefinition } from '../store/definition-repository.js';
import { intakeFromTemplate } from '../templates/instantiate.js';
import { findTemplate, shippedTemplateLibrary } from '../templates/library.js';
import { schemaIssues, type FieldIssue } from '../workspace/validate-file.js';
import { validateUseCase } from '../workspace/validate-use-case.js';
import type { AppDeps } from './app.js';
import { ApiError } from './errors.js';
import { loadConfig } from './stored-config.js';
import { loadStoredWorkspace, validationContext } from './stored-workspace.js';

/** Who is writing: the name the audit log keeps and the role permissions are checked against. */
export interface Caller {
  actor: string;
  role: Role;
}

/** Fields an update may carry: every use-case field but id and stage, defaults stripped so absent means unchanged. */
export const useCasePatchSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(useCaseSchema.shape)
      .filter(([k]) => k !== 'id' && k !== 'stage')
      .map(([k, s]) => [k, (s instanceof z.ZodDefault ? s.unwrap() : s).optional()]),
  ) as unknown as { [K in Exclude<keyof typeof useCaseSchema.shape, 'id' | 'stage'>]: z.ZodOptional<z.ZodType<UseCase[K]>> },
);

const fieldName = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** Every problem of the body, located by field; the message names the first and counts the rest. */
function invalid(issues: FieldIssue[], fieldOf: (path: readonly PropertyKey[]) => PropertyKey[] = (p) => [...p]): ApiError {
  const problems = issues.map((i) => ({ field: fieldName(fieldOf(i.path)), message: i.message }));
  const first = problems[0] ?? { field: '', message: 'invalid' };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ApiError(400, 'invalid', `${first.field ? `body field "${first.field}"` : 'body'}: ${first.message}${more}; nothing stored`, first.field || undefined, problems);
}

function sqlRefused(fields: string[]): ApiError {
  const why = 'writing SQL needs the sql.author permission (role admin): it runs later on the machine of whoever refreshes KPIs';
  return new ApiError(403, 'forbidden', `body field "${fields[0]}": ${why}; nothing stored`, fields[0], fields.map((field) => ({ field, message: why })));
}

/**
 * The body against its zod schema, problems phrased by the same code as a file's
 * (workspace/validate-file.ts): the routes leave body validation to this, so a refusal
 * reads the same whether it comes from the schema or from the workspace checks.
 */
function parseBody<S extends z.ZodType>(body: unknown, schema: S): z.infer<S> {
  const { value, issues } = schemaIssues(body, schema);
  if (value === undefined) throw invalid(issues);
  return value;
}

/** `data` checked as `traction validate` checks a use case file, against the stored workspace. */
async function validated(deps: AppDeps, tx: Kysely<Database>, data: unknown, fieldOf?: (path: readonly PropertyKey[]) => PropertyKey[]): Promise<UseCase> {
  const ws = await loadStoredWorkspace(tx, deps.workspaceRoot);
  const { value, issues } = validateUseCase(data, validationContext(ws));
  if (value === undefined) throw invalid(issues, fieldOf);
  return value;
}

/** A stored body's KPIs as far as they are readable (a row written around the API may be anything). */
function storedKpis(body: unknown): Pick<Kpi, 'id' | 'measure'>[] {
  const kpis: unknown = (body as { kpis?: unknown } | null)?.kpis;
  if (!Array.isArray(kpis)) return [];
  return kpis.filter((k): k is Pick<Kpi, 'id' | 'measure'> => typeof k === 'object' && k !== null && typeof (k as Kpi).id === 'string');
}

/**
 * SQL the caller would write: every SQL field of the patch but one repeated exactly as stored
 * (same KPI, source and SQL), so a client may send a KPI list back unchanged.
 */
function newSql(patch: Partial<UseCase>, stored: unknown): string[] {
  if (patch.kpis === undefined) return [];
  const before = sqlFields({ kpis: storedKpis(stored) });
  return sqlFields({ kpis: patch.kpis })
    .filter((f) => !before.some((b) => b.kpi === f.kpi && b.source === f.source && b.sql === f.sql))
    .map((f) => fieldName(f.path));
}

export async function createFromIntake(deps: AppDeps, body: unknown, caller: Caller): Promise<StoredDefinition> {
  const intake = parseBody(body, intakeSchema);
  if (intake.kpi?.measure !== undefined && !roleAllows(caller.role, 'sql.author')) throw sqlRefused(['kpi.measure.sql']);
  return deps.store.transaction(async (tx) => {
    const config = await loadConfig(deps, tx);
    const taken = new Set((await definitionStamps(tx, 'use_case')).map((s) => s.id));
    if (intake.id !== undefined && taken.has(intake.id)) throw new ApiError(409, 'conflict', `a use case "${intake.id}" exists already`, 'id');
    const id = intake.id ?? idFromTitle(intake.title, taken);
    const stage = config.stages[0] ?? 'idea';
    const draft = intake.template === undefined ? intakeToUseCase(intake, id, stage) : await fromTemplate(deps, tx, intake, intake.template, id, stage);
    const useCase = await validated(deps, tx, draft, intakeFieldOf);
    return createDefinition(tx, { kind: 'use_case', id, body: useCase }, caller.actor, deps.now(), { via: 'intake', ...(intake.template ? { template: intake.template } : {}) });
  });
}

/** The template's use case with the proposer's fields on top; suggested datasets kept where the workspace has them. */
async function fromTemplate(deps: AppDeps, tx: Kysely<Database>, intake: Intake, templateId: string, id: string, stage: string): Promise<Record<string, unknown>> {
  const library = await shippedTemplateLibrary();
  const t = findTemplate(library, templateId);
  if (!t) throw new ApiError(400, 'invalid', `body field "template": no template "${templateId}"; nothing stored`, 'template', [{ field: 'template', message: `no template "${templateId}"` }]);
  const ws = await loadStoredWorkspace(tx, deps.workspaceRoot);
  return intakeFromTemplate(intake, t, id, stage, new Set(ws.datasets.map((d) => d.id)));
}

async function current(tx: Kysely<Database>, id: string): Promise<StoredDefinition> {
  const d = await getDefinition(tx, 'use_case', id);
  if (!d) throw new ApiError(404, 'not_found', `no use case "${id}"`);
  if (d.archivedAt !== null) throw new ApiError(409, 'archived', `the use case "${id}" is archived`);
  return d;
}

/** The merged use case (stored fields, then the patch) is what is validated, and stored only if valid. */
export async function updateUseCase(deps: AppDeps, id: string, body: unknown, caller: Caller, expectedVersion?: number): Promise<StoredDefinition> {
  const patch = parseBody(body, useCasePatchSchema) as Partial<UseCase>;
  return deps.store.transaction(async (tx) => {
    const existing = await current(tx, id);
    if (expectedVersion !== undefined && existing.version !== expectedVersion)
      throw new ApiError(409, 'version_conflict', `the use case is at version ${existing.version}, not ${expectedVersion}; reload and retry`);
    const sql = roleAllows(caller.role, 'sql.author') ? [] : newSql(patch, existing.body);
    if (sql.length > 0) throw sqlRefused(sql);
    const useCase = await validated(deps, tx, { ...(existing.body as object), ...patch });
    return updateDefinition(tx, existing, useCase, caller.actor, deps.now(), { via: 'api', fields: Object.keys(patch) });
  });
}

/**
 * Archiving hides a use case from the store's live definitions, so one that others depend
 * on, or that traction.yaml's roadmap names, is refused: the export would no longer
 * validate (an unknown use case in depends_on or must_do).
 */
export async function archiveUseCase(deps: AppDeps, id: string, caller: Caller): Promise<StoredDefinition> {
  return deps.store.transaction(async (tx) => {
    const existing = await current(tx, id);
    const ws = await loadStoredWorkspace(tx, deps.workspaceRoot);
    const needed = [
      ...validationContext(ws)
        .useCases.filter((u) => u.id !== id && u.depends_on.includes(id))
        .map((u) => ({ field: '', message: `use case "${u.id}" depends on it (depends_on)` })),
      ...(['must_do', 'must_not'] as const).filter((k) => ws.config.roadmap?.[k].includes(id)).map((k) => ({ field: '', message: `traction.yaml names it in roadmap.${k}` })),
    ];
    if (needed.length > 0) throw new ApiError(409, 'conflict', `the use case "${id}" is still referred to: ${needed.map((n) => n.message).join('; ')}; change those first`, undefined, needed);
    return archiveDefinition(tx, existing, caller.actor, deps.now(), { via: 'api' });
  });
}
