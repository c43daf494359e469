// Use cases and configs for portfolio tests, built through the real zod schemas so defaults apply.
import { useCaseSchema, type UseCase } from '../../src/domain/use-case.js';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../src/domain/workspace-config.js';

export function makeUseCase(overrides: Record<string, unknown> = {}): UseCase {
  return useCaseSchema.parse({
    id: 'uc',
    title: 'A use case',
    problem: 'p',
    objective: 'o',
    owner: 'owner@example.com',
    sponsor: 'sponsor@example.com',
    department: 'Ops',
    team: 'data',
    value_streams: [{ id: 'vs', name: 'Value', kind: 'cost_saving', formula: 'hours * rate', inputs: { hours: 100, rate: 50 } }],
    costs: { build: 10000, run_monthly: 100 },
    probability_of_success: 1,
    effort_person_weeks: 10,
    risk: { eu_ai_act: 'minimal' },
    ...overrides,
  });
}

export function makeConfig(overrides: Record<string, unknown> = {}): WorkspaceConfig {
  return workspaceConfigSchema.parse({
    organisation: 'Test',
    currency: 'EUR',
    discount_rate: 0.1,
    horizon_months: 36,
    start_quarter: '2027-Q1',
    quarters: 4,
    budget_per_quarter: 100000,
    teams: [{ id: 'data', name: 'Data', capacity_person_weeks_per_quarter: 40, skills: ['ml'] }],
    ...overrides,
  });
}
