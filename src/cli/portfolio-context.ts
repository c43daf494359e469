// What the portfolio commands share: load the workspace keeping file origins, read the
// latest readiness score per use case from the store (when there is one), and turn a
// PortfolioError into a located CLI error (file:line: field: message).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../domain/workspace.js';
import type { PortfolioEvaluation } from '../portfolio/evaluate-portfolio.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import type { ReadinessInput } from '../portfolio/scoring.js';
import { latestStages } from '../store/decision-repository.js';
import { readinessInputs } from '../store/readiness-reads.js';
import { storeLocation } from '../store/store.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { formatPath, formatProblem, type Problem } from '../workspace/problem.js';
import { locate, type YamlFile } from '../workspace/yaml-file.js';
import { problemsError, withStore, type CliContext } from './context.js';
import { CliError, EXIT } from './output.js';

export interface LoadedWorkspace {
  workspace: Workspace;
  origins: Map<string, YamlFile>;
}

/**
 * The workspace with each use case at its current stage: the decision log's, when the store
 * has one (so `portfolio` and `roadmap` agree with `gate`, `status` and the server after an
 * advance), else the stage declared in its file.
 */
export async function loadForPortfolio(ctx: CliContext): Promise<LoadedWorkspace> {
  const { workspace, problems, origins } = await loadWorkspace(ctx.workspaceDir);
  if (!workspace) throw problemsError(problems);
  const stages = hasStore(ctx) ? await withStore(ctx, (store) => latestStages(store.db)) : new Map<string, string>();
  const useCases = workspace.useCases.map((u) => ({ ...u, stage: stages.get(u.id) ?? u.stage }));
  return { workspace: { ...workspace, useCases }, origins };
}

function hasStore(ctx: CliContext): boolean {
  const location = storeLocation(path.resolve(ctx.workspaceDir), ctx.env.TRACTION_DATABASE_URL);
  return location.kind !== 'sqlite' || existsSync(location.file);
}

/** The newest readiness_run score per use case; none when the workspace has no store yet. */
export async function readinessScores(ctx: CliContext): Promise<Map<string, ReadinessInput>> {
  if (!hasStore(ctx)) return new Map();
  return withStore(ctx, (store) => readinessInputs(store.db));
}

/** Runs `fn`, turning a PortfolioError into a CliError located in the file it came from. */
export function located<T>(loaded: LoadedWorkspace, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof PortfolioError)) throw e;
    const file = loaded.origins.get(e.useCaseId === undefined ? 'config:config' : `use_case:${e.useCaseId}`);
    if (!file) throw new CliError(e.useCaseId ? `use case ${e.useCaseId}: ${e.message}` : e.message, EXIT.usage);
    const at = locate(file, e.path);
    throw new CliError(formatProblem({ file: file.file, ...at, path: formatPath(e.path), message: e.message }), EXIT.usage);
  }
}

/**
 * The use cases the evaluation could not value, each problem located in its file. The files
 * validated, so these are failures only a valuation finds (a formula that divides by zero
 * at a drawn value); the commands show the others and exit 2.
 */
export function unvaluedProblems(loaded: LoadedWorkspace, evaluation: PortfolioEvaluation): { useCaseId: string; problem: Problem }[] {
  return evaluation.unvalued.flatMap((u) => {
    const file = loaded.origins.get(`use_case:${u.useCaseId}`);
    const where = (path: (string | number)[]) => (file ? { file: file.file, ...locate(file, path) } : { file: `use case ${u.useCaseId}`, line: 0, column: 0 });
    return u.problems.map((p) => ({ useCaseId: u.useCaseId, problem: { ...where(p.path), path: formatPath(p.path), message: p.message } }));
  });
}

export const money = (x: number | null | undefined): string | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x).toLocaleString('en-US'));
export const percent = (x: number | null | undefined, digits = 0): string | null => (x === null || x === undefined || !Number.isFinite(x) ? null : `${(x * 100).toFixed(digits)}%`);
