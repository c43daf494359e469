// Values and scores every use case of a workspace: the business case at likely values, the
// Monte Carlo simulation and the tornado, then the scores and quadrants. Each use case gets
// its own random stream derived from the seed and its id, so adding a use case does not
// change the numbers of the others. A use case that cannot be valued (a formula that fails
// on a drawn value, say) is set aside with its problem, never taking the others down.
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { buildBusinessCase, type BusinessCaseModel } from './business-case.js';
import { DEFAULT_DRAWS, simulate, type Simulation } from './monte-carlo.js';
import { seededRandom } from './random.js';
import { scorePortfolio, type ReadinessInput, type ScoredUseCase } from './scoring.js';
import { tornado, type TornadoBar } from './sensitivity.js';
import { likelyCase, type LikelyCase } from './valuation.js';
import { PortfolioError } from './portfolio-error.js';

export interface UseCaseValuation {
  useCase: UseCase;
  model: BusinessCaseModel;
  likely: LikelyCase;
  simulation: Simulation;
  tornado: TornadoBar[];
}

/** A use case left out of the valuation, ranking and roadmap, with why (field path and message). */
export interface UnvaluedUseCase {
  useCaseId: string;
  problems: { path: (string | number)[]; message: string }[];
}

export interface PortfolioEvaluation {
  valuations: Map<string, UseCaseValuation>;
  /** Highest total score first; only use cases that could be valued. */
  ranking: ScoredUseCase[];
  /** Use cases that could not be valued, in input order. */
  unvalued: UnvaluedUseCase[];
  draws: number;
  seed: number;
}

export interface EvaluateOptions {
  readiness?: ReadonlyMap<string, ReadinessInput>;
  draws?: number;
  seed?: number;
}

export function valueUseCase(u: UseCase, config: WorkspaceConfig, draws: number, seed: number): UseCaseValuation {
  const model = buildBusinessCase(u, { discountRate: config.discount_rate, horizonMonths: config.horizon_months });
  return { useCase: u, model, likely: likelyCase(model), simulation: simulate(model, seededRandom(streamSeed(seed, u.id)), draws), tornado: tornado(model) };
}

export function evaluatePortfolio(useCases: UseCase[], config: WorkspaceConfig, options: EvaluateOptions = {}): PortfolioEvaluation {
  const draws = options.draws ?? config.simulation?.draws ?? DEFAULT_DRAWS;
  const seed = options.seed ?? config.simulation?.seed ?? 1;
  const valuations = new Map<string, UseCaseValuation>();
  const unvalued: UnvaluedUseCase[] = [];
  for (const u of useCases) {
    try {
      valuations.set(u.id, valueUseCase(u, config, draws, seed));
    } catch (e) {
      // Only a problem of this use case's own definition; anything else is a bug to surface.
      if (!(e instanceof PortfolioError) || e.useCaseId !== u.id) throw e;
      unvalued.push({ useCaseId: u.id, problems: [{ path: e.path, message: e.message }] });
    }
  }
  const valued = useCases.filter((u) => valuations.has(u.id));
  const expectedNpv = new Map([...valuations].map(([id, v]) => [id, v.simulation.expectedNpv]));
  const ranking = scorePortfolio({ useCases: valued, config, expectedNpv, ...(options.readiness ? { readiness: options.readiness } : {}) });
  return { valuations, ranking, unvalued, draws, seed };
}

/** FNV-1a (32-bit) of the id, mixed with the seed: a stable per-use-case stream. */
export function streamSeed(seed: number, id: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
