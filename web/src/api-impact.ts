// Shapes (aliases of the types generated from the API's OpenAPI document) of the impact resources, as src/server/routes/impact.ts answers them.
import type { Answer, Item } from './api';
export type KpiStatus = Item<UseCaseKpis['kpis']>;

export type UseCaseKpis = Answer<'/api/use-cases/{id}/kpis'>;
