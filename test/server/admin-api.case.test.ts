// Administration through the API on SQLite and PostgreSQL, as the admin pages use it: accounts
// created with a one-time password, API tokens created and revoked (a revoked token is refused),
// and the audit log filtered by who, what kind and when, a page at a time.
import { expect, it } from 'vitest';
import { describeEachStore } from '../support/server-app.js';

describeEachStore('administration API', (open) => {
  it('creates an account with a one-time password shown once, and refuses to disable the last admin', async ({ skip }) => {
    const t = await open(skip);
    const made = await t.as('admin', { method: 'POST', url: '/api/users', payload: { username: 'nina', display_name: 'Nina New', role: 'contributor' } });
    expect(made.statusCode).toBe(201);
    const otp = made.json().one_time_password as string;
    expect(otp).toMatch(/^[a-zA-Z0-9]{20}$/);
    expect(made.json().user).toMatchObject({ username: 'nina', role: 'contributor', must_change_password: true });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nina', password: otp } });
    expect(login.statusCode).toBe(200);
    // Listed afterwards without any secret.
    const list = await t.as('admin', { method: 'GET', url: '/api/users' });
    expect(JSON.stringify(list.json())).not.toContain(otp);
    const taken = await t.as('admin', { method: 'POST', url: '/api/users', payload: { username: 'nina', display_name: 'Again', role: 'viewer' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('username');
    const admin = (list.json().items as { id: string; username: string }[]).find((u) => u.username === 'admin')!;
    const last = await t.as('admin', { method: 'PATCH', url: `/api/users/${admin.id}`, payload: { disabled: true } });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('last_admin');
    const still = (await t.as('admin', { method: 'GET', url: '/api/users' })).json().items as { username: string; disabled_at: string | null }[];
    expect(still.find((u) => u.username === 'admin')!.disabled_at).toBeNull();
  });

  it('revokes a token: the API then refuses it; another user cannot even see it', async ({ skip }) => {
    const t = await open(skip);
    const made = await t.as('admin', { method: 'POST', url: '/api/tokens', payload: { name: 'ci', scope: 'read' } });
    expect(made.statusCode).toBe(201);
    const { id, token } = made.json() as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/workspace', headers: bearer })).statusCode).toBe(200);
    const stranger = await t.as('approver', { method: 'DELETE', url: `/api/tokens/${id}` });
    expect(stranger.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/workspace', headers: bearer })).statusCode).toBe(200);
    expect((await t.as('approver', { method: 'GET', url: '/api/tokens?all=true' })).statusCode).toBe(403);
    expect((await t.as('admin', { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(204);
    const refused = await t.app.inject({ url: '/api/workspace', headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toMatch(/revoked/);
    const listed = (await t.as('admin', { method: 'GET', url: '/api/tokens?all=true' })).json().items as { id: string; revoked_at: string | null }[];
    expect(listed.find((x) => x.id === id)!.revoked_at).toBe(t.clock.now.toISOString());
  });

  it('filters the audit log by who, what kind and when, a page at a time', async ({ skip }) => {
    const t = await open(skip);
    await t.as('admin', { method: 'POST', url: '/api/tokens', payload: { name: 'one', scope: 'read' } });
    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    const later = t.clock.now.toISOString();
    const two = (await t.as('approver', { method: 'POST', url: '/api/tokens', payload: { name: 'two', scope: 'read' } })).json() as { id: string };
    await t.as('approver', { method: 'DELETE', url: `/api/tokens/${two.id}` });
    type Page = { items: { actor: string; action: string; at: string }[]; total: number };
    const get = async (q: string) => (await t.as('admin', { method: 'GET', url: `/api/audit?${q}` })).json() as Page;
    const tokens = await get('action=api_token');
    expect(tokens.items.map((e) => e.action)).toEqual(['api_token.revoked', 'api_token.created', 'api_token.created']);
    expect((await get('action=api_token.created')).total).toBe(2);
    expect((await get('action=api_token&actor=approver')).items.map((e) => e.actor)).toEqual(['approver', 'approver']);
    const since = await get(`action=api_token&from=${encodeURIComponent(later)}`);
    expect(since.items.every((e) => e.at >= later)).toBe(true);
    expect(since.total).toBe(2);
    expect((await get(`action=api_token&to=${encodeURIComponent(later)}`)).total).toBe(1);
    // A time with an offset means the same instant.
    expect((await get(`action=api_token&from=${encodeURIComponent(later.replace('Z', '+00:00'))}`)).total).toBe(2);
    const first = await get('action=api_token&limit=2&offset=0');
    const second = await get('action=api_token&limit=2&offset=2');
    expect([...first.items, ...second.items]).toEqual(tokens.items);
    expect(first.total).toBe(3);
    // The keyset cursor gives the same second page from the first page's last seq.
    type Seq = { items: { seq: number }[] };
    const last = (first as unknown as Seq).items.at(-1)!.seq;
    const bySeq = await get(`action=api_token&limit=2&before=${last}`);
    expect([bySeq.items, bySeq.total]).toEqual([second.items, 3]);
    expect((await get('action=api_token&before=1')).items).toEqual([]);
    const bad = await t.as('admin', { method: 'GET', url: '/api/audit?from=yesterday&action=DROP%20TABLE&before=1%20or%201=1' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().error.problems ?? bad.json().error.issues).map((p: { field: string }) => p.field).sort()).toEqual(['action', 'before', 'from']);
  });
});
