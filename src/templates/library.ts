// The template library shipped with Traction: `templates/*.yaml` (one use-case template a
// file) and `templates/gate-policies/*.yaml`, at the package root. Read on demand; every
// file is checked with its positions (the same problem format as `traction validate`), and
// beside the schema for what a schema cannot say (templateIssues), so a broken template in
// the library is refused at load, never half-used.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatePolicySchema, useCaseTemplateSchema, type GatePolicy, type UseCaseTemplate } from '../domain/use-case-template.js';
import { WorkspaceError, type Problem } from '../workspace/problem.js';
import { locate, parseYamlFile } from '../workspace/yaml-file.js';
import { validateFile } from '../workspace/validate-file.js';
import { formatPath } from '../workspace/problem.js';
import { templateIssues } from './template-issues.js';

/**
 * Two levels up from this file (src/templates/) and from the CLI bundle (dist/cli/) alike
 * is the package root, as for the dashboard's files (server/server.ts).
 */
export const LIBRARY_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

export interface TemplateLibrary {
  templates: UseCaseTemplate[];
  policies: GatePolicy[];
}

async function yamlFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.yaml')).sort();
}

async function loadKind<T>(dir: string, rel: string, schema: typeof useCaseTemplateSchema | typeof gatePolicySchema, problems: Problem[]) {
  const out: { value: T; file: ReturnType<typeof parseYamlFile>['parsed'] }[] = [];
  for (const name of await yamlFiles(path.join(dir, rel))) {
    const file = `${rel ? `${rel}/` : ''}${name}`;
    const { parsed, problems: syntax } = parseYamlFile(file, await readFile(path.join(dir, rel, name), 'utf8'));
    problems.push(...syntax);
    if (!parsed) continue;
    const { value, problems: found } = validateFile(parsed, schema);
    problems.push(...found);
    if (value === undefined) continue;
    if (value.id !== name.slice(0, -'.yaml'.length)) problems.push({ file, ...locate(parsed, ['id']), path: 'id', message: `the id "${value.id}" differs from the file name` });
    out.push({ value: value as T, file: parsed });
  }
  return out;
}

/** Every template and gate policy of `dir` (the shipped library by default); a WorkspaceError lists every problem. */
export async function loadTemplateLibrary(dir: string = LIBRARY_DIR): Promise<TemplateLibrary> {
  const problems: Problem[] = [];
  const policies = await loadKind<GatePolicy>(dir, 'gate-policies', gatePolicySchema, problems);
  const templates = await loadKind<UseCaseTemplate>(dir, '', useCaseTemplateSchema, problems);
  const policyIds = policies.map((p) => p.value.id);
  for (const t of templates)
    for (const issue of templateIssues(t.value, policyIds))
      problems.push({ file: t.file!.file, ...locate(t.file!, issue.path), path: formatPath(issue.path), message: issue.message });
  if (problems.length > 0) throw new WorkspaceError(problems);
  return { templates: templates.map((t) => t.value), policies: policies.map((p) => p.value) };
}

export function findTemplate(library: TemplateLibrary, id: string): UseCaseTemplate | undefined {
  return library.templates.find((t) => t.id === id);
}

let shipped: Promise<TemplateLibrary> | undefined;

/**
 * The shipped library, read once per process: its files are part of the package and do not
 * change while it runs. A failed read is not kept, so the next call reports it again.
 */
export function shippedTemplateLibrary(): Promise<TemplateLibrary> {
  shipped ??= loadTemplateLibrary().catch((e: unknown) => {
    shipped = undefined;
    throw e;
  });
  return shipped;
}
