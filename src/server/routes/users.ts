// Accounts, managed by admins: list, create (with a one-time password when none is given),
// change role or name, disable, reset a password. The last active admin cannot be demoted
// or disabled. Disabling or resetting ends every session of the account at once; a reset
// also revokes its API tokens (whoever held the account may have made some), while a
// disabled account's tokens are refused on each request (principal.ts) until re-enabled.
// The actions are src/application/accounts.ts; this file parses and phrases.
import { z } from 'zod';
import { createAccount, listAccounts, resetPassword, updateAccount } from '../../application/accounts.js';
import { passwordSchema, roleSchema, usernameSchema } from '../../domain/account.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, userView, userViewSchema } from '../api-schemas.js';
import { serverSecrets } from '../auth/secrets.js';
import { actorOf } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';

export async function userRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['users'];
  const access = { permission: 'user.manage' as const };

  app.get('/api/users', { schema: { tags, summary: 'All accounts', response: { 200: z.object({ items: z.array(userViewSchema) }) } }, config: { access: { permission: 'user.read' } } }, async () => ({
    items: (await listAccounts(deps.store.db)).map(userView),
  }));

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create an account; without a password, a one-time password is returned once',
        body: z.strictObject({ username: usernameSchema, display_name: z.string().trim().min(1).max(120), role: roleSchema, password: passwordSchema.optional() }),
        response: { 201: z.object({ user: userViewSchema, one_time_password: z.string().optional() }), 409: errorBodySchema },
      },
      config: { access: { ...access, secretAnswer: true } },
    },
    async (request, reply) => {
      const b = request.body;
      const made = await createAccount(deps.store, serverSecrets, { username: b.username, displayName: b.display_name, role: b.role, password: b.password }, actorOf(request.principal!), deps.now());
      return reply.code(201).send({ user: userView(made.user), ...(made.oneTimePassword !== undefined ? { one_time_password: made.oneTimePassword } : {}) });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change role, display name or disable an account (disabling ends its sessions)',
        params: idParamsSchema,
        body: z.strictObject({ role: roleSchema.optional(), display_name: z.string().trim().min(1).max(120).optional(), disabled: z.boolean().optional() }),
        response: { 200: userViewSchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access },
    },
    async (request) => {
      const b = request.body;
      return userView(await updateAccount(deps.store, request.params.id, { role: b.role, displayName: b.display_name, disabled: b.disabled }, actorOf(request.principal!), deps.now()));
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Reset a password: ends every session of the account and revokes its API tokens; the user must choose a new password at next login',
        params: idParamsSchema,
        body: z.strictObject({ password: passwordSchema.optional() }),
        response: { 200: z.object({ user: userViewSchema, one_time_password: z.string().optional(), revoked_tokens: z.array(z.string()) }), 404: errorBodySchema },
      },
      config: { access: { ...access, secretAnswer: true } },
    },
    async (request) => {
      const r = await resetPassword(deps.store, serverSecrets, request.params.id, request.body.password, actorOf(request.principal!), deps.now());
      return { user: userView(r.user), ...(r.oneTimePassword !== undefined ? { one_time_password: r.oneTimePassword } : {}), revoked_tokens: r.revokedTokens };
    },
  );
}
