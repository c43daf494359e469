// Apply, pull and status of the definitions: the one place that decides who owns a
// definition and what happens to a change made on the other side (docs/workspace.md
// "Who owns a definition"). The CLI parses its options and phrases the results.
//
//   apply  files -> store, for what the files own; a pending API change is kept while its
//          file still equals the base it was made on; both sides changed -> refused, nothing
//          written (definition-repository.ts holds that rule, inside its one transaction).
//   pull   store -> files: pending changes are written into their files (comments and layout
//          kept), store-owned definitions get new files, and the files own them from then on.
//          The same three-way comparison refuses a file changed since the base.
import { rm, writeFile, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { idSchema } from '../domain/common.js';
import type { DefinitionKind, Workspace } from '../domain/workspace.js';
import {
  applyDefinitions,
  DefinitionConflictError,
  listDefinitions,
  NO_PENDING,
  type Change,
  type ChangeKind,
  type DefinitionConflict,
  type StoredDefinition,
} from '../store/definition-repository.js';
import type { Store } from '../store/store.js';
import { workspaceDefinitions, type Definition } from '../workspace/definitions.js';
import { loadWorkspaceFromFiles, readWorkspaceFiles } from '../workspace/load-workspace.js';
import { formatProblem } from '../workspace/problem.js';
import { definitionFilePath, definitionYaml } from '../workspace/write-workspace.js';
import { writeChangeInto } from '../workspace/yaml-write-back.js';
import { ActionError, InvalidError, type ActionProblem } from './errors.js';

export interface DefinitionsDeps {
  store: Store;
  actor: string;
  now: Date;
}

const KIND_WORDS: Record<DefinitionKind, string> = { use_case: 'use case', dataset: 'dataset', source: 'source', config: 'workspace settings' };
const named = (kind: DefinitionKind, id: string) => (kind === 'config' ? KIND_WORDS.config : `${KIND_WORDS[kind]} "${id}"`);

function conflictProblem(c: DefinitionConflict): ActionProblem {
  const store = { edited: 'edited in the browser', archived: 'archived in the browser', created: 'created in the browser' }[c.storeChange];
  const file = c.fileChange === 'changed' ? (c.storeChange === 'created' ? 'a file defines it differently' : 'its file changed too') : 'its file was removed';
  return { field: `${c.kind}:${c.id}`, message: `${named(c.kind, c.id)}: ${store}, and ${file}` };
}

function conflictError(conflicts: DefinitionConflict[], action: 'apply' | 'pull'): ActionError {
  const advice =
    action === 'apply'
      ? 'keep the browser version with `traction pull --prefer-store`, or the files with `traction apply --prefer-files` (the other version stays in the history)'
      : 'keep the files with `traction apply --prefer-files`, or overwrite them with `traction pull --prefer-store`';
  return new ActionError(
    'conflict',
    'changed_on_both_sides',
    `${action} refused: ${conflicts.length} definition${conflicts.length === 1 ? ' was' : 's were'} changed both in the files and in the browser; nothing was written. Decide which to keep: ${advice}`,
    undefined,
    conflicts.map(conflictProblem),
  );
}

/** Counts per change; `kept` only when apply kept something (scripts read the other five as before). */
export type ApplySummary = Record<Exclude<ChangeKind, 'kept'>, number> & { kept?: number };

export interface ApplyResult {
  changes: Change[];
  summary: ApplySummary;
}

/** `traction apply`: the files into the store, for what the files own. */
export async function applyWorkspace(deps: DefinitionsDeps, ws: Workspace, options: { preferFiles?: boolean } = {}): Promise<ApplyResult> {
  try {
    const changes = await applyDefinitions(deps.store, workspaceDefinitions(ws), deps.actor, deps.now, options);
    const summary: ApplySummary = { created: 0, updated: 0, unchanged: 0, archived: 0, restored: 0 };
    for (const c of changes) summary[c.change] = (summary[c.change] ?? 0) + 1;
    return { changes, summary };
  } catch (e) {
    if (e instanceof DefinitionConflictError) throw conflictError(e.conflicts, 'apply');
    throw e;
  }
}

export interface PulledDefinition {
  kind: DefinitionKind;
  id: string;
  file: string;
  /** `written`: a pending change went into the file; `added`: a new file; `removed`: archived in the browser; `settled`: the file already agreed. */
  change: 'written' | 'added' | 'removed' | 'settled';
}

type PullStep = PulledDefinition & { stored: StoredDefinition; text?: string };

/** What pull does with one stored definition, given its file's definition and path (if any). */
function planPull(s: StoredDefinition, f: Definition | undefined, file: string | undefined, texts: ReadonlyMap<string, string>, preferStore: boolean): PullStep | DefinitionConflict | undefined {
  if (s.owner === 'files' && s.pending === null) return undefined;
  if (s.owner === 'store' && s.archivedAt !== null) return undefined;
  const base = { kind: s.kind, id: s.id, stored: s };
  if (f && file && f.hash === s.hash && s.archivedAt === null) return { ...base, file, change: 'settled' };
  if (!f && s.archivedAt !== null) return { ...base, file: definitionFilePath(s.kind, s.id), change: 'settled' };
  const fileAsBase = s.owner === 'files' ? f !== undefined && f.hash === s.pending?.baseHash : f === undefined;
  if (!fileAsBase && !preferStore)
    return { kind: s.kind, id: s.id, storeChange: s.owner === 'store' ? 'created' : s.archivedAt === null ? 'edited' : 'archived', fileChange: f ? 'changed' : 'removed' };
  if (f && file) {
    if (s.archivedAt !== null) return { ...base, file, change: 'removed' };
    return { ...base, file, change: 'written', text: writeChangeInto(texts.get(file) ?? '', f.body, s.body) };
  }
  const fresh = definitionFilePath(s.kind, s.id);
  // A file at that path holding another id: writing there would replace it.
  if (texts.has(fresh)) return { kind: s.kind, id: s.id, storeChange: s.owner === 'store' ? 'created' : 'edited', fileChange: 'changed' };
  return { ...base, file: fresh, change: 'added', text: definitionYaml(s.kind, s.body) };
}

function invalidWorkspace(message: string, problems: Parameters<typeof formatProblem>[0][]): InvalidError {
  return new InvalidError(message, undefined, problems.map((p) => ({ field: '', message: formatProblem(p) })), 'invalid_workspace');
}

/** The files after the steps; a write-back the YAML library could not make exact is written whole instead. */
function nextFiles(root: string, texts: ReadonlyMap<string, string>, steps: PullStep[]): Map<string, string> {
  const next = new Map(texts);
  for (const s of steps) {
    if (s.change === 'removed') next.delete(s.file);
    else if (s.text !== undefined) next.set(s.file, s.text);
  }
  const loaded = loadWorkspaceFromFiles(root, next);
  if (!loaded.workspace) throw invalidWorkspace('pull refused: the files would not be a valid workspace afterwards; nothing was written', loaded.problems);
  const hashes = new Map(workspaceDefinitions(loaded.workspace).map((d) => [`${d.kind}:${d.id}`, d.hash]));
  let redo = false;
  for (const s of steps) {
    if (s.text === undefined || hashes.get(`${s.kind}:${s.id}`) === s.stored.hash) continue;
    s.text = definitionYaml(s.kind, s.stored.body);
    next.set(s.file, s.text);
    redo = true;
  }
  if (redo && !loadWorkspaceFromFiles(root, next).workspace) throw new InvalidError('pull refused: the changes could not be written into the files; nothing was written');
  return next;
}

/** `traction pull`: changes made in the browser into the workspace files, which then own them. */
export async function pullDefinitions(deps: DefinitionsDeps, root: string, options: { preferStore?: boolean } = {}): Promise<PulledDefinition[]> {
  const texts = await readWorkspaceFiles(root);
  const loaded = loadWorkspaceFromFiles(path.resolve(root), texts);
  if (!loaded.workspace) throw invalidWorkspace(`pull refused: ${loaded.problems.length} problem(s) in the workspace files; fix them first, nothing was written`, loaded.problems);
  const fileDefs = new Map(workspaceDefinitions(loaded.workspace).map((d) => [`${d.kind}:${d.id}`, d]));
  const steps: PullStep[] = [];
  const conflicts: DefinitionConflict[] = [];
  const stored = await listDefinitions(deps.store.db, { includeArchived: true });
  // Ids become file names: one that is not an id (only a store changed by hand could hold
  // one) must not name a path outside the workspace's folders.
  const unsafe = stored.filter((s) => !idSchema.safeParse(s.id).success);
  if (unsafe.length > 0)
    throw new InvalidError('pull refused: the store holds definitions whose ids cannot be file names; nothing was written', undefined, unsafe.map((s) => ({ field: `${s.kind}:${s.id}`, message: 'not an id (lower-case letters, digits, "-" or "_", starting with a letter)' })), 'unsafe_id');
  for (const s of stored) {
    const key = `${s.kind}:${s.id}`;
    const step = planPull(s, fileDefs.get(key), loaded.origins.get(key)?.file, texts, options.preferStore === true);
    if (step === undefined) continue;
    if ('change' in step) steps.push(step);
    else conflicts.push(step);
  }
  if (conflicts.length > 0) throw conflictError(conflicts, 'pull');
  nextFiles(path.resolve(root), texts, steps);

  for (const s of steps) {
    const to = path.join(root, s.file);
    if (s.change === 'removed') await rm(to, { force: true });
    if (s.text === undefined) continue;
    await mkdir(path.dirname(to), { recursive: true });
    // Each file whole or not at all: written beside and renamed into place.
    await writeFile(`${to}.pull-tmp`, s.text);
    await rename(`${to}.pull-tmp`, to);
  }
  // The files own what was pulled; a definition changed again meanwhile keeps its pending change.
  await deps.store.transaction(async (tx) => {
    for (const s of steps)
      await tx.updateTable('definitions').set({ owner: 'files', ...NO_PENDING }).where('kind', '=', s.kind).where('id', '=', s.id).where('version', '=', s.stored.version).execute();
  });
  return steps.map(({ kind, id, file, change }) => ({ kind, id, file, change }));
}
