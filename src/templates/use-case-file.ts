// `traction new usecase --template`: a template made into a use-case file of a workspace.
// The use case is checked exactly as `traction validate` checks a file (validate-use-case.ts)
// against the loaded workspace before anything is written, and the file is created with the
// exclusive flag, so an existing file (or a use case of the same id elsewhere) is never
// overwritten: nothing is written on any problem.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UseCaseTemplate } from '../domain/use-case-template.js';
import type { Workspace } from '../domain/workspace.js';
import { schemaComment } from '../workspace/json-schema.js';
import { formatPath } from '../workspace/problem.js';
import { validateUseCase } from '../workspace/validate-use-case.js';
import { definitionFilePath } from '../workspace/write-workspace.js';
import { instantiateTemplate, templateYaml, type SuggestedDataset, type TemplateTarget } from './instantiate.js';

/** Why a use case was not written; `problems` are field problems of the use case that would have been. */
export class TemplateUseError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'TemplateUseError';
  }
}

/** The team whose skills cover most of those the template needs (the first team on a tie). */
export function bestTeam(t: UseCaseTemplate, ws: Workspace): string | undefined {
  const needed = t.use_case.feasibility?.skills_required ?? [];
  let best: { id: string; score: number } | undefined;
  for (const team of ws.config.teams) {
    const score = needed.filter((s) => team.skills.includes(s)).length;
    if (!best || score > best.score) best = { id: team.id, score };
  }
  return best?.id;
}

export async function writeUseCaseFromTemplate(
  ws: Workspace,
  t: UseCaseTemplate,
  target: Partial<TemplateTarget>,
): Promise<{ file: string; id: string; team: string; missingDatasets: SuggestedDataset[] }> {
  const team = target.team ?? bestTeam(t, ws);
  if (team === undefined) throw new TemplateUseError('traction.yaml declares no team: add one under teams, or give --team');
  const id = target.id ?? t.id;
  if (ws.useCases.some((u) => u.id === id)) throw new TemplateUseError(`a use case "${id}" exists already: give another --id`);
  const { useCase, missingDatasets } = instantiateTemplate(
    t,
    { ...target, id, team, owner: target.owner ?? 'unassigned', sponsor: target.sponsor ?? 'unassigned' },
    new Set(ws.datasets.map((d) => d.id)),
  );
  const { issues } = validateUseCase(useCase, { config: ws.config, useCases: ws.useCases, datasets: ws.datasets, sources: ws.sources });
  if (issues.length > 0) throw new TemplateUseError(`the use case would not validate; nothing was written`, issues.map((i) => `${formatPath(i.path) || '(use case)'}: ${i.message}`));
  const rel = definitionFilePath('use_case', id);
  const text = templateYaml(t, useCase, schemaComment('use_case', 1), missingDatasets);
  await mkdir(path.dirname(path.join(ws.root, rel)), { recursive: true });
  try {
    await writeFile(path.join(ws.root, rel), text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new TemplateUseError(`${rel} exists already; not overwriting it (give another --id)`);
    throw e;
  }
  return { file: rel, id, team, missingDatasets };
}
