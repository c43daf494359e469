// API tokens: anyone may create tokens for themselves (the secret is returned once), list
// and revoke their own; admins see and revoke everyone's. A token created with an API token
// is bounded by it (auth/token-policy.ts).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { roleAllows, tokenScopeSchema } from '../../domain/account.js';
import { getApiToken, insertApiToken, listApiTokens, revokeApiToken } from '../../store/api-token-repository.js';
import { newId } from '../../store/evidence-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, tokenView, tokenViewSchema } from '../api-schemas.js';
import { actorOf, sha256, TOKEN_PREFIX } from '../auth/principal.js';
import { mintedTokenExpiry } from '../auth/token-policy.js';
import { ApiError, errorBodySchema } from '../errors.js';

export async function tokenRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['tokens'];
  const access = { permission: 'account.own' as const };

  app.get(
    '/api/tokens',
    {
      schema: { tags, summary: 'My API tokens (admins: everyone\'s with ?all=true)', querystring: z.strictObject({ all: z.enum(['true', 'false']).default('false') }), response: { 200: z.object({ items: z.array(tokenViewSchema) }) } },
      config: { access: { permission: 'read' } },
    },
    async (request) => {
      const p = request.principal!;
      const all = request.query.all === 'true';
      if (all && !roleAllows(p.user.role, 'user.read')) throw new ApiError(403, 'forbidden', 'only admins list every token', 'all');
      return { items: (await listApiTokens(deps.store.db, all ? {} : { userId: p.user.id })).map(tokenView) };
    },
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token for myself; the token is shown only in this answer. Created with an API token, it can neither outlive nor out-scope that token',
        body: z.strictObject({ name: z.string().trim().min(1).max(80), scope: tokenScopeSchema, expires_in_days: z.number().int().min(1).max(3650).optional() }),
        response: { 201: tokenViewSchema.extend({ token: z.string().describe('send as "Authorization: Bearer <token>"; not retrievable later') }), 403: errorBodySchema },
      },
      config: { access },
    },
    async (request, reply) => {
      const p = request.principal!;
      const now = deps.now();
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const expiresAt = mintedTokenExpiry(p, { scope: request.body.scope, expiresInDays: request.body.expires_in_days }, now);
      const saved = await deps.store.transaction((tx) =>
        insertApiToken(tx, { id: newId('tok'), userId: p.user.id, name: request.body.name, scope: request.body.scope, tokenHash: sha256(token), expiresAt }, actorOf(p), now),
      );
      return reply.code(201).send({ ...tokenView(saved), token });
    },
  );

  app.delete(
    '/api/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: idParamsSchema, response: { 204: z.undefined(), 404: errorBodySchema } }, config: { access } },
    async (request, reply) => {
      const p = request.principal!;
      const token = await getApiToken(deps.store.db, request.params.id);
      // Someone else's token is "not found" to a non-admin: do not confirm it exists.
      if (!token || (token.userId !== p.user.id && !roleAllows(p.user.role, 'user.manage'))) throw new ApiError(404, 'not_found', `no token "${request.params.id}"`);
      await deps.store.transaction((tx) => revokeApiToken(tx, token.id, actorOf(p), deps.now()));
      return reply.code(204).send();
    },
  );
}
