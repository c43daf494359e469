// Shapes the API speaks that are not domain definitions: pages, users, tokens, summaries.
// Field names are snake_case like the YAML; domain objects are converted at this edge.
import { z } from 'zod';
import { roleSchema, tokenScopeSchema } from '../domain/account.js';
import type { ApiToken } from '../store/api-token-repository.js';
import type { User } from '../store/user-repository.js';

export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('items per page, 1-1000'),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip'),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const idParamsSchema = z.strictObject({ id: z.string().min(1).max(80) });

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  role: roleSchema,
  must_change_password: z.boolean(),
  created_at: z.string(),
  disabled_at: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

export function userView(u: User): UserView {
  return { id: u.id, username: u.username, display_name: u.displayName, role: u.role, must_change_password: u.mustChangePassword, created_at: u.createdAt, disabled_at: u.disabledAt };
}

export const tokenViewSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  name: z.string(),
  scope: tokenScopeSchema,
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export function tokenView(t: ApiToken): z.infer<typeof tokenViewSchema> {
  return { id: t.id, user_id: t.userId, name: t.name, scope: t.scope, created_at: t.createdAt, expires_at: t.expiresAt, revoked_at: t.revokedAt };
}

export const useCaseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  stage: z.string(),
  owner: z.string(),
  sponsor: z.string(),
  department: z.string(),
  team: z.string(),
  probability_of_success: z.number(),
  effort_person_weeks: z.number(),
  eu_ai_act: z.string(),
  tags: z.array(z.string()),
  version: z.number().int(),
  updated_at: z.string(),
  archived: z.boolean(),
});
export type UseCaseSummary = z.infer<typeof useCaseSummarySchema>;

/** Who owns a definition (docs/workspace.md "Who owns a definition"), on use-case and dataset answers. */
export const definitionOwnerShape = {
  owner: z.enum(['files', 'store']).describe('who is the truth for the definition: the workspace files (`traction apply`), or the store (made in the browser, not yet pulled)'),
  pending_change: z.boolean().describe('changed in the browser and not yet written into its file (`traction pull` writes it)'),
};

export const ownerView = (d: { owner: 'files' | 'store'; pending: unknown }) => ({ owner: d.owner, pending_change: d.pending !== null });

export const storedUseCaseSchema = z.object({
  use_case: z.record(z.string(), z.unknown()).describe('the use case definition (see the use case YAML schema)'),
  ...definitionOwnerShape,
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
