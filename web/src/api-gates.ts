// Shapes (aliases of the types generated from the API's OpenAPI document) of the gate resources, as src/server/routes/gates.ts answers them.
import type { Answer, Item } from './api';
export type CriterionStatus = Item<GateEvaluation['criteria']>['status'];

type GeneratedEvaluation = NonNullable<Answer<'/api/use-cases/{id}/gate'>['evaluation']>;
// The API documents a criterion's definition as an open object; a sign-off criterion names its roles.
type Criterion = Omit<Item<GeneratedEvaluation['criteria']>, 'criterion'> & { criterion: Record<string, unknown> & { roles?: Item<Answer<'/api/use-cases/{id}/gate'>['your_roles']>[] } };
export type GateEvaluation = Omit<GeneratedEvaluation, 'criteria'> & { criteria: Criterion[] };

export type GateView = Omit<Answer<'/api/use-cases/{id}/gate'>, 'evaluation'> & { evaluation: GateEvaluation | null };

type GeneratedDecision = Item<Answer<'/api/decisions'>['items']>;
export type Decision = Omit<GeneratedDecision, 'evaluation'> & { evaluation: GateEvaluation };

export type SignoffRecord = Item<Answer<'/api/use-cases/{id}/signoffs'>['items']>;
