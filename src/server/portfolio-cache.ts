// The portfolio, computed from the store's definitions and latest readiness scores, cached the way
// the use-case list is: every request reads a cheap fingerprint of the store (store-fingerprint.ts:
// one row the database raises with every write to definitions, evidence, decisions and proposals);
// while it is unchanged the evaluation already made is reused. Concurrent requests share one
// computation. Roadmaps: every plan the server makes (GET /api/roadmap, a scenario's plan, a
// comparison, a commitment) goes through one plan cache keyed by the plan's inputs
// (application/roadmap-plan-cache.ts), and the answer of GET /api/roadmap is kept serialised per
// evaluation and overrides, so a read after the first costs the fingerprint query only. Gate holds
// are read once per evaluation. Each stored use case is checked as `traction validate` checks a
// file before it is valued: one that fails (a row written around the API, a definition from an
// older version) is listed in `evaluation.unvalued` with its problems and left out of the ranking
// and the plan; the others still answer.
import type { Kysely } from 'kysely';
import { gateHolds, planScenario, type PlanOptions } from '../application/roadmap.js';
import { RoadmapPlanCache } from '../application/roadmap-plan-cache.js';
import { computeStoredPortfolio, SERVER_SOLVER_SECONDS, type PortfolioState, type RoadmapState } from '../application/stored-portfolio.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import type { RoadmapOverrides } from '../portfolio/roadmap-instance.js';
import type { Database } from '../store/database.js';
import { storeFingerprint } from '../store/store-fingerprint.js';
import { CachedBody } from './cached-body.js';
import { ApiError } from './errors.js';
import { loadPortfolioWorkspace } from './stored-workspace.js';

export { SERVER_SOLVER_SECONDS, type PortfolioState, type RoadmapState } from '../application/stored-portfolio.js';

const MAX_ROADMAPS = 16;

type Holds = Record<string, { reason: string; remedy: string }>;

export class PortfolioCache {
  private fingerprint = '';
  private state: Promise<PortfolioState> | undefined;
  /** Every plan the server makes, by its inputs. */
  readonly plans = new RoadmapPlanCache();
  /** Per evaluation: sign-offs are evidence and stages move by decisions, both in the fingerprint. */
  private readonly holds = new WeakMap<PortfolioState, Promise<Holds>>();
  /** GET /api/roadmap's answers per evaluation and overrides, a bounded number of them. */
  private readonly roadmapBodies = new WeakMap<PortfolioState, Map<string, Promise<CachedBody>>>();
  private readonly serialised = new WeakMap<PortfolioState, CachedBody>();

  constructor(private readonly workspaceRoot: string) {}

  /**
   * The evaluation under the store's fingerprint: `fingerprint` when the request read it already
   * (with its principal: request-lookups.ts), else read now.
   */
  async portfolio(db: Kysely<Database>, fingerprint?: string): Promise<PortfolioState> {
    fingerprint ??= await storeFingerprint(db);
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
  async portfolioBody(db: Kysely<Database>, view: (s: PortfolioState) => unknown, fingerprint?: string): Promise<CachedBody> {
    const state = await this.portfolio(db, fingerprint);
    let body = this.serialised.get(state);
    if (body === undefined) this.serialised.set(state, (body = new CachedBody(view(state))));
    return body;
  }

  /** The use cases a gate rejection holds back (application/roadmap.ts), read once per evaluation. */
  gateHolds(db: Kysely<Database>, state: PortfolioState): Promise<Holds> {
    let holds = this.holds.get(state);
    if (!holds) {
      this.holds.set(state, (holds = gateHolds(db, state.workspace)));
      holds.catch(() => this.holds.delete(state));
    }
    return holds;
  }

  /** How the server plans: within its time cap, the search sharing it, through the plan cache. */
  async planOptions(db: Kysely<Database>, state: PortfolioState): Promise<PlanOptions> {
    const timeLimitSeconds = Math.min(state.workspace.config.roadmap?.time_limit_seconds ?? SERVER_SOLVER_SECONDS, SERVER_SOLVER_SECONDS);
    return { timeLimitSeconds, clock: () => performance.now(), cache: this.plans, holds: await this.gateHolds(db, state) };
  }

  /** The plan GET /api/roadmap answers with under traction.yaml, as a value (the executive report's). */
  async roadmap(db: Kysely<Database>): Promise<RoadmapState> {
    const state = await this.portfolio(db);
    return asApiErrorAsync(planScenario(db, state, undefined, await this.planOptions(db, state)));
  }

  /** The answer of GET /api/roadmap under traction.yaml (budget and quarters may be overridden), serialised once. */
  async roadmapBody(db: Kysely<Database>, overrides: Pick<RoadmapOverrides, 'quarters' | 'budgetPerQuarter'>, view: (r: RoadmapState, s: PortfolioState) => unknown, fingerprint?: string): Promise<CachedBody> {
    const state = await this.portfolio(db, fingerprint);
    const key = JSON.stringify(overrides);
    let bodies = this.roadmapBodies.get(state);
    if (!bodies) this.roadmapBodies.set(state, (bodies = new Map()));
    let body = bodies.get(key);
    if (!body) {
      if (bodies.size >= MAX_ROADMAPS) bodies.clear();
      body = this.planOptions(db, state).then((options) => asApiErrorAsync(planScenario(db, state, undefined, options, overrides)).then((plan) => new CachedBody(view(plan, state))));
      bodies.set(key, body);
      body.catch(() => bodies.delete(key));
    }
    return body;
  }

  private async compute(db: Kysely<Database>): Promise<PortfolioState> {
    // Proposals not yet accepted are neither ranked nor planned (store/stored-workspace.ts).
    const stored = await loadPortfolioWorkspace(db, this.workspaceRoot);
    return asApiErrorAsync(computeStoredPortfolio(db, stored));
  }

}

/** A problem in the stored definitions, named by use case and field, as a 422 the caller can act on. */
function asApiError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof PortfolioError)) throw e;
    const where = e.useCaseId === undefined ? 'traction.yaml' : `use case ${e.useCaseId}`;
    const field = e.path.join('.');
    throw new ApiError(422, 'invalid_workspace', `${where}${field ? `, field ${field}` : ''}: ${e.message}`, field || undefined);
  }
}

/** The same for a plan made asynchronously. */
async function asApiErrorAsync<T>(made: Promise<T>): Promise<T> {
  try {
    return await made;
  } catch (e) {
    return asApiError(() => {
      throw e;
    });
  }
}
