// A lesser role cannot raise itself: a viewer cannot make itself admin, a contributor cannot
// change its own role, nor create an admin or reset a password, by session or by token. These
// do not read the permission table, so loosening it (or a route's declared access) fails here
// even though the generated matrix would follow the loosened declaration.
import { expect, it } from 'vitest';
import type { Role } from '../../src/domain/account.js';
import { listAudit } from '../../src/store/audit-repository.js';
import { findCredentials } from '../../src/store/user-repository.js';
import { describeEachStore, type TestApp } from '../support/server-app.js';

async function ownId(t: TestApp, role: Role): Promise<string> {
  return (await t.as(role, { url: '/api/auth/session' })).json().user.id as string;
}

async function writeToken(t: TestApp, role: Role): Promise<Record<string, string>> {
  const r = await t.as(role, { method: 'POST', url: '/api/tokens', payload: { name: 'own', scope: 'write' } });
  return { authorization: `Bearer ${r.json().token}` };
}

/** Sends `request` by session and by write token; each must be refused 403 forbidden and change nothing. */
async function expectRefusedBoth(t: TestApp, role: Role, request: { method: 'PATCH' | 'POST'; url: string; payload: Record<string, unknown> }) {
  const token = await writeToken(t, role);
  const before = { audit: (await listAudit(t.store.db)).length, user: (await findCredentials(t.store.db, role))?.user, users: await t.store.db.selectFrom('users').select('username').execute() };
  for (const [via, r] of [['session', await t.as(role, request)], ['token', await t.app.inject({ ...request, headers: token })]] as const)
    expect({ via, status: r.statusCode, code: r.json().error.code }).toEqual({ via, status: 403, code: 'forbidden' });
  expect((await listAudit(t.store.db)).length).toBe(before.audit);
  expect((await findCredentials(t.store.db, role))?.user).toEqual(before.user);
  expect(await t.store.db.selectFrom('users').select('username').execute()).toEqual(before.users);
}

describeEachStore('privilege escalation', (open) => {
  it('does not let a viewer make itself admin', async ({ skip }) => {
    const t = await open(skip);
    await expectRefusedBoth(t, 'viewer', { method: 'PATCH', url: `/api/users/${await ownId(t, 'viewer')}`, payload: { role: 'admin' } });
    expect((await t.as('viewer', { url: '/api/users' })).statusCode).toBe(403);
    expect((await findCredentials(t.store.db, 'viewer'))?.user.role).toBe('viewer');
  });

  it('does not let a contributor change its own role, create an admin or reset a password', async ({ skip }) => {
    const t = await open(skip);
    const id = await ownId(t, 'contributor');
    for (const role of ['approver', 'admin', 'viewer']) await expectRefusedBoth(t, 'contributor', { method: 'PATCH', url: `/api/users/${id}`, payload: { role } });
    await expectRefusedBoth(t, 'contributor', { method: 'POST', url: '/api/users', payload: { username: 'sidekick', display_name: 'Sidekick', role: 'admin', password: 'a password of mine' } });
    await expectRefusedBoth(t, 'contributor', { method: 'POST', url: `/api/users/${await ownId(t, 'admin')}/password`, payload: { password: 'now i am the admin' } });
    expect((await findCredentials(t.store.db, 'contributor'))?.user.role).toBe('contributor');
  });

  it('lets an admin change a role by write token, audited as that token', async ({ skip }) => {
    const t = await open(skip);
    const r = await t.app.inject({ method: 'PATCH', url: `/api/users/${await ownId(t, 'contributor')}`, headers: await writeToken(t, 'admin'), payload: { role: 'approver' } });
    expect({ status: r.statusCode, role: r.json().role }).toEqual({ status: 200, role: 'approver' });
    const last = (await listAudit(t.store.db, { objectKind: 'user' })).at(-1);
    expect({ action: last?.action, actor: last?.actor }).toEqual({ action: 'user.updated', actor: expect.stringMatching(/^admin \(token tok_/) });
  });
});
