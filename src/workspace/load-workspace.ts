// Reads a workspace folder (traction.yaml, usecases/, datasets/, sources/) into domain
// objects. Every problem in every file is collected before anything is returned, so a
// user fixes them in one pass; nothing is written.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { datasetSchema, type Dataset } from '../domain/dataset.js';
import { sourceSchema, type Source } from '../domain/source.js';
import { useCaseSchema, type UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { workspaceConfigSchema, type WorkspaceConfig } from '../domain/workspace-config.js';
import { checkCrossReferences } from './cross-references.js';
import { sortProblems, type Problem } from './problem.js';
import { validateFile } from './validate-file.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';

export const CONFIG_FILE = 'traction.yaml';
export const FOLDERS = { useCases: 'usecases', datasets: 'datasets', sources: 'sources' } as const;

export interface Origin {
  file: YamlFile;
}

export interface LoadResult {
  workspace?: Workspace;
  problems: Problem[];
  /** Which parsed file each definition came from, keyed `kind:id`, for located cross-file errors. */
  origins: Map<string, YamlFile>;
}

/** Loads a workspace from in-memory files: relative path -> text. Pure apart from nothing. */
export function loadWorkspaceFromFiles(root: string, files: ReadonlyMap<string, string>): LoadResult {
  const problems: Problem[] = [];
  const origins = new Map<string, YamlFile>();
  const broken = new Map<string, Set<string>>();
  const markBroken = (kind: string, name: string, data: unknown) => {
    const raw = data !== null && typeof data === 'object' ? (data as { id?: unknown }).id : undefined;
    const id = typeof raw === 'string' ? raw : path.basename(name).replace(/\.ya?ml$/, '');
    broken.set(kind, (broken.get(kind) ?? new Set()).add(id));
  };

  function parseAll<S extends z.ZodType>(folder: string, schema: S, kind: string): z.infer<S>[] {
    const out: z.infer<S>[] = [];
    const names = [...files.keys()].filter((f) => f.startsWith(`${folder}/`) && /\.ya?ml$/.test(f)).sort();
    for (const name of names) {
      const { parsed, problems: syntax } = parseYamlFile(name, files.get(name) ?? '');
      problems.push(...syntax);
      if (!parsed) {
        markBroken(kind, name, undefined);
        continue;
      }
      if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
        problems.push({ file: name, line: 1, column: 1, path: '', message: `expected a mapping with one ${kind}, found ${parsed.data === null ? 'an empty file' : 'something else'}` });
        markBroken(kind, name, undefined);
        continue;
      }
      const { value, problems: invalid } = validateFile(parsed, schema);
      problems.push(...invalid);
      if (value === undefined) {
        markBroken(kind, name, parsed.data);
        continue;
      }
      const id = (value as { id: string }).id;
      const key = `${kind}:${id}`;
      const previous = origins.get(key);
      if (previous) {
        problems.push({ file: name, line: 1, column: 1, path: 'id', message: `duplicate ${kind} id "${id}" (also in ${previous.file})` });
        continue;
      }
      origins.set(key, parsed);
      out.push(value);
    }
    return out;
  }

  let config: WorkspaceConfig | undefined;
  const configText = files.get(CONFIG_FILE);
  if (configText === undefined) {
    problems.push({ file: CONFIG_FILE, line: 0, column: 0, path: '', message: 'not found: a workspace needs a traction.yaml (create one with `traction init`)' });
  } else {
    const { parsed, problems: syntax } = parseYamlFile(CONFIG_FILE, configText);
    problems.push(...syntax);
    if (parsed) {
      const { value, problems: invalid } = validateFile(parsed, workspaceConfigSchema);
      problems.push(...invalid);
      config = value;
      if (value) origins.set('config:config', parsed);
    }
  }

  const useCases: UseCase[] = parseAll(FOLDERS.useCases, useCaseSchema, 'use_case');
  const datasets: Dataset[] = parseAll(FOLDERS.datasets, datasetSchema, 'dataset');
  const sources: Source[] = parseAll(FOLDERS.sources, sourceSchema, 'source');

  if (config) problems.push(...checkCrossReferences({ root, config, useCases, datasets, sources }, origins, broken));
  if (problems.length > 0 || !config) return { problems: sortProblems(problems), origins };
  return { workspace: { root, config, useCases, datasets, sources }, problems: [], origins };
}

/** Reads the definition files of the workspace at `root` and loads them. */
export async function loadWorkspace(root: string): Promise<LoadResult> {
  return loadWorkspaceFromFiles(path.resolve(root), await readWorkspaceFiles(root));
}

/** The definition files of the workspace at `root`: relative path -> text. */
export async function readWorkspaceFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const configPath = path.join(root, CONFIG_FILE);
  if (await exists(configPath)) files.set(CONFIG_FILE, await readFile(configPath, 'utf8'));
  for (const folder of Object.values(FOLDERS)) {
    const dir = path.join(root, folder);
    if (!(await exists(dir))) continue;
    for (const name of await readdir(dir)) {
      if (/\.ya?ml$/.test(name)) files.set(`${folder}/${name}`, await readFile(path.join(dir, name), 'utf8'));
    }
  }
  return files;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
