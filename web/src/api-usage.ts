// Shapes (aliases of the types generated from the API's OpenAPI document) of the usage resources, as src/server/routes/usage.ts answers them.
import type { Answer, Item } from './api';
export type UsageFlag = Item<UseCaseUsage['flags']>;
export type Quantiles = NonNullable<UseCaseUsage['latency']['last_7_days']>;

export type UseCaseUsage = Answer<'/api/use-cases/{id}/usage'>;

export type PortfolioUsage = Answer<'/api/usage'>;

/** The flags in plain words. */
export const FLAG_WORDS: Record<UsageFlag, string> = {
  no_use: 'Not used in the last 14 days',
  falling_use: 'Use is falling',
  over_budget: 'Over budget this month, or on course to be',
  unpriced_models: 'Some models have no price',
};
