// Who may do what on the server: the four roles (each includes the ones before it) and
// the scopes of API tokens. The permission table itself lives here so the API, the
// dashboard and the docs read one list.
import { z } from 'zod';

export const ROLES = ['viewer', 'contributor', 'approver', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const TOKEN_SCOPES = ['read', 'write'] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** The least role an action needs. Roles are ordered: a higher role may do all a lower may. */
export const PERMISSIONS = {
  read: 'viewer',
  'account.own': 'viewer',
  'use_case.create': 'contributor',
  'use_case.update': 'contributor',
  'kpi.record': 'contributor',
  signoff: 'approver',
  'use_case.archive': 'admin',
  'user.manage': 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(PERMISSIONS[permission]);
}

/** Whether a permission changes anything (so a read-scoped token may not use it). */
export function isWritePermission(permission: Permission): boolean {
  return permission !== 'read';
}

export const usernameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,63}$/, 'a username: 2-64 lower-case letters, digits, ".", "_" or "-", starting with a letter');

/** Passwords: long enough to resist guessing; no composition rules (NIST SP 800-63B 5.1.1). */
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(256, 'at most 256 characters');
