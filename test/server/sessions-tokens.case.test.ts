// What ends a session and what a token may create. Tokens created with an API token never
// outlive or out-scope it; disabling an account or resetting its password ends all its
// sessions at once; an own password change rotates the session that made it. What happens
// to the account's API tokens is decided per case (docs/server.md) and tested here.
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

const DAY = 86_400_000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createToken(t: TestApp, body: Record<string, unknown>, headers?: Record<string, string>) {
  const options = { method: 'POST' as const, url: '/api/tokens', payload: body };
  return headers ? t.app.inject({ ...options, headers }) : t.as('contributor', options);
}

async function userId(t: TestApp, username: string): Promise<string> {
  const users = (await t.as('admin', { url: '/api/users' })).json().items as { id: string; username: string }[];
  return users.find((u) => u.username === username)!.id;
}

/** Logs in afresh (another browser), returning cookie headers for that session. */
async function newSession(t: TestApp, username: string, password: string) {
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(r.statusCode).toBe(200);
  return { cookie: `traction_session=${r.cookies.find((c) => c.name === 'traction_session')?.value}`, 'x-csrf-token': r.json().csrf_token as string };
}

const status = async (t: TestApp, headers: Record<string, string>) => (await t.app.inject({ url: '/api/use-cases', headers })).statusCode;

describeEachStore('tokens minting tokens', (open) => {
  it('gives a token created with a token no later expiry: inherited when omitted, refused by field when longer', async ({ skip }) => {
    const t = await open(skip);
    const parent = (await createToken(t, { name: 'ci', scope: 'write', expires_in_days: 2 })).json();
    const inherited = await createToken(t, { name: 'child', scope: 'write' }, bearer(parent.token));
    expect(inherited.statusCode).toBe(201);
    expect(inherited.json().expires_at).toBe(parent.expires_at);
    const shorter = await createToken(t, { name: 'short', scope: 'read', expires_in_days: 1 }, bearer(parent.token));
    expect(shorter.json().expires_at).toBe(new Date(T0.getTime() + DAY).toISOString());

    const tokensBefore = await t.store.db.selectFrom('api_tokens').selectAll().execute();
    const auditBefore = (await listAudit(t.store.db)).length;
    const longer = await createToken(t, { name: 'long', scope: 'write', expires_in_days: 3 }, bearer(parent.token));
    expect(longer.statusCode).toBe(403);
    expect(longer.json().error).toEqual({
      code: 'token_lifetime',
      field: 'expires_in_days',
      message: `a token created with an API token cannot outlive it (it expires ${parent.expires_at}): ask for at most 2 days, or omit it to expire together`,
    });
    expect(await t.store.db.selectFrom('api_tokens').selectAll().execute()).toEqual(tokensBefore);
    expect((await listAudit(t.store.db)).length).toBe(auditBefore);
    // The child dies with its parent's expiry, not later.
    t.clock.now = new Date(T0.getTime() + 2 * DAY);
    expect((await t.app.inject({ url: '/api/use-cases', headers: bearer(inherited.json().token) })).json().error.message).toBe('the API token has expired');
  });

  it('lets a token without expiry create tokens without expiry, and a session any lifetime', async ({ skip }) => {
    const t = await open(skip);
    const parent = (await createToken(t, { name: 'ci', scope: 'write' })).json();
    expect(parent.expires_at).toBeNull();
    const child = await createToken(t, { name: 'child', scope: 'write', expires_in_days: 3650 }, bearer(parent.token));
    expect(child.json().expires_at).toBe(new Date(T0.getTime() + 3650 * DAY).toISOString());
    expect((await createToken(t, { name: 'open', scope: 'read' }, bearer(parent.token))).json().expires_at).toBeNull();
  });

  it('refuses any token creation with a read token (no write token, no read token), and stores nothing', async ({ skip }) => {
    const t = await open(skip);
    const read = (await createToken(t, { name: 'dash', scope: 'read', expires_in_days: 30 })).json();
    const before = (await listAudit(t.store.db)).length;
    for (const scope of ['write', 'read']) {
      const r = await createToken(t, { name: `from-read-${scope}`, scope }, bearer(read.token));
      expect({ scope, status: r.statusCode, code: r.json().error.code }).toEqual({ scope, status: 403, code: 'token_scope' });
    }
    expect(await t.store.db.selectFrom('api_tokens').select('name').execute()).toEqual([{ name: 'dash' }]);
    expect((await listAudit(t.store.db)).length).toBe(before);
  });
});

describeEachStore('sessions after account changes', (open) => {
  it('rotates sessions on an own password change: every old session ends, the answer starts a new one, tokens stay', async ({ skip }) => {
    const t = await open(skip);
    const token = (await createToken(t, { name: 'etl', scope: 'write' })).json().token as string;
    const changing = await newSession(t, 'contributor', 'contributor-password-1');
    const elsewhere = await newSession(t, 'contributor', 'contributor-password-1');
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: changing, payload: { current_password: 'contributor-password-1', new_password: 'a brand new passphrase' } });
    expect(r.statusCode).toBe(200);
    expect(await status(t, changing)).toBe(401);
    expect(await status(t, elsewhere)).toBe(401);
    expect(await status(t, { cookie: `traction_session=${r.cookies.find((c) => c.name === 'traction_session')?.value}` })).toBe(200);
    expect(await status(t, bearer(token))).toBe(200);
  });

  it('ends every session and revokes every token on an admin reset; the user must choose a new password', async ({ skip }) => {
    const t = await open(skip);
    const token = (await createToken(t, { name: 'etl', scope: 'write' })).json();
    const a = await newSession(t, 'contributor', 'contributor-password-1');
    const b = await newSession(t, 'contributor', 'contributor-password-1');
    const id = await userId(t, 'contributor');
    const r = await t.as('admin', { method: 'POST', url: `/api/users/${id}/password`, payload: {} });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ user: { username: 'contributor', must_change_password: true }, revoked_tokens: [token.id] });
    expect(await status(t, a)).toBe(401);
    expect(await status(t, b)).toBe(401);
    expect((await t.app.inject({ url: '/api/use-cases', headers: bearer(token.token) })).json().error.message).toBe('the API token is unknown or revoked');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'contributor', password: 'contributor-password-1' } })).statusCode).toBe(401);
    const fresh = await newSession(t, 'contributor', r.json().one_time_password as string);
    expect((await t.app.inject({ url: '/api/use-cases', headers: fresh })).json().error.code).toBe('password_change_required');
    const audit = await listAudit(t.store.db, { objectKind: 'user', objectId: id });
    expect(audit.filter((e) => e.actor === 'admin').map((e) => [e.action, e.actor])).toEqual([['user.updated', 'admin'], ['api_token.revoked', 'admin']]);
  });

  it('refuses a reset of an unknown account by name, writing nothing', async ({ skip }) => {
    const t = await open(skip);
    await t.login('admin');
    const before = (await listAudit(t.store.db)).length;
    const r = await t.as('admin', { method: 'POST', url: '/api/users/usr_nobody/password', payload: { password: 'a long enough password' } });
    expect({ status: r.statusCode, error: r.json().error }).toEqual({ status: 404, error: { code: 'not_found', message: 'no user "usr_nobody"' } });
    expect((await listAudit(t.store.db)).length).toBe(before);
  });

  it('ends the sessions of a disabled account and refuses its tokens on the next request, until re-enabled', async ({ skip }) => {
    const t = await open(skip);
    const token = (await createToken(t, { name: 'etl', scope: 'write' })).json().token as string;
    const s = await newSession(t, 'contributor', 'contributor-password-1');
    const id = await userId(t, 'contributor');
    expect((await t.as('admin', { method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } })).statusCode).toBe(200);
    expect(await status(t, s)).toBe(401);
    const refused = await t.app.inject({ method: 'PATCH', url: '/api/use-cases/churn-alerts', headers: bearer(token), payload: { title: 'By a disabled account' } });
    expect({ status: refused.statusCode, message: refused.json().error.message }).toEqual({ status: 401, message: 'the account is disabled' });
    expect((await t.as('viewer', { url: '/api/use-cases/churn-alerts' })).json().use_case.title).toBe('Use case churn-alerts');
    expect((await t.as('admin', { method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: false } })).statusCode).toBe(200);
    expect(await status(t, bearer(token))).toBe(200);
    expect(await status(t, s)).toBe(401);
  });

  it('keeps password changes and logging out to sessions: an API token gets 403 session_only', async ({ skip }) => {
    const t = await open(skip);
    const token = (await createToken(t, { name: 'etl', scope: 'write' })).json().token as string;
    const before = (await listAudit(t.store.db)).length;
    for (const [url, payload] of [['/api/auth/password', { current_password: 'contributor-password-1', new_password: 'chosen by a token' }], ['/api/auth/logout', undefined]] as const) {
      const r = await t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) });
      expect({ url, status: r.statusCode, code: r.json().error.code }).toEqual({ url, status: 403, code: 'session_only' });
    }
    expect((await listAudit(t.store.db)).length).toBe(before);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'contributor', password: 'contributor-password-1' } })).statusCode).toBe(200);
  });
});
