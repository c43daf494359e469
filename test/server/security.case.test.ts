// Sessions, CSRF, API tokens, login rate limiting, one-time passwords and the first admin,
// on SQLite and PostgreSQL.
import { expect, it } from 'vitest';
import { ensureAdmin } from '../../src/server/auth/bootstrap-admin.js';
import { listAudit } from '../../src/store/audit-repository.js';
import { findCredentials } from '../../src/store/user-repository.js';
import { describeEachStore, passwordOf, T0 } from '../support/server-app.js';

describeEachStore('security', (open) => {
  it('sets an http-only SameSite=Strict cookie and ends the session on logout', async ({ skip }) => {
    const t = await open(skip);
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: passwordOf('viewer') } });
    const cookie = r.cookies.find((c) => c.name === 'traction_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const headers = { cookie: `traction_session=${cookie?.value}`, 'x-csrf-token': r.json().csrf_token };
    expect((await t.app.inject({ url: '/api/use-cases', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/use-cases', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('session_expired');
  });

  it('expires a session after its lifetime', async ({ skip }) => {
    const t = await open(skip, { sessionHours: 2 });
    await t.login('viewer');
    t.clock.now = new Date(T0.getTime() + 2 * 3_600_000 - 1000);
    expect((await t.as('viewer', { url: '/api/use-cases' })).statusCode).toBe(200);
    t.clock.now = new Date(T0.getTime() + 2 * 3_600_000);
    const r = await t.as('viewer', { url: '/api/use-cases' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toEqual({ code: 'session_expired', message: 'the session has expired; log in again' });
  });

  it('refuses a cookie-authenticated write without the CSRF token, and writes nothing', async ({ skip }) => {
    const t = await open(skip);
    const s = await t.login('admin');
    const before = (await listAudit(t.store.db)).length;
    for (const csrf of [undefined, 'forged']) {
      const r = await t.app.inject({ method: 'POST', url: '/api/use-cases/churn-alerts/archive', headers: { cookie: s.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) } });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe('csrf');
    }
    expect((await listAudit(t.store.db)).length).toBe(before);
    expect((await t.as('viewer', { url: '/api/use-cases/churn-alerts' })).json().archived_at).toBeNull();
  });

  it('shows a token once, stores only its hash, and refuses it once revoked or expired', async ({ skip }) => {
    const t = await open(skip);
    const created = await t.as('contributor', { method: 'POST', url: '/api/tokens', payload: { name: 'etl', scope: 'write', expires_in_days: 1 } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^trc_[A-Za-z0-9_-]{43}$/);
    const rows = await t.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const listed = (await t.as('contributor', { url: '/api/tokens' })).json().items;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/use-cases', headers: bearer })).statusCode).toBe(200);
    t.clock.now = new Date(T0.getTime() + 86_400_000);
    expect((await t.app.inject({ url: '/api/use-cases', headers: bearer })).json().error.message).toBe('the API token has expired');
    t.clock.now = T0;
    // Another user cannot see or revoke it; its owner can.
    expect((await t.as('approver', { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(404);
    expect((await t.as('contributor', { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(204);
    const revoked = await t.app.inject({ method: 'PATCH', url: '/api/use-cases/churn-alerts', headers: bearer, payload: { title: 'By a revoked token' } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error).toEqual({ code: 'unauthenticated', message: 'the API token is unknown or revoked' });
    expect((await t.as('viewer', { url: '/api/use-cases/churn-alerts' })).json().use_case.title).toBe('Use case churn-alerts');
    expect((await t.app.inject({ url: '/api/use-cases', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('rate-limits failed logins per username, even with the right password afterwards', async ({ skip }) => {
    const t = await open(skip, { loginLimits: { windowMinutes: 15, maxFailuresPerUsername: 3, maxFailuresPerIp: 100 } });
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password } });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong-password')).json().error.code).toBe('invalid_credentials');
    const limited = await attempt(passwordOf('viewer'));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('too_many_attempts');
    t.clock.now = new Date(T0.getTime() + 16 * 60_000);
    expect((await attempt(passwordOf('viewer'))).statusCode).toBe(200);
    // Unknown users get the same answer as wrong passwords.
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'whatever-it-is' } });
    expect(unknown.json().error).toEqual({ code: 'invalid_credentials', message: 'wrong username or password' });
  });

  it('creates the first admin once, with a one-time password that must be changed', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    // The test app already has users; bootstrap leaves a populated store alone.
    expect(await ensureAdmin(t.store, { username: 'root' }, T0)).toEqual({ created: false, username: 'root' });
    await t.store.db.deleteFrom('login_attempts').execute();
    await t.store.db.deleteFrom('sessions').execute();
    await t.store.db.deleteFrom('api_tokens').execute();
    await t.store.db.deleteFrom('users').execute();
    const first = await ensureAdmin(t.store, { username: 'root' }, T0);
    expect(first.created).toBe(true);
    expect(first.oneTimePassword).toMatch(/^[A-Za-z2-9]{20}$/);
    expect((await findCredentials(t.store.db, 'root'))?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'root', password: first.oneTimePassword } });
    expect(login.json().user.must_change_password).toBe(true);
    const headers = { cookie: `traction_session=${login.cookies[0]?.value}`, 'x-csrf-token': login.json().csrf_token };
    const blocked = await t.app.inject({ url: '/api/use-cases', headers });
    expect(blocked.json().error.code).toBe('password_change_required');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current_password: first.oneTimePassword, new_password: 'short' } });
    expect(weak.json().error).toMatchObject({ code: 'invalid', field: 'new_password' });
    const changed = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current_password: first.oneTimePassword, new_password: 'a much longer passphrase' } });
    expect(changed.statusCode).toBe(200);
    // The old session is over; the new one works.
    expect((await t.app.inject({ url: '/api/use-cases', headers })).statusCode).toBe(401);
    const fresh = { cookie: `traction_session=${changed.cookies[0]?.value}` };
    expect((await t.app.inject({ url: '/api/use-cases', headers: fresh })).statusCode).toBe(200);
    const audit = (await listAudit(t.store.db, { objectKind: 'user' })).map((a) => a.action);
    expect(audit.slice(-4)).toEqual(['user.created', 'session.started', 'user.updated', 'session.started']);
    expect(JSON.stringify(await listAudit(t.store.db))).not.toContain('a much longer passphrase');
  });

  it('takes the first admin password from the caller and never returns it', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await t.store.db.deleteFrom('sessions').execute();
    await t.store.db.deleteFrom('users').execute();
    expect(await ensureAdmin(t.store, { username: 'root', password: 'given-by-the-environment' }, T0)).toEqual({ created: true, username: 'root' });
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'root', password: 'given-by-the-environment' } });
    expect(r.json().user).toMatchObject({ role: 'admin', must_change_password: false });
  });

  it('disables an account (its sessions end) but never the last admin', async ({ skip }) => {
    const t = await open(skip);
    await t.login('viewer');
    const users = (await t.as('admin', { url: '/api/users' })).json().items as { id: string; username: string }[];
    const id = (name: string) => users.find((u) => u.username === name)?.id;
    expect((await t.as('admin', { method: 'PATCH', url: `/api/users/${id('viewer')}`, payload: { disabled: true } })).json().disabled_at).toBe(T0.toISOString());
    expect((await t.as('viewer', { url: '/api/use-cases' })).statusCode).toBe(401);
    const last = await t.as('admin', { method: 'PATCH', url: `/api/users/${id('admin')}`, payload: { role: 'viewer' } });
    expect(last.statusCode).toBe(409);
    expect(last.json().error).toMatchObject({ code: 'last_admin', field: 'role' });
    const created = await t.as('admin', { method: 'POST', url: '/api/users', payload: { username: 'newbie', display_name: 'New Person', role: 'contributor' } });
    expect(created.json().one_time_password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(created.json().user.must_change_password).toBe(true);
  });
});
