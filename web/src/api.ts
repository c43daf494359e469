// The one way the dashboard talks to the server: JSON over fetch with the session cookie,
// the CSRF token on writes, and the API's error shape turned into an ApiError. The shapes are
// the server's own: aliases of the types generated from its OpenAPI document
// (api-schema.gen.ts, written by scripts/gen-api-types.ts), never a hand-kept copy.
import type { paths } from './api-schema.gen';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
// A route, method or status the document lacks yields this instead of `never` (on which every
// property access would type-check): using it then fails the web type-check with the route named.
type Missing<P> = { readonly 'the OpenAPI document has no JSON for this route, method and status': P };
type JsonOf<R, P> = R extends { content: { 'application/json': infer B } } ? B : Missing<P>;
/** The JSON a route answers with: `Answer<'/api/workspace'>`, `Answer<'/api/use-cases', 'post', 201>`. */
export type Answer<P extends keyof paths, M extends Method = 'get', S extends number = 200> = paths[P] extends { [K in M]: { responses: infer R } } ? (S extends keyof R ? JsonOf<R[S], P> : Missing<P>) : Missing<P>;
/** The JSON body a route takes: `Body<'/api/use-cases', 'post'>`. */
export type Body<P extends keyof paths, M extends Method = 'post'> = paths[P] extends { [K in M]: { requestBody?: infer R } } ? JsonOf<NonNullable<R>, P> : Missing<P>;
/** One element of an array type. */
export type Item<T> = T extends readonly (infer E)[] ? E : never;
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; problems?: { field: string; message: string }[]; issues?: { field: string; message: string }[] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody['error'],
  ) {
    super(body.message);
  }
}

/** Called after every write the server accepted (query-client.ts marks all server state stale). */
export const afterWrite = new Set<() => void>();

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** 128 random bits in hex; getRandomValues, unlike randomUUID, works on a plain-HTTP address too. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A call to the API. Every write carries an Idempotency-Key of its own: a browser sends a write
 * again by itself when its connection is closed with no answer (a server stopped behind the
 * balancer), and the key makes that second send answer the first's result instead of making
 * the change twice. `idempotent: false` for the writes that take no key (login, logout, password
 * change, and those whose answer shows a secret once: the server keeps no such answer).
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; idempotent?: boolean } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (method !== 'GET' && init.idempotent !== false) headers['idempotency-key'] = newKey();
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (res.ok && method !== 'GET') afterWrite.forEach((f) => f());
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({ error: { code: 'bad_response', message: `the server answered ${res.status}` } }))) as T | ApiErrorBody;
  if (!res.ok) throw new ApiError(res.status, (data as ApiErrorBody).error);
  return data as T;
}

export type User = SessionInfo['user'];

export type SessionInfo = Answer<'/api/auth/session'>;

export type Workspace = Answer<'/api/workspace'>;

export type UseCaseSummary = Item<Answer<'/api/use-cases'>['items']>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type Quantity = number | { low: number; likely: number; high: number };

// The API documents a stored use case's definition as an open object (routes/use-cases.ts), so its
// shape is spelled out here until that route's response schema names it; the rest is generated.
export interface UseCase {
  id: string;
  title: string;
  problem: string;
  objective: string;
  owner: string;
  sponsor: string;
  department: string;
  team: string;
  stage: string;
  value_streams: { id: string; name: string; kind: string; formula: string; inputs: Record<string, Quantity>; kpi?: string }[];
  costs: { build: Quantity; run_monthly: Quantity };
  probability_of_success: number;
  effort_person_weeks: number;
  kpis: { id: string; name: string; unit: string; direction: 'up' | 'down'; baseline?: number; target: number; role: string }[];
  risk: { eu_ai_act: string; notes?: string };
  depends_on: string[];
  datasets: { dataset: string; columns: string[] }[];
  tags: string[];
}

export type StoredUseCase = Omit<Answer<'/api/use-cases/{id}'>, 'use_case'> & { use_case: UseCase };

export type AuditEntry = Item<Answer<'/api/audit'>['items']>;

export type Evidence = Item<Answer<'/api/use-cases/{id}/evidence'>['items']>;

export const ROLE_RANK = { viewer: 0, contributor: 1, approver: 2, admin: 3 } as const;
export const can = (user: User, least: keyof typeof ROLE_RANK) => ROLE_RANK[user.role] >= ROLE_RANK[least];
