import { describe, expect, it } from 'vitest';
import type { ModelPrice } from '../domain/usage.js';
import { findPrice, tokenCost } from './price-table.js';

const P = (model: string, valid_from: string, input = 1, output = 2, cached?: number): ModelPrice => ({ model, input_per_1m: input, output_per_1m: output, valid_from, ...(cached !== undefined ? { cached_input_per_1m: cached } : {}) });

describe('price table', () => {
  const table = [P('gpt-4o*', '2026-01-01', 5), P('gpt-4o-mini*', '2026-01-01', 0.15), P('gpt-4o-mini*', '2026-03-01', 0.1), P('gpt-4o-mini-2024-07-18', '2026-02-01', 0.12)];

  it('uses the price in force on the day: the newest valid_from not after it', () => {
    expect(findPrice(table, 'gpt-4o-mini-x', '2026-02-28')?.input_per_1m).toBe(0.15);
    expect(findPrice(table, 'gpt-4o-mini-x', '2026-03-01')?.input_per_1m).toBe(0.1);
    expect(findPrice(table, 'gpt-4o-mini-x', '2025-12-31')).toBeUndefined();
  });

  it('prefers an exact name over a pattern, and a longer pattern over a shorter; matches case-insensitively', () => {
    expect(findPrice(table, 'gpt-4o-mini-2024-07-18', '2026-03-05')?.input_per_1m).toBe(0.12);
    expect(findPrice(table, 'GPT-4o-2024-08-06', '2026-03-05')?.input_per_1m).toBe(5);
    expect(findPrice(table, 'claude', '2026-03-05')).toBeUndefined();
    expect(findPrice([P('a.b*', '2026-01-01')], 'aXb', '2026-03-05')).toBeUndefined(); // the dot is literal
  });

  it('costs a request by hand: uncached input, cached input and output at their prices per million', () => {
    // 1,000 input of which 400 cached, 200 output at 2.5 / 1.25 / 10 per 1M:
    // 600 * 2.5 + 400 * 1.25 + 200 * 10 = 1,500 + 500 + 2,000 = 4,000 per 1M -> 0.004.
    expect(tokenCost(P('m', '2026-01-01', 2.5, 10, 1.25), { input: 1000, output: 200, cachedInput: 400 })).toBeCloseTo(0.004, 15);
    // Without a cached price, cached input costs the input price; more cached than input is capped.
    expect(tokenCost(P('m', '2026-01-01', 2, 8), { input: 100, output: 0, cachedInput: 500 })).toBeCloseTo(0.0002, 15);
  });
});
