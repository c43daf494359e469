// Cost figures against hand computations (worked out in the comments).
import { describe, expect, it } from 'vitest';
import { costFigures, monthlyCost, tokenPricingFromTable } from './cost-model.js';

describe('cost model', () => {
  it('self-hosted: hourly bill over requests served per hour', () => {
    // 2 instances x $4.10/h = $8.20/h. 25 req/s = 90,000 req/h -> $8.20 / 90,000 = $0.0000911111 per request,
    // $0.0911111 per 1k. 25 req/s x 200 output tokens = 5,000 tok/s = 18,000,000 tok/h -> $8.20 / 18 = $0.455556 per 1M.
    const f = costFigures({ kind: 'instance', pricePerHour: 4.1, instances: 2 }, { requestsPerSecond: 25, meanInputTokens: 500, meanOutputTokens: 200 });
    expect(f.cost_per_1k_requests).toBeCloseTo(0.0911111, 6);
    expect(f.cost_per_1m_output_tokens).toBeCloseTo(0.455556, 5);
  });

  it('hosted API: tokens times prices, independent of load', () => {
    // 500 input x $3/1M + 200 output x $15/1M = $0.0015 + $0.003 = $0.0045 per request = $4.50 per 1k;
    // per 1M output tokens: $0.0045 / 200 x 1,000,000 = $22.50.
    const pricing = { kind: 'tokens' as const, inputPer1M: 3, outputPer1M: 15 };
    const f = costFigures(pricing, { requestsPerSecond: 3, meanInputTokens: 500, meanOutputTokens: 200 });
    expect(f.cost_per_1k_requests).toBeCloseTo(4.5, 10);
    expect(f.cost_per_1m_output_tokens).toBeCloseTo(22.5, 10);
    // 2,000,000 predictions x $0.0045 = $9,000 a month.
    expect(monthlyCost(pricing, { requestsPerSecond: 3, meanInputTokens: 500, meanOutputTokens: 200 }, 2_000_000).monthly_cost).toBeCloseTo(9000, 6);
  });

  it('self-hosted monthly: whole deployments for the average rate, billed 730 h', () => {
    // Capacity at 25 req/s: 25 x 730 x 3600 = 65,700,000 a month. 100,000,000 predictions need 2 deployments
    // of 2 instances: 2 x 2 x $4.10 x 730 = $11,972; utilisation 100M / 131.4M = 0.761035.
    const m = monthlyCost({ kind: 'instance', pricePerHour: 4.1, instances: 2 }, { requestsPerSecond: 25, meanInputTokens: 0, meanOutputTokens: 0 }, 100_000_000);
    expect(m.deployments).toBe(2);
    expect(m.monthly_cost).toBeCloseTo(11972, 6);
    expect(m.utilisation).toBeCloseTo(0.761035, 5);
    // A small volume still pays for one deployment: 1 x 2 x 4.10 x 730 = $5,986.
    expect(monthlyCost({ kind: 'instance', pricePerHour: 4.1, instances: 2 }, { requestsPerSecond: 25, meanInputTokens: 0, meanOutputTokens: 0 }, 1000).monthly_cost).toBeCloseTo(5986, 6);
  });

  it('has no figure where it cannot have one', () => {
    const none = costFigures({ kind: 'instance', pricePerHour: 1, instances: 1 }, { requestsPerSecond: 0, meanInputTokens: 1, meanOutputTokens: 1 });
    expect(none).toEqual({ cost_per_request: null, cost_per_1k_requests: null, cost_per_1m_output_tokens: null });
    const embeddings = costFigures({ kind: 'tokens', inputPer1M: 0.1, outputPer1M: 0 }, { requestsPerSecond: 5, meanInputTokens: 1000, meanOutputTokens: 0 });
    expect(embeddings.cost_per_1k_requests).toBeCloseTo(0.1, 12); // 1000 x 0.1/1M x 1000
    expect(embeddings.cost_per_1m_output_tokens).toBeNull();
  });
});

describe('token pricing from the price table', () => {
  it('takes the price in force on the day for the model, or none', () => {
    const prices = [
      { model: 'gpt-4o-mini*', input_per_1m: 0.15, output_per_1m: 0.6, valid_from: '2026-01-01' },
      { model: 'gpt-4o-mini*', input_per_1m: 0.1, output_per_1m: 0.4, valid_from: '2026-03-01' },
    ];
    expect(tokenPricingFromTable(prices, 'gpt-4o-mini-2024-07-18', '2026-02-15')).toEqual({ kind: 'tokens', inputPer1M: 0.15, outputPer1M: 0.6 });
    expect(tokenPricingFromTable(prices, 'gpt-4o-mini', '2026-03-15')).toEqual({ kind: 'tokens', inputPer1M: 0.1, outputPer1M: 0.4 });
    expect(tokenPricingFromTable(prices, 'llama', '2026-03-15')).toBeNull();
    // 1,000 input and 200 output tokens at 0.15 / 0.6 per 1M: (150 + 120) / 1e6 per request.
    expect(costFigures(tokenPricingFromTable(prices, 'gpt-4o-mini', '2026-02-01')!, { requestsPerSecond: 1, meanInputTokens: 1000, meanOutputTokens: 200 }).cost_per_request).toBeCloseTo(0.00027, 12);
  });
});
