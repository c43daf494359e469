// Values and scores every use case of a workspace: the business case at likely values, the
// Monte Carlo simulation and the tornado, then the scores and quadrants. Each use case gets
// its own random stream derived from the seed and its id, so adding a use case does not
// change the numbers of the others.
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { buildBusinessCase, type BusinessCaseModel } from './business-case.js';
import { DEFAULT_DRAWS, simulate, type Simulation } from './monte-carlo.js';
import { seededRandom } from './random.js';
import { scorePortfolio, type ReadinessInput, type ScoredUseCase } from './scoring.js';
import { tornado, type TornadoBar } from './sensitivity.js';
import { likelyCase, type LikelyCase } from './valuation.js';

export interface UseCaseValuation {
  useCase: UseCase;
  model: BusinessCaseModel;
  likely: LikelyCase;
  simulation: Simulation;
  tornado: TornadoBar[];
}

export interface PortfolioEvaluation {
  valuations: Map<string, UseCaseValuation>;
  /** Highest total score first. */
  ranking: ScoredUseCase[];
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
  const valuations = new Map(useCases.map((u) => [u.id, valueUseCase(u, config, draws, seed)]));
  const expectedNpv = new Map([...valuations].map(([id, v]) => [id, v.simulation.expectedNpv]));
  const ranking = scorePortfolio({ useCases, config, expectedNpv, ...(options.readiness ? { readiness: options.readiness } : {}) });
  return { valuations, ranking, draws, seed };
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
