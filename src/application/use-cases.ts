// What people do to use cases, each in one transaction: propose one through the intake (it
// starts at the first stage, as a proposal the portfolio owner triages: triage.ts), change
// its fields (never the id or stage: stages move through gates), archive it. Whatever is about
// to be stored is checked by `validateUseCase` (src/workspace), the same check
// `traction validate` runs on a file, against the stored workspace; every problem is raised at
// once by field, and nothing is stored on a problem. SQL in a body needs the `sql.author`
// permission (domain/account.ts). The server and the CLI phrase the typed errors (errors.ts).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { roleAllows, type Role } from '../domain/account.js';
import { idFromTitle, intakeFieldOf, intakeProblems, intakeToUseCase, type Intake } from '../domain/intake.js';
import { OPEN_STATUSES, type Proposal } from '../domain/proposal.js';
import { sqlFields, useCaseSchema, type Kpi, type UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import type { Database } from '../store/database.js';
import { archiveDefinition, createDefinition, definitionStamps, updateDefinition } from '../store/definition-edits.js';
import { getDefinition, type StoredDefinition } from '../store/definition-repository.js';
import { getProposal, insertProposal, setProposalStatus } from '../store/proposal-repository.js';
import type { Store } from '../store/store.js';
import { NO_WORKSPACE, readStoredWorkspace, validationContext } from '../store/stored-workspace.js';
import { intakeFromTemplate } from '../templates/instantiate.js';
import { findTemplate, shippedTemplateLibrary } from '../templates/library.js';
import { schemaIssues, type FieldIssue } from '../workspace/validate-file.js';
import { validateUseCase } from '../workspace/validate-use-case.js';
import { proposalSubmitted } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { ActionError, ConflictError, ForbiddenError, InvalidError, NotFoundError, type ActionProblem } from './errors.js';
import { isPortfolioOwner } from './proposal-visibility.js';
import { similarUseCases, type Similar } from './triage.js';

/** What the use-case actions need: the store, the clock, and the folder file sources resolve against. */
export interface UseCaseDeps {
  store: Store;
  now: () => Date;
  workspaceRoot: string;
}

/** Who is writing: the name the audit log keeps and the role permissions are checked against. */
export interface Caller {
  actor: string;
  role: Role;
  /** The account's username (the actor may name a token too): what traction.yaml `roles` lists. */
  username?: string;
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

/** Every problem, located by field; the message names the first and counts the rest. */
function invalid(problems: ActionProblem[]): InvalidError {
  const first = problems[0] ?? { field: '', message: 'invalid' };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new InvalidError(`${first.field ? `body field "${first.field}"` : 'body'}: ${first.message}${more}; nothing stored`, first.field || undefined, problems);
}

const located = (issues: FieldIssue[], fieldOf: (path: readonly PropertyKey[]) => PropertyKey[] = (p) => [...p]): ActionProblem[] =>
  issues.map((i) => ({ field: fieldName(fieldOf(i.path)), message: i.message }));

function sqlRefused(fields: string[]): ActionError {
  const why = 'writing SQL needs the sql.author permission (role admin): it runs later on the machine of whoever refreshes KPIs';
  return new ActionError('forbidden', 'forbidden', `body field "${fields[0]}": ${why}; nothing stored`, fields[0], fields.map((field) => ({ field, message: why })));
}

/** The body against its zod schema, problems phrased by the same code as a file's (workspace/validate-file.ts). */
function parseBody<S extends z.ZodType>(body: unknown, schema: S): z.infer<S> {
  const { value, issues } = schemaIssues(body, schema);
  if (value === undefined) throw invalid(located(issues));
  return value;
}

async function storedWorkspace(deps: UseCaseDeps, tx: Kysely<Database>): Promise<Workspace> {
  const ws = await readStoredWorkspace(tx, deps.workspaceRoot);
  if (!ws) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
  return ws;
}

/** `data` checked as `traction validate` checks a use case file, against the stored workspace. */
function validated(ws: Workspace, data: unknown, fieldOf?: (path: readonly PropertyKey[]) => PropertyKey[]): UseCase {
  const { value, issues } = validateUseCase(data, validationContext(ws));
  if (value === undefined) throw invalid(located(issues, fieldOf));
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

export interface Proposed {
  definition: StoredDefinition;
  proposal: Proposal;
  /** Use cases that read alike (title and problem), most alike first: the reviewer sees them side by side. */
  similar: Similar[];
}

/**
 * A new use case from an intake, at the first stage, as a proposal by the caller. A title
 * that makes the id of a live use case is refused as a duplicate naming that one, rather
 * than stored as a numbered copy nobody asked for.
 */
export async function createFromIntake(deps: UseCaseDeps, body: unknown, caller: Caller): Promise<Proposed> {
  const { value: intake, problems } = intakeProblems(body);
  if (intake === undefined) throw invalid(problems);
  if (intake.kpi?.measure !== undefined && !roleAllows(caller.role, 'sql.author')) throw sqlRefused(['kpi.measure.sql']);
  return deps.store.transaction(async (tx) => {
    const ws = await storedWorkspace(deps, tx);
    const stamps = await definitionStamps(tx, 'use_case');
    const taken = new Set(stamps.map((s) => s.id));
    if (intake.id !== undefined && taken.has(intake.id)) throw new ConflictError(`a use case "${intake.id}" exists already; nothing stored`, 'duplicate', 'id');
    const id = intake.id ?? idFromTitle(intake.title, new Set());
    if (intake.id === undefined && taken.has(id)) throw await duplicateTitle(tx, id, stamps.find((s) => s.id === id)?.archivedAt ?? null);
    const stage = ws.config.stages[0] ?? 'idea';
    const draft = intake.template === undefined ? intakeToUseCase(intake, id, stage) : await fromTemplate(ws, intake, intake.template, id, stage);
    const useCase = validated(ws, draft, intakeFieldOf);
    const { definition, proposal } = await storeProposal(tx, useCase, caller, deps.now(), { via: 'intake', ...(intake.template ? { template: intake.template } : {}) });
    return { definition, proposal, similar: similarUseCases(ws.useCases, { title: useCase.title, problem: useCase.problem }, id) };
  });
}

/**
 * The use case an intake (without a template) makes in the stored workspace, or every problem
 * by intake field: the one check of an intake, typed into the form or read from a spreadsheet row.
 */
export function useCaseFromIntake(ws: Workspace, intake: Intake, id: string): { value?: UseCase; problems: ActionProblem[] } {
  const { value, issues } = validateUseCase(intakeToUseCase(intake, id, ws.config.stages[0] ?? 'idea'), validationContext(ws));
  return value !== undefined ? { value, problems: [] } : { problems: located(issues, intakeFieldOf) };
}

/** Stores a checked use case as a proposal by the caller (inside the caller's transaction). */
export async function storeProposal(tx: Kysely<Database>, useCase: UseCase, caller: Caller, at: Date, detail: Record<string, unknown>): Promise<{ definition: StoredDefinition; proposal: Proposal }> {
  const definition = await createDefinition(tx, { kind: 'use_case', id: useCase.id, body: useCase }, caller.actor, at, detail);
  const author = caller.username ?? caller.actor;
  // The event first: a failure writing the proposal then rolls both back (test/notifications).
  await recordEvent(tx, proposalSubmitted({ useCaseId: useCase.id, title: useCase.title, author }), at);
  const proposal = await insertProposal(tx, { useCaseId: useCase.id, author, at });
  return { definition, proposal };
}

async function duplicateTitle(tx: Kysely<Database>, id: string, archivedAt: string | null): Promise<ConflictError> {
  const existing = await getDefinition(tx, 'use_case', id);
  const title = (existing?.body as { title?: unknown } | undefined)?.title;
  const named = typeof title === 'string' ? `"${title}" (${id})` : `"${id}"`;
  const state = archivedAt !== null ? ', archived' : '';
  return new ConflictError(`a use case with this title exists already: ${named}${state}. Open it and add to it, or give yours a title of its own; nothing stored`, 'duplicate', 'title');
}

/** The template's use case with the proposer's fields on top; suggested datasets kept where the workspace has them. */
async function fromTemplate(ws: Workspace, intake: Intake, templateId: string, id: string, stage: string): Promise<Record<string, unknown>> {
  const library = await shippedTemplateLibrary();
  const t = findTemplate(library, templateId);
  if (!t) throw invalid([{ field: 'template', message: `no template "${templateId}"` }]);
  return intakeFromTemplate(intake, t, id, stage, new Set(ws.datasets.map((d) => d.id)));
}

async function current(tx: Kysely<Database>, id: string): Promise<StoredDefinition> {
  const d = await getDefinition(tx, 'use_case', id);
  if (!d) throw new NotFoundError(`no use case "${id}"`);
  if (d.archivedAt !== null) throw new ConflictError(`the use case "${id}" is archived`, 'archived');
  return d;
}

/**
 * Who may edit a proposal before it is accepted: its author and the portfolio owners. Once
 * rejected or merged it stays as it was decided; once accepted it is a use case like any other.
 * An edit after changes were asked for puts it back in the reviewers' queue.
 */
async function proposalEdit(tx: Kysely<Database>, ws: Workspace, id: string, caller: Caller): Promise<Proposal | undefined> {
  const p = await getProposal(tx, id);
  if (!p || p.status === 'accepted') return undefined;
  if (!OPEN_STATUSES.includes(p.status)) throw new ConflictError(`the proposal "${id}" was ${p.status === 'merged' ? `merged into "${p.mergedInto}"` : 'rejected'}; it is no longer edited`, 'decided');
  const who = caller.username ?? caller.actor;
  if (who !== p.author && !isPortfolioOwner(ws.config, who)) throw new ForbiddenError(`only its author (${p.author}) or a portfolio owner may edit the proposal "${id}" before it is accepted`, 'not_author');
  return p;
}

/** The merged use case (stored fields, then the patch) is what is validated, and stored only if valid. */
export async function updateUseCase(deps: UseCaseDeps, id: string, body: unknown, caller: Caller, expectedVersion?: number): Promise<StoredDefinition> {
  const patch = parseBody(body, useCasePatchSchema) as Partial<UseCase>;
  return deps.store.transaction(async (tx) => {
    const existing = await current(tx, id);
    if (expectedVersion !== undefined && existing.version !== expectedVersion)
      throw new ConflictError(`the use case is at version ${existing.version}, not ${expectedVersion}; reload and retry`, 'version_conflict');
    const ws = await storedWorkspace(deps, tx);
    const proposal = await proposalEdit(tx, ws, id, caller);
    const sql = roleAllows(caller.role, 'sql.author') ? [] : newSql(patch, existing.body);
    if (sql.length > 0) throw sqlRefused(sql);
    const useCase = validated(ws, { ...(existing.body as object), ...patch });
    const now = deps.now();
    const updated = await updateDefinition(tx, existing, useCase, caller.actor, now, { via: 'api', fields: Object.keys(patch) });
    const who = caller.username ?? caller.actor;
    if (proposal?.status === 'changes_requested' && who === proposal.author && updated.version !== existing.version) {
      if (!(await setProposalStatus(tx, proposal, { status: 'proposed', decided: false }, caller.actor, now))) throw new ConflictError(`the proposal "${id}" changed meanwhile; reload and retry`, 'version_conflict');
    }
    return updated;
  });
}

/**
 * Archiving hides a use case from the store's live definitions, so one that others depend
 * on, or that traction.yaml's roadmap names, is refused: the export would no longer
 * validate (an unknown use case in depends_on or must_do).
 */
export async function archiveUseCase(deps: UseCaseDeps, id: string, caller: Caller): Promise<StoredDefinition> {
  return deps.store.transaction(async (tx) => {
    const existing = await current(tx, id);
    const ws = await storedWorkspace(deps, tx);
    const needed = [
      ...validationContext(ws)
        .useCases.filter((u) => u.id !== id && u.depends_on.includes(id))
        .map((u) => ({ field: '', message: `use case "${u.id}" depends on it (depends_on)` })),
      ...(['must_do', 'must_not'] as const).filter((k) => ws.config.roadmap?.[k].includes(id)).map((k) => ({ field: '', message: `traction.yaml names it in roadmap.${k}` })),
    ];
    if (needed.length > 0) throw new ActionError('conflict', 'conflict', `the use case "${id}" is still referred to: ${needed.map((n) => n.message).join('; ')}; change those first`, undefined, needed);
    return archiveDefinition(tx, existing, caller.actor, deps.now(), { via: 'api' });
  });
}
