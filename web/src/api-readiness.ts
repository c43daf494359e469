// Shapes (aliases of the types generated from the API's OpenAPI document) of the readiness and
// benchmark resources, as src/server/readiness-views.ts and routes/bench.ts answer them; query
// keys for the failing rows of a check.
import { api, type Answer, type Item } from './api';
export type CheckResult = Item<DatasetDetail['results']>;

export type LostPoints = Item<Score['lost']>;

export type Score = NonNullable<DatasetState['latest']>;

export type DatasetState = Item<Answer<'/api/datasets'>['items']>;

export type DatasetDetail = Answer<'/api/datasets/{id}'>;

export type RunSummary = Item<Answer<'/api/readiness/runs'>['items']>;

export type RunDetail = Answer<'/api/readiness/runs/{id}'>;

export type MetricHistory = Answer<'/api/datasets/{id}/history'>;

export type BenchSummary = Item<Answer<'/api/bench-runs'>['items']>;

/** One page of a check's failing rows. */
export type FailingRowsPage = Answer<'/api/datasets/{id}/checks/{check}/failing-rows'>;

const checkPath = (dataset: string, check: string) => `/api/datasets/${encodeURIComponent(dataset)}/checks/${encodeURIComponent(check)}/failing-rows`;

export const failingRowsQuery = (dataset: string, check: string, offset: number, limit: number) => ({
  queryKey: ['failing-rows', dataset, check, offset, limit] as const,
  queryFn: () => api<FailingRowsPage>(`${checkPath(dataset, check)}?offset=${offset}&limit=${limit}`),
});

/** Where the browser downloads every failing row of a check as CSV (a plain link: the session cookie goes along). */
export const failingRowsCsvHref = (dataset: string, check: string) => `${checkPath(dataset, check)}.csv`;
