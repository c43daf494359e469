// The portfolio and the roadmap computed from the store's definitions: what the server's
// portfolio cache (src/server/portfolio-cache.ts) caches and what the executive report reads,
// so the two show the same numbers. Each stored use case is checked as `traction validate`
// checks a file before it is valued: one that fails is listed in `evaluation.unvalued` with its
// problems and left out of the ranking and the plan. A PortfolioError (a definition the
// portfolio module cannot value) is thrown as it is: the caller phrases it.
import type { Kysely } from 'kysely';
import type { UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { evaluatePortfolio, type PortfolioEvaluation } from '../portfolio/evaluate-portfolio.js';
import type { RoadmapResult } from '../portfolio/roadmap.js';
import type { RoadmapInstance } from '../portfolio/roadmap-instance.js';
import { quadrantBars } from '../portfolio/scoring.js';
import type { Database } from '../store/database.js';
import { readinessInputs } from '../store/readiness-reads.js';
import { validationContext } from '../store/stored-workspace.js';
import { validateUseCase } from '../workspace/validate-use-case.js';

export interface PortfolioState {
  /** The stored workspace with only the use cases that pass validation. */
  workspace: Workspace;
  evaluation: PortfolioEvaluation;
  bars: { value: number; feasibility: number };
}

export interface RoadmapState {
  instance: RoadmapInstance;
  result: RoadmapResult;
}

/**
 * The planning time (local search and solver) of a plan the server makes, at most: the solver
 * runs on the request's thread, so a cap keeps one roadmap from stalling every other request.
 * A plan cut short says so (status time_limit, with the proven bound and gap, or none); the
 * CLI plans with traction.yaml's limit (30 s by default) for a proof where this is too short.
 */
export const SERVER_SOLVER_SECONDS = 3;

/** Values the accepted use cases of `stored` (store/stored-workspace.ts `portfolioWorkspace`) with the latest readiness scores. */
export async function computeStoredPortfolio(db: Kysely<Database>, stored: Workspace): Promise<PortfolioState> {
  const context = validationContext(stored);
  const useCases: UseCase[] = [];
  const invalid: PortfolioEvaluation['unvalued'] = [];
  for (const u of stored.useCases) {
    const { value, issues } = validateUseCase(u, context);
    if (value) useCases.push(value);
    else invalid.push({ useCaseId: u.id, problems: issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message })) });
  }
  const workspace = { ...stored, useCases };
  const readiness = await readinessInputs(db);
  const valued = evaluatePortfolio(useCases, workspace.config, { readiness });
  const evaluation = { ...valued, unvalued: [...invalid, ...valued.unvalued] };
  const bars = quadrantBars(workspace.config, [...evaluation.valuations.values()].map((v) => v.simulation.expectedNpv));
  return { workspace, evaluation, bars };
}
