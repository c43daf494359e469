// What the portfolio commands share: load the workspace keeping file origins, read the
// latest readiness score per use case from the store (when there is one), and turn a
// PortfolioError into a located CLI error (file:line: field: message).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../domain/workspace.js';
import { readinessRunPayloadSchema } from '../domain/evidence.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import type { ReadinessInput } from '../portfolio/scoring.js';
import { listEvidence } from '../store/evidence-repository.js';
import { storeLocation } from '../store/store.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { formatPath, formatProblem } from '../workspace/problem.js';
import { locate, type YamlFile } from '../workspace/yaml-file.js';
import { problemsError, withStore, type CliContext } from './context.js';
import { CliError, EXIT } from './output.js';

export interface LoadedWorkspace {
  workspace: Workspace;
  origins: Map<string, YamlFile>;
}

export async function loadForPortfolio(ctx: CliContext): Promise<LoadedWorkspace> {
  const { workspace, problems, origins } = await loadWorkspace(ctx.workspaceDir);
  if (!workspace) throw problemsError(problems);
  return { workspace, origins };
}

/** The newest readiness_run score per use case; none when the workspace has no store yet. */
export async function readinessScores(ctx: CliContext): Promise<Map<string, ReadinessInput>> {
  const location = storeLocation(path.resolve(ctx.workspaceDir), ctx.env.TRACTION_DATABASE_URL);
  if (location.kind === 'sqlite' && !existsSync(location.file)) return new Map();
  const evidence = await withStore(ctx, (store) => listEvidence(store.db, { kind: 'readiness_run' }));
  const out = new Map<string, ReadinessInput>();
  for (const e of evidence) {
    const payload = readinessRunPayloadSchema.safeParse(e.payload);
    if (payload.success) out.set(e.useCaseId, { score: payload.data.score, source: payload.data.run_id }); // ordered by time: newest wins
  }
  return out;
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

export const money = (x: number | null | undefined): string | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x).toLocaleString('en-US'));
export const percent = (x: number | null | undefined, digits = 0): string | null => (x === null || x === undefined || !Number.isFinite(x) ? null : `${(x * 100).toFixed(digits)}%`);
