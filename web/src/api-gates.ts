// Shapes (aliases of the types generated from the API's OpenAPI document) of the gate resources, as
// src/server/routes/gates.ts answers them, and the calls the use-case page makes for them.
import { api, type Answer, type Body, type Item, type Page } from './api';
export type CriterionStatus = Item<GateEvaluation['criteria']>['status'];

type GeneratedEvaluation = NonNullable<Answer<'/api/use-cases/{id}/gate'>['evaluation']>;
// The API documents a criterion's definition as an open object; a sign-off criterion names its roles.
type Criterion = Omit<Item<GeneratedEvaluation['criteria']>, 'criterion'> & { criterion: Record<string, unknown> & { roles?: Item<Answer<'/api/use-cases/{id}/gate'>['your_roles']>[] } };
export type GateEvaluation = Omit<GeneratedEvaluation, 'criteria'> & { criteria: Criterion[] };

export type GateView = Omit<Answer<'/api/use-cases/{id}/gate'>, 'evaluation'> & { evaluation: GateEvaluation | null };

type GeneratedLogEntry = Item<Answer<'/api/decisions'>['items']>;
type GeneratedDecision = Answer<'/api/use-cases/{id}/advance', 'post', 201>['decision'];
export type Decision = Omit<GeneratedDecision, 'evaluation'> & { evaluation: GateEvaluation };
/** The decision log holds stage transitions and funding decisions (committed roadmap scenarios). */
export type FundingLogEntry = Extract<GeneratedLogEntry, { kind: 'funding' }>;
export type DecisionLogEntry = (Decision & { kind: 'stage' }) | FundingLogEntry;

export type SignoffRecord = Item<Answer<'/api/use-cases/{id}/signoffs'>['items']>;

/** The roles a sign-off criterion still waits for (none rejected); empty otherwise. */
export type WaitingFor = string[];

export type GateViewWithActions = GateView & Pick<Answer<'/api/use-cases/{id}/gate'>, 'may_advance' | 'may_override'>;

export type RubricSheet = Answer<'/api/use-cases/{id}/rubric'>;

export type RubricAnswer = Item<Body<'/api/use-cases/{id}/rubric'>['answers']>;
const base = (id: string) => `/api/use-cases/${encodeURIComponent(id)}`;

export const gateKey = (id: string) => ['gate', id] as const;
export const rubricKey = (id: string) => ['rubric', id] as const;
export const decisionsKey = (id: string) => ['decisions', id] as const;

export const fetchGate = (id: string) => api<GateViewWithActions>(`${base(id)}/gate`);
export const signOff = (id: string, body: { role: string; decision: 'approve' | 'reject'; note?: string }) => api<{ signoff: SignoffRecord; gate: GateEvaluation }>(`${base(id)}/signoffs`, { method: 'POST', body });
export const advanceUseCase = (id: string, body: { to?: string; override?: { reason: string } }) => api<{ decision: Decision; gate: GateEvaluation }>(`${base(id)}/advance`, { method: 'POST', body });
export const fetchRubric = (id: string) => api<RubricSheet>(`${base(id)}/rubric`);
export const answerRubric = (id: string, answers: RubricAnswer[]) => api<RubricSheet>(`${base(id)}/rubric`, { method: 'POST', body: { answers } });
export const fetchDecisions = (id: string) => api<Page<DecisionLogEntry>>(`/api/decisions?use_case=${encodeURIComponent(id)}&limit=50`);
export const signoffsKey = (id: string) => ['signoffs', id] as const;
export const fetchSignoffs = (id: string) => api<{ items: SignoffRecord[] }>(`${base(id)}/signoffs`);
