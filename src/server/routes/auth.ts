// Log in and out, the current session, and changing one's own password.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { passwordSchema } from '../../domain/account.js';
import { appendAudit } from '../../store/audit-repository.js';
import { revokeSession, revokeUserSessions } from '../../store/session-repository.js';
import { findCredentials, updateUser } from '../../store/user-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { userView, userViewSchema } from '../api-schemas.js';
import { login, startSession, type StartedSession } from '../auth/login.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { actorOf, SESSION_COOKIE } from '../auth/principal.js';
import { ApiError, errorBodySchema } from '../errors.js';

const sessionViewSchema = z.object({
  user: userViewSchema,
  via: z.enum(['session', 'token']),
  csrf_token: z.string().optional().describe('send in x-csrf-token on every write made with the session cookie'),
  expires_at: z.string().optional(),
});

export async function authRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['auth'];
  const setCookie = (reply: FastifyReply, s: StartedSession) =>
    reply.setCookie(SESSION_COOKIE, s.secret, { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, path: '/', expires: s.expiresAt });
  const sessionBody = (s: StartedSession) => ({ user: userView(s.user), via: 'session' as const, csrf_token: s.csrfToken, expires_at: s.expiresAt.toISOString() });

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in; sets an http-only session cookie',
        body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
        response: { 200: sessionViewSchema, 401: errorBodySchema, 429: errorBodySchema },
      },
      config: { access: { public: true } },
    },
    async (request, reply) => {
      const s = await login(deps.store, { ...request.body, ip: request.ip }, deps.now(), { limits: deps.loginLimits, sessionHours: deps.sessionHours });
      setCookie(reply, s);
      return sessionBody(s);
    },
  );

  app.get(
    '/api/auth/session',
    { schema: { tags, summary: 'Who am I, and the CSRF token of my session', response: { 200: sessionViewSchema } }, config: { access: { permission: 'read', beforePasswordChange: true } } },
    async (request) => {
      const p = request.principal!;
      return p.via === 'session'
        ? { user: userView(p.user), via: p.via, csrf_token: p.session.csrfToken, expires_at: p.session.expiresAt }
        : { user: userView(p.user), via: p.via };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'End the session', response: { 204: z.undefined() } }, config: { access: { permission: 'account.own', beforePasswordChange: true, sessionOnly: true } } },
    async (request, reply) => {
      const p = request.principal!;
      if (p.via !== 'session') throw new Error('unreachable: the route is session-only');
      const now = deps.now();
      await deps.store.transaction(async (tx) => {
        await revokeSession(tx, p.session.idHash, now);
        await appendAudit(tx, { at: now, actor: actorOf(p), action: 'session.ended', objectKind: 'user', objectId: p.user.id, detail: {} });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password (in a session only): ends all my sessions, this one too, and starts a new one; my API tokens stay valid',
        body: z.strictObject({ current_password: z.string().min(1).max(256), new_password: passwordSchema }),
        response: { 200: sessionViewSchema, 400: errorBodySchema, 403: errorBodySchema },
      },
      config: { access: { permission: 'account.own', beforePasswordChange: true, sessionOnly: true } },
    },
    async (request, reply) => {
      const p = request.principal!;
      if (p.via !== 'session') throw new Error('unreachable: the route is session-only');
      const creds = await findCredentials(deps.store.db, p.user.username);
      if (!(await verifyPassword(creds?.passwordHash, request.body.current_password)))
        throw new ApiError(400, 'invalid', 'the current password is wrong', 'current_password');
      if (request.body.new_password === request.body.current_password)
        throw new ApiError(400, 'invalid', 'the new password must differ from the current one', 'new_password');
      const passwordHash = await hashPassword(request.body.new_password);
      const now = deps.now();
      const user = await deps.store.transaction(async (tx) => {
        const u = await updateUser(tx, p.user.id, { passwordHash, mustChangePassword: false }, actorOf(p), now);
        await revokeUserSessions(tx, p.user.id, now);
        return u!;
      });
      const s = await startSession(deps.store, user, now, deps.sessionHours);
      setCookie(reply, s);
      return sessionBody(s);
    },
  );
}
