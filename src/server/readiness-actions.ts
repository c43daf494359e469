// Reading and running readiness checks for the API. A run goes through the same functions
// as `traction data check`: runChecks (src/readiness) over the sources, buildRunRecord for
// scores and evidence, recordReadinessRun to store it all in one transaction. The
// datasets come from the store's definitions; file sources resolve against the workspace
// folder the server was started on.
import type { Kysely } from 'kysely';
import type { Workspace } from '../domain/workspace.js';
import { buildRunRecord } from '../readiness/readiness-run.js';
import { runChecks } from '../readiness/run-checks.js';
import { SourceConnections } from '../readiness/source-connections.js';
import type { Database } from '../store/database.js';
import { newId } from '../store/evidence-repository.js';
import { checkResults, getReadinessRun, latestScores } from '../store/readiness-reads.js';
import { latestRowCounts, recordReadinessRun } from '../store/readiness-repository.js';
import type { AppDeps } from './app.js';
import { ApiError } from './errors.js';
import { datasetStateView } from './readiness-views.js';
import { ownerView } from './api-schemas.js';
import { listDefinitions } from '../store/definition-repository.js';
import { loadStoredWorkspace } from './stored-workspace.js';

export async function datasetStates(deps: AppDeps, db: Kysely<Database>, only?: string) {
  const ws = await loadStoredWorkspace(db, deps.workspaceRoot);
  const datasets = ws.datasets.filter((d) => only === undefined || d.id === only);
  if (only !== undefined && datasets.length === 0) throw new ApiError(404, 'not_found', `no dataset "${only}"`);
  const scores = await latestScores(db, 'dataset', only);
  const rows = await latestRowCounts(db, datasets.map((d) => d.id));
  const owners = new Map((await listDefinitions(db, { kind: 'dataset' })).map((d) => [d.id, ownerView(d)]));
  return Promise.all(
    datasets.map(async (d) => {
      const latest = scores.get(d.id);
      const results = latest ? await checkResults(db, latest.runId, d.id) : [];
      const usedBy = ws.useCases.filter((u) => u.datasets.some((x) => x.dataset === d.id)).map((u) => u.id);
      return { view: datasetStateView(d, usedBy, latest, results, rows.get(d.id), owners.get(d.id) ?? { owner: 'files', pending_change: false }), results };
    }),
  );
}

/** Which datasets a run covers: those named, plus every dataset the use case needs; all when neither is given. */
export function selectRunDatasets(ws: Workspace, names: string[], useCaseId: string | undefined): string[] {
  const known = new Set(ws.datasets.map((d) => d.id));
  names.forEach((n, i) => {
    if (!known.has(n)) throw new ApiError(400, 'invalid', `unknown dataset "${n}" (known: ${[...known].join(', ') || 'none'})`, `datasets.${i}`);
  });
  const ids = [...names];
  if (useCaseId !== undefined) {
    const u = ws.useCases.find((x) => x.id === useCaseId);
    if (!u) throw new ApiError(400, 'invalid', `unknown use case "${useCaseId}"`, 'use_case');
    ids.push(...u.datasets.map((d) => d.dataset).filter((d) => known.has(d)));
  }
  return ids.length > 0 ? [...new Set(ids)] : [...known];
}

export async function runReadiness(deps: AppDeps, request: { datasets: string[]; use_case?: string | undefined }, actor: string) {
  // One run at a time per server: checks hit the company's databases, and a double click should not double the load.
  if (deps.running.has('readiness')) throw new ApiError(409, 'run_in_progress', 'a readiness run is already in progress on this server; try again when it has finished');
  deps.running.add('readiness');
  try {
    const ws = await loadStoredWorkspace(deps.store.db, deps.workspaceRoot);
    const ids = selectRunDatasets(ws, request.datasets, request.use_case);
    if (ids.length === 0) throw new ApiError(400, 'invalid', 'the workspace declares no datasets', 'datasets');
    const connections = new SourceConnections(ws, deps.sourceEnv, { timeoutMs: 120_000 });
    try {
      const previousRowCounts = await latestRowCounts(deps.store.db, ids);
      const startedAt = deps.now();
      const runs = await runChecks({ workspace: ws, datasetIds: ids, connections, now: startedAt, previousRowCounts });
      const result = buildRunRecord({ id: newId('run'), startedAt, finishedAt: deps.now(), actor, runs, useCases: ws.useCases });
      await recordReadinessRun(deps.store, result.record);
      return (await getReadinessRun(deps.store.db, result.record.id))!;
    } finally {
      await connections.closeAll();
    }
  } finally {
    deps.running.delete('readiness');
  }
}
