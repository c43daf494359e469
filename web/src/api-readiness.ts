// Shapes (aliases of the types generated from the API's OpenAPI document) of the readiness and benchmark resources, as src/server/readiness-views.ts and
// routes/bench.ts answer them.
import type { Answer, Item } from './api';
export type CheckResult = Item<DatasetDetail['results']>;

export type LostPoints = Item<Score['lost']>;

export type Score = NonNullable<DatasetState['latest']>;

export type DatasetState = Item<Answer<'/api/datasets'>['items']>;

export type DatasetDetail = Answer<'/api/datasets/{id}'>;

export type RunSummary = Item<Answer<'/api/readiness/runs'>['items']>;

export type RunDetail = Answer<'/api/readiness/runs/{id}'>;

export type MetricHistory = Answer<'/api/datasets/{id}/history'>;

export type BenchSummary = Item<Answer<'/api/bench-runs'>['items']>;
