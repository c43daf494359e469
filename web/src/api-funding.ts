// Roadmap scenarios and funding decisions, as src/server/routes/funding.ts answers them (aliases
// of the types generated from the API's OpenAPI document), and the calls the pages make (through
// api(), which sends the CSRF header on writes).
import { api, type Answer, type Body, type Item } from './api';

export type Scenario = Item<Answer<'/api/roadmap/scenarios'>['items']>;
export type ScenarioInput = Body<'/api/roadmap/scenarios'>;
export type Comparison = Answer<'/api/roadmap/compare'>;
export type ScenarioSummary = Item<Comparison['scenarios']>;
export type FundingDecision = Item<Answer<'/api/funding/decisions'>['items']>;
export type FundedUseCase = Item<FundingDecision['funded']>;
export type UseCaseFunding = Answer<'/api/use-cases/{id}/funding'>;

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
