// The one way the dashboard talks to the server: JSON over fetch with the session cookie,
// the CSRF token on writes, and the API's error shape turned into an ApiError.
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

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({ error: { code: 'bad_response', message: `the server answered ${res.status}` } }))) as T | ApiErrorBody;
  if (!res.ok) throw new ApiError(res.status, (data as ApiErrorBody).error);
  return data as T;
}

export interface User {
  id: string;
  username: string;
  display_name: string;
  role: 'viewer' | 'contributor' | 'approver' | 'admin';
  must_change_password: boolean;
}

export interface SessionInfo {
  user: User;
  via: 'session' | 'token';
  csrf_token?: string;
}

export interface Workspace {
  organisation: string;
  currency: string;
  stages: string[];
  side_stages: string[];
  teams: { id: string; name: string }[];
}

export interface UseCaseSummary {
  id: string;
  title: string;
  stage: string;
  owner: string;
  sponsor: string;
  department: string;
  team: string;
  probability_of_success: number;
  effort_person_weeks: number;
  eu_ai_act: string;
  tags: string[];
  version: number;
  updated_at: string;
  archived: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type Quantity = number | { low: number; likely: number; high: number };

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

export interface StoredUseCase {
  use_case: UseCase;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object_kind: string;
  object_id: string;
  detail: Record<string, unknown>;
}

export interface Evidence {
  id: string;
  kind: string;
  recorded_at: string;
  recorded_by: string;
  source: string;
  payload: Record<string, unknown>;
}

export const ROLE_RANK = { viewer: 0, contributor: 1, approver: 2, admin: 3 } as const;
export const can = (user: User, least: keyof typeof ROLE_RANK) => ROLE_RANK[user.role] >= ROLE_RANK[least];
