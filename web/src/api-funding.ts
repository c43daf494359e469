// Roadmap scenarios and funding decisions, as src/server/routes/funding.ts answers them, and the
// calls the pages make (through api(), which sends the CSRF header on writes).
import { api } from './api';

export interface Scenario {
  id: string;
  name: string;
  description: string | null;
  budget_per_quarter: number | number[] | null;
  quarters: number | null;
  must_do: string[];
  must_not: string[];
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface ScenarioInput {
  name: string;
  description?: string;
  budget_per_quarter?: number;
  quarters?: number;
  must_do: string[];
  must_not: string[];
}

export interface FundedUseCase {
  id: string;
  title: string;
  quarters: string[];
  span: string;
  build: number;
  value: number;
}

export interface ScenarioSummary {
  scenario: Scenario;
  value: number;
  status: 'optimal' | 'time_limit';
  quarters: string[];
  per_quarter: { quarter: string; budget: number; spend: number; use_cases: string[] }[];
  funded: FundedUseCase[];
  left_out: { id: string; title: string; reason: string; would_take: string }[];
}

export interface Comparison {
  currency: string;
  scenarios: ScenarioSummary[];
  differences: { id: string; title: string; quarters: string[][] }[];
}

export interface FundingDecision {
  id: string;
  scenario: { id: string; name: string };
  at: string;
  actor: string;
  currency: string;
  value: number;
  quarters: string[];
  funded: FundedUseCase[];
  left_out: { id: string; reason: string }[];
}

export interface UseCaseFunding {
  id: string;
  funded: boolean;
  quarters: string[];
  span: string;
  reason: string | null;
  decision: { id: string; scenario: string; at: string; actor: string } | null;
}

const path = (id: string) => `/api/roadmap/scenarios/${encodeURIComponent(id)}`;

export const fundingKeys = {
  scenarios: ['roadmap', 'scenarios'] as const,
  compare: (ids: string[]) => ['roadmap', 'compare', ...ids] as const,
  decisions: ['funding', 'decisions'] as const,
  useCase: (id: string) => ['funding', 'use-case', id] as const,
};

export const listScenarios = () => api<{ items: Scenario[] }>('/api/roadmap/scenarios').then((r) => r.items);
export const createScenario = (body: ScenarioInput) => api<Scenario>('/api/roadmap/scenarios', { method: 'POST', body });
export const deleteScenario = (id: string) => api<void>(path(id), { method: 'DELETE' });
export const compareScenarios = (ids: string[]) => api<Comparison>(`/api/roadmap/compare?scenarios=${ids.map(encodeURIComponent).join(',')}`);
export const commitScenario = (id: string) => api<FundingDecision>(`${path(id)}/commit`, { method: 'POST' });
export const latestFundingDecision = () => api<{ items: FundingDecision[] }>('/api/funding/decisions?limit=1').then((r) => r.items[0] ?? null);
export const useCaseFunding = (id: string) => api<UseCaseFunding>(`/api/use-cases/${encodeURIComponent(id)}/funding`);
