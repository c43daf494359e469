// Test helper (imported by tests only): a UsageDay with everything but the day, users and
// requests at neutral values.
import type { UsageDay } from '../domain/usage.js';

export function usageDay(day: string, users: string[], requests = users.length, more: Partial<UsageDay> = {}): UsageDay {
  return {
    useCaseId: 'uc',
    day,
    requests,
    errors: {},
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    unpricedRequests: 0,
    users,
    departments: {},
    models: {},
    latencyMs: null,
    ttftMs: null,
    ...more,
  };
}

/** n distinct pseudonymous ids with a prefix: ids('s', 3) = s0, s1, s2. */
export const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
