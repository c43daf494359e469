// Datasets from a dbt manifest, for `traction import dbt` and the API alike: the manifest is
// read and checked whole (imports/dbt-manifest.ts), its models become datasets in the Traction
// source the importer names, and they are stored in one transaction: created, updated where a
// dataset of that id exists (a re-import after `dbt parse` refreshes them; a dataset the
// workspace files own gets a pending change, as any edit in the browser: store/definition-edits.ts),
// or unchanged. Nothing is written on any problem.
import { DbtManifestRefused, planDbtImport, type DbtImportPlan, type SkippedTest } from '../imports/dbt-manifest.js';
import { createDefinition, updateDefinition } from '../store/definition-edits.js';
import { getDefinition } from '../store/definition-repository.js';
import { NO_WORKSPACE, readStoredWorkspace } from '../store/stored-workspace.js';
import { contentHash } from '../workspace/definitions.js';
import { ConflictError, InvalidError } from './errors.js';
import type { Caller, UseCaseDeps } from './use-cases.js';

export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface DbtImportReport {
  manifest_version: number;
  dbt_version: string | null;
  project: string | null;
  source: string;
  datasets: { id: string; table: string; model: string; columns: number; checks: number; change: 'created' | 'updated' | 'unchanged' }[];
  translated_tests: number;
  skipped_tests: SkippedTest[];
  written: boolean;
}

/** The manifest's text as JSON, or where it stops being JSON. */
function parseJson(text: string, fileName: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > MAX_MANIFEST_BYTES) throw new InvalidError(`${fileName} is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB; nothing imported`, 'manifest', [], 'bad_upload');
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const where = at ? (() => {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    })() : '';
    throw new InvalidError(`${fileName} is not JSON${where} (a dbt manifest is target/manifest.json); nothing imported`, 'manifest', [], 'bad_upload');
  }
}

function planOf(raw: unknown, fileName: string, source: string): DbtImportPlan {
  try {
    return planDbtImport(raw, { source });
  } catch (e) {
    if (!(e instanceof DbtManifestRefused)) throw e;
    const problems = e.problems.map((p) => ({ field: p.path, message: p.message }));
    throw new InvalidError(`${fileName}: ${problems[0]!.field}: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing imported`, 'manifest', problems, 'bad_manifest');
  }
}

export async function importDbtManifest(deps: UseCaseDeps, input: { fileName: string; text: string }, options: { source: string; dryRun?: boolean }, caller: Caller): Promise<DbtImportReport> {
  const plan = planOf(parseJson(input.text, input.fileName), input.fileName, options.source);
  return deps.store.transaction(async (tx) => {
    const ws = await readStoredWorkspace(tx, deps.workspaceRoot);
    if (!ws) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
    if (!ws.sources.some((s) => s.id === options.source))
      throw new InvalidError(`no source "${options.source}" in the workspace (${ws.sources.length ? `sources: ${ws.sources.map((s) => s.id).join(', ')}` : 'it has none'}): name the source whose connection reaches the database dbt builds into; nothing imported`, 'source');
    const source = ws.sources.find((s) => s.id === options.source)!;
    if (source.kind === 'files')
      throw new InvalidError(`the source "${options.source}" reads files; dbt builds tables in a database: name a postgres, mysql or sqlite source that reaches it; nothing imported`, 'source');
    const model = Object.fromEntries(Object.entries(plan.modelDatasets).map(([m, d]) => [d, m]));
    const at = deps.now();
    const datasets: DbtImportReport['datasets'] = [];
    for (const d of plan.datasets) {
      const existing = await getDefinition(tx, 'dataset', d.id);
      if (existing?.archivedAt) throw new ConflictError(`the dataset "${d.id}" (from ${model[d.id]}) is archived; restore it in the workspace files or rename the model; nothing imported`, 'archived', d.id);
      const change = !existing ? 'created' : existing.hash === contentHash(d) ? 'unchanged' : 'updated';
      if (!options.dryRun && change === 'created') await createDefinition(tx, { kind: 'dataset', id: d.id, body: d }, caller.actor, at, { via: 'dbt', model: model[d.id] });
      if (!options.dryRun && change === 'updated') await updateDefinition(tx, existing!, d, caller.actor, at, { via: 'dbt', model: model[d.id] });
      datasets.push({ id: d.id, table: d.table ?? '', model: model[d.id]!, columns: Object.keys(d.columns ?? {}).length, checks: d.checks.length, change });
    }
    return {
      manifest_version: plan.version,
      dbt_version: plan.dbtVersion,
      project: plan.project,
      source: options.source,
      datasets,
      translated_tests: plan.translated,
      skipped_tests: plan.skipped,
      written: !options.dryRun,
    };
  });
}
