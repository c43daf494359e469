// What serving costs, from what a run measured (pure: numbers in, numbers out).
// Self-hosted: instances are paid by the hour whether busy or not, so cost per request is
// the hourly bill over the requests served per hour at the measured load. Hosted API: paid
// per token, so cost per request is its tokens times the prices, at any load.
// A month is 730 hours (8,760 h / 12, the convention of AWS, Azure and GCP price pages).

import type { ModelPrice } from '../domain/usage.js';
import { findPrice } from '../usage/price-table.js';

export const HOURS_PER_MONTH = 730;

export type Pricing =
  | { kind: 'instance'; pricePerHour: number; instances: number }
  | { kind: 'tokens'; inputPer1M: number; outputPer1M: number };

/** The load the cost is computed at (normally the highest load that met the SLO). */
export interface LoadPoint {
  /** Successful requests per second. */
  requestsPerSecond: number;
  /** Mean input and output tokens per successful request. */
  meanInputTokens: number;
  meanOutputTokens: number;
}

export interface CostFigures {
  cost_per_request: number | null;
  cost_per_1k_requests: number | null;
  /** All cost (input tokens included) per million output tokens; null without output tokens. */
  cost_per_1m_output_tokens: number | null;
}

export function costFigures(pricing: Pricing, load: LoadPoint): CostFigures {
  let perRequest: number | null;
  if (pricing.kind === 'instance') {
    const hourly = pricing.pricePerHour * pricing.instances;
    perRequest = load.requestsPerSecond > 0 ? hourly / (load.requestsPerSecond * 3600) : null;
  } else {
    perRequest = (load.meanInputTokens * pricing.inputPer1M + load.meanOutputTokens * pricing.outputPer1M) / 1e6;
  }
  return {
    cost_per_request: perRequest,
    cost_per_1k_requests: perRequest === null ? null : perRequest * 1000,
    cost_per_1m_output_tokens: perRequest === null || load.meanOutputTokens <= 0 ? null : (perRequest / load.meanOutputTokens) * 1e6,
  };
}

export interface MonthlyCost {
  predictions_per_month: number;
  monthly_cost: number | null;
  /** Self-hosted only: deployments of `instances` needed to serve the volume at the measured rate. */
  deployments: number | null;
  /** Self-hosted only: the volume as a share of what the deployments can serve in a month. */
  utilisation: number | null;
}

/**
 * Monthly cost at a use case's expected volume. Self-hosted: whole deployments needed for the
 * average rate (volume / seconds in a month) at the measured capacity, each billed all month;
 * peaks above the average are not modelled (size with a sweep at the peak rate instead).
 * Hosted API: volume times cost per request.
 */
export function monthlyCost(pricing: Pricing, load: LoadPoint, predictionsPerMonth: number): MonthlyCost {
  if (pricing.kind === 'tokens') {
    const perRequest = costFigures(pricing, load).cost_per_request;
    return { predictions_per_month: predictionsPerMonth, monthly_cost: perRequest === null ? null : perRequest * predictionsPerMonth, deployments: null, utilisation: null };
  }
  const capacityPerMonth = load.requestsPerSecond * HOURS_PER_MONTH * 3600;
  if (capacityPerMonth <= 0) return { predictions_per_month: predictionsPerMonth, monthly_cost: null, deployments: null, utilisation: null };
  const deployments = Math.max(1, Math.ceil(predictionsPerMonth / capacityPerMonth));
  return {
    predictions_per_month: predictionsPerMonth,
    monthly_cost: deployments * pricing.instances * pricing.pricePerHour * HOURS_PER_MONTH,
    deployments,
    utilisation: predictionsPerMonth / (deployments * capacityPerMonth),
  };
}

/**
 * Token pricing for `model` from the workspace's price table (traction.yaml `prices:`), the
 * one telemetry ingest costs spans with, at the price in force on `day`; null when none applies.
 * Cached input is not modelled by a load test, so only the input and output prices are used.
 */
export function tokenPricingFromTable(prices: readonly ModelPrice[], model: string, day: string): Pricing | null {
  const p = findPrice(prices, model, day);
  return p ? { kind: 'tokens', inputPer1M: p.input_per_1m, outputPer1M: p.output_per_1m } : null;
}
