import { describe, expect, it } from 'vitest';
import { backoffDelayMs, nextAttempt } from './backoff.js';

const policy = { maxAttempts: 5, baseMs: 1000, capMs: 10_000 };

describe('backoff with equal jitter (Brooker 2015)', () => {
  it('doubles the window per attempt, between half and all of it, up to the cap', () => {
    // temp = min(cap, base * 2^(attempt-1)); delay in [temp/2, temp]
    const expected = [1000, 2000, 4000, 8000, 10_000, 10_000];
    expected.forEach((temp, i) => {
      expect(backoffDelayMs(i + 1, policy, () => 0)).toBe(temp / 2);
      expect(backoffDelayMs(i + 1, policy, () => 0.999999)).toBeCloseTo(temp, -1);
      expect(backoffDelayMs(i + 1, policy, () => 0.5)).toBe(0.75 * temp);
    });
  });

  it('never retries at once, however small the base', () => {
    expect(backoffDelayMs(1, { baseMs: 0.001, capMs: 1 }, () => 0)).toBeGreaterThanOrEqual(1);
  });

  it('gives up after the last attempt', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextAttempt(4, policy, now, () => 0)).toEqual({ retryAt: new Date(now.getTime() + 4000) });
    expect(nextAttempt(5, policy, now, () => 0)).toEqual({ dead: true });
  });
});
