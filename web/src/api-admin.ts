// Accounts, API tokens and the audit log, as src/server/routes/{users,tokens,audit}.ts answer
// them (aliases of the types generated from the API's OpenAPI document), and the calls the
// administration pages make (api() sends the CSRF header on writes).
import { api, type Answer, type Item, type User } from './api';

export type Role = User['role'];
export const ROLES: Role[] = ['viewer', 'contributor', 'approver', 'admin'];
export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', contributor: 'Contributor', approver: 'Approver', admin: 'Administrator' };

export type Account = Item<Answer<'/api/users'>['items']>;

export type ApiToken = Item<Answer<'/api/tokens'>['items']>;

export type AuditEntry = Item<Answer<'/api/audit'>['items']>;

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export const adminKeys = { users: ['admin', 'users'] as const, tokens: ['admin', 'tokens'] as const, audit: (f: AuditFilter) => ['admin', 'audit', f] as const };

export const listAccounts = () => api<{ items: Account[] }>('/api/users').then((r) => r.items);
export const createAccount = (body: { username: string; display_name: string; role: Role }) => api<{ user: Account; one_time_password?: string }>('/api/users', { method: 'POST', body, idempotent: false });
export const updateAccount = (id: string, body: { role?: Role; disabled?: boolean }) => api<Account>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const listAllTokens = () => api<{ items: ApiToken[] }>('/api/tokens?all=true').then((r) => r.items);
export const createToken = (body: { name: string; scope: ApiToken['scope']; expires_in_days?: number }) => api<ApiToken & { token: string }>('/api/tokens', { method: 'POST', body, idempotent: false });
export const revokeToken = (id: string) => api<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function auditPage(f: AuditFilter) {
  const q = new URLSearchParams({ limit: String(f.limit), offset: String(f.offset) });
  for (const key of ['actor', 'action', 'from', 'to'] as const) if (f[key]) q.set(key, f[key]!);
  return api<{ items: AuditEntry[]; total: number; limit: number; offset: number }>(`/api/audit?${q.toString()}`);
}
