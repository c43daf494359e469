// Accounts, managed by admins: list, create (with a one-time password when none is given),
// change role or name, disable, reset a password. The last active admin cannot be demoted
// or disabled. Disabling or resetting ends every session of the account at once; a reset
// also revokes its API tokens (whoever held the account may have made some), while a
// disabled account's tokens are refused on each request (principal.ts) until re-enabled.
import { z } from 'zod';
import { passwordSchema, roleSchema, usernameSchema } from '../../domain/account.js';
import { revokeUserApiTokens } from '../../store/api-token-repository.js';
import { revokeUserSessions } from '../../store/session-repository.js';
import { createUser, findCredentials, getUser, listUsers, updateUser } from '../../store/user-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, userView, userViewSchema } from '../api-schemas.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { actorOf } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';

export async function userRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['users'];
  const access = { permission: 'user.manage' as const };

  app.get('/api/users', { schema: { tags, summary: 'All accounts', response: { 200: z.object({ items: z.array(userViewSchema) }) } }, config: { access: { permission: 'user.read' } } }, async () => ({
    items: (await listUsers(deps.store.db)).map(userView),
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
      config: { access },
    },
    async (request, reply) => {
      const b = request.body;
      if (await findCredentials(deps.store.db, b.username)) throw new ApiError(409, 'conflict', `the username "${b.username}" is taken`, 'username');
      const password = b.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const user = await deps.store.transaction((tx) =>
        createUser(tx, { username: b.username, displayName: b.display_name, role: b.role, passwordHash, mustChangePassword: b.password === undefined }, actorOf(request.principal!), deps.now()),
      );
      return reply.code(201).send({ user: userView(user), ...(b.password === undefined ? { one_time_password: password } : {}) });
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
      const { id } = request.params;
      const b = request.body;
      const now = deps.now();
      const user = await deps.store.transaction(async (tx) => {
        const current = await getUser(tx, id);
        if (!current) throw new ApiError(404, 'not_found', `no user "${id}"`);
        const losesAdmin = current.role === 'admin' && current.disabledAt === null && ((b.role !== undefined && b.role !== 'admin') || b.disabled === true);
        if (losesAdmin && (await listUsers(tx)).filter((u) => u.role === 'admin' && u.disabledAt === null).length <= 1)
          throw new ApiError(409, 'last_admin', 'this is the last active admin; make another admin first', b.disabled ? 'disabled' : 'role');
        const updated = await updateUser(tx, id, { role: b.role, displayName: b.display_name, disabled: b.disabled }, actorOf(request.principal!), now);
        if (b.disabled) await revokeUserSessions(tx, id, now);
        return updated!;
      });
      return userView(user);
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
      config: { access },
    },
    async (request) => {
      const { id } = request.params;
      const password = request.body.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const now = deps.now();
      const actor = actorOf(request.principal!);
      const result = await deps.store.transaction(async (tx) => {
        if (!(await getUser(tx, id))) throw new ApiError(404, 'not_found', `no user "${id}"`);
        const user = await updateUser(tx, id, { passwordHash, mustChangePassword: true }, actor, now);
        await revokeUserSessions(tx, id, now);
        return { user: user!, revoked: await revokeUserApiTokens(tx, id, actor, now) };
      });
      return { user: userView(result.user), ...(request.body.password === undefined ? { one_time_password: password } : {}), revoked_tokens: result.revoked };
    },
  );
}
