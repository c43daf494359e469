// What every command receives: where the workspace is, how to print, the environment, and
// helpers to load the workspace and open the store with the CLI's error conventions.
import path from 'node:path';
import type { Workspace } from '../domain/workspace.js';
import type { TractionEnv } from '../env.js';
import { asStoreUnavailable, openStore, storeLocation, type Store } from '../store/store.js';
import { formatProblem, type Problem } from '../workspace/problem.js';
import { CliError, EXIT, type Output } from './output.js';

export interface GlobalOptions {
  workspace?: string;
  json?: boolean;
}

export interface CliContext {
  out: Output;
  env: TractionEnv;
  workspaceDir: string;
  now: () => Date;
}

export function problemsError(problems: Problem[]): CliError {
  return new CliError(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in the workspace; nothing was written`,
    EXIT.usage,
    problems.map(formatProblem),
  );
}

export async function requireWorkspace(ctx: CliContext): Promise<Workspace> {
  // Loaded here, not with this module: reading YAML and checking formulas (yaml, mathjs) is
  // the cost only commands that read the files should pay (`traction status` reads the store).
  const { loadWorkspace } = await import('../workspace/load-workspace.js');
  const { workspace, problems } = await loadWorkspace(ctx.workspaceDir);
  if (!workspace) throw problemsError(problems);
  return workspace;
}

/** Opens the store for `fn` and closes it; a connection lost midway becomes a StoreUnavailableError naming the store. */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeLocation(path.resolve(ctx.workspaceDir), ctx.env.TRACTION_DATABASE_URL));
  try {
    return await fn(store);
  } catch (e) {
    throw asStoreUnavailable(store.location, e);
  } finally {
    await store.close();
  }
}
