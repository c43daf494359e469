// The portfolio, computed from the store's definitions and latest readiness scores, cached
// the way the use-case list is: every request reads a cheap fingerprint of the store
// (store-fingerprint.ts: definitions, readiness runs and decisions); while it is unchanged the evaluation
// already made is reused. Concurrent requests share one computation. Roadmaps are cached per
// fingerprint and overrides, a bounded number of them. Each stored use case is checked as
// `traction validate` checks a file before it is valued: one that fails (a row written around
// the API, a definition from an older version) is listed in `evaluation.unvalued` with its
// problems and left out of the ranking and the plan; the others still answer.
import type { Highs } from 'highs';
import type { Kysely } from 'kysely';
import { computeStoredPortfolio, planStoredRoadmap, type PortfolioState, type RoadmapState } from '../application/stored-portfolio.js';
import { loadHighs } from '../portfolio/load-highs.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import type { RoadmapOverrides } from '../portfolio/roadmap-instance.js';
import type { Database } from '../store/database.js';
import { storeFingerprint } from '../store/store-fingerprint.js';
import { CachedBody } from './cached-body.js';
import { ApiError } from './errors.js';
import { loadPortfolioWorkspace } from './stored-workspace.js';

export { SERVER_SOLVER_SECONDS, type PortfolioState, type RoadmapState } from '../application/stored-portfolio.js';

const MAX_ROADMAPS = 16;

export class PortfolioCache {
  private fingerprint = '';
  private state: Promise<PortfolioState> | undefined;
  /** Per evaluation, so a roadmap never outlives the portfolio it was planned from. */
  private readonly roadmaps = new WeakMap<PortfolioState, Map<string, Promise<RoadmapState>>>();
  private highs: Promise<Highs> | undefined;
  private readonly serialised = new WeakMap<PortfolioState, CachedBody>();

  constructor(private readonly workspaceRoot: string) {}

  async portfolio(db: Kysely<Database>): Promise<PortfolioState> {
    const fingerprint = await storeFingerprint(db);
    if (fingerprint !== this.fingerprint || !this.state) {
      this.fingerprint = fingerprint;
      this.state = this.compute(db);
      // A failed computation (bad definitions) is not kept: the next request tries again.
      this.state.catch(() => {
        if (this.fingerprint === fingerprint) this.state = undefined;
      });
    }
    return this.state;
  }

  /** The answer of GET /api/portfolio, serialised once per evaluation: the hot path (benchmarks/api-bench.ts). */
  async portfolioBody(db: Kysely<Database>, view: (s: PortfolioState) => unknown): Promise<CachedBody> {
    const state = await this.portfolio(db);
    let body = this.serialised.get(state);
    if (body === undefined) this.serialised.set(state, (body = new CachedBody(view(state))));
    return body;
  }

  async roadmap(db: Kysely<Database>, overrides: RoadmapOverrides): Promise<{ state: PortfolioState; roadmap: RoadmapState }> {
    const state = await this.portfolio(db);
    const key = JSON.stringify(overrides);
    let plans = this.roadmaps.get(state);
    if (!plans) this.roadmaps.set(state, (plans = new Map()));
    let planned = plans.get(key);
    if (!planned) {
      if (plans.size >= MAX_ROADMAPS) plans.clear();
      planned = this.plan(state, overrides);
      plans.set(key, planned);
      planned.catch(() => plans.delete(key));
    }
    return { state, roadmap: await planned };
  }

  private async compute(db: Kysely<Database>): Promise<PortfolioState> {
    // Proposals not yet accepted are neither ranked nor planned (store/stored-workspace.ts).
    const stored = await loadPortfolioWorkspace(db, this.workspaceRoot);
    try {
      return await computeStoredPortfolio(db, stored);
    } catch (e) {
      throw asApiError(e);
    }
  }

  private async plan(state: PortfolioState, overrides: RoadmapOverrides): Promise<RoadmapState> {
    const highs = await (this.highs ??= loadHighs());
    try {
      return planStoredRoadmap(state, highs, overrides);
    } catch (e) {
      throw asApiError(e);
    }
  }
}

/** A problem in the stored definitions, named by use case and field, as a 422 the caller can act on; anything else as it is. */
function asApiError(e: unknown): unknown {
  if (!(e instanceof PortfolioError)) return e;
  const where = e.useCaseId === undefined ? 'traction.yaml' : `use case ${e.useCaseId}`;
  const field = e.path.join('.');
  return new ApiError(422, 'invalid_workspace', `${where}${field ? `, field ${field}` : ''}: ${e.message}`, field || undefined);
}
