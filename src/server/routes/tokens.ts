// API tokens: anyone may create tokens for themselves (the secret is returned once), list
// and revoke their own; admins see and revoke everyone's. A token created with an API token
// is bounded by it (auth/token-policy.ts).
// The actions are src/application/accounts.ts; the bound a token puts on the tokens it makes
// is the server's token policy (auth/token-policy.ts).
import { z } from 'zod';
import { createToken, listTokens, revokeToken, type Requester } from '../../application/accounts.js';
import { roleAllows, tokenScopeSchema } from '../../domain/account.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, tokenView, tokenViewSchema } from '../api-schemas.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { serverSecrets } from '../auth/secrets.js';
import { mintedTokenExpiry } from '../auth/token-policy.js';
import { errorBodySchema } from '../errors.js';

const requester = (p: Principal): Requester => ({ userId: p.user.id, managesAccounts: roleAllows(p.user.role, 'user.manage') });

export async function tokenRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['tokens'];
  const access = { permission: 'account.own' as const };

  app.get(
    '/api/tokens',
    {
      schema: { tags, summary: 'My API tokens (admins: everyone\'s with ?all=true)', querystring: z.strictObject({ all: z.enum(['true', 'false']).default('false') }), response: { 200: z.object({ items: z.array(tokenViewSchema) }) } },
      config: { access: { permission: 'read' } },
    },
    async (request) => ({ items: (await listTokens(deps.store.db, requester(request.principal!), request.query.all === 'true')).map(tokenView) }),
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
      config: { access: { ...access, secretAnswer: true } },
    },
    async (request, reply) => {
      const p = request.principal!;
      const now = deps.now();
      const expiresAt = mintedTokenExpiry(p, { scope: request.body.scope, expiresInDays: request.body.expires_in_days }, now);
      const made = await createToken(deps.store, serverSecrets, requester(p), { name: request.body.name, scope: request.body.scope, expiresAt }, actorOf(p), now);
      return reply.code(201).send({ ...tokenView(made.token), token: made.secret });
    },
  );

  app.delete(
    '/api/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: idParamsSchema, response: { 204: z.undefined(), 404: errorBodySchema } }, config: { access } },
    async (request, reply) => {
      const p = request.principal!;
      await revokeToken(deps.store, requester(p), request.params.id, actorOf(p), deps.now());
      return reply.code(204).send();
    },
  );
}
