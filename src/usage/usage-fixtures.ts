// Test helpers (imported by tests only): a UsageDay with everything but the day, users and
// requests at neutral values, and a valid use case with a business case to compare against.
import type { UsageDay } from '../domain/usage.js';
import { useCaseSchema, type UseCase } from '../domain/use-case.js';

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

/** Costs: build 12000; run 600/900/1800 (PERT mean 1000); 0.02 per prediction x 4000/5000/9000 (mean 5500). */
export function testUseCase(more: Record<string, unknown> = {}): UseCase {
  return useCaseSchema.parse({
    id: 'uc',
    title: 'Use case',
    problem: 'p',
    objective: 'o',
    owner: 'o',
    sponsor: 's',
    department: 'd',
    team: 't',
    costs: { build: 12000, run_monthly: { low: 600, likely: 900, high: 1800 }, per_prediction: 0.02, predictions_per_month: { low: 4000, likely: 5000, high: 9000 } },
    probability_of_success: 0.5,
    effort_person_weeks: 1,
    risk: { eu_ai_act: 'minimal' },
    ...more,
  });
}
