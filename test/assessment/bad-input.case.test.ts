// Bad input to the assessment, on SQLite and PostgreSQL: an item answered twice, a level out of
// range, an unknown item, a closed round, a second response, an expired, used, withdrawn or
// garbled link. Each is refused with a clear error naming what and where, and the store is
// exactly as it was (no response, no answer, the link still unused, no audit entry).
import { expect, it } from 'vitest';
import { INVITATION_HEADER } from '../../src/assessment/invitation.js';
import { ROLES } from '../../src/domain/account.js';
import { describeEachStore, type TestApp } from '../support/server-app.js';
import { emptyWorkspace, errorCode, invite, openRound, respond, storeFingerprint } from './assessment-support.js';

const good = { group: 'staff', answers: [{ item: 'data.quality', level: 3 }] };

/** Sends `request`, asserts the refusal, and that nothing in the store changed. */
async function refused(t: TestApp, send: () => ReturnType<TestApp['as']>, status: number, code: string, message?: RegExp) {
  const before = await storeFingerprint(t);
  const r = await send();
  expect([r.statusCode, errorCode(r)], r.body).toEqual([status, code]);
  if (message) expect((r.json() as { error: { message: string } }).error.message).toMatch(message);
  expect(r.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // no stack trace
  expect(await storeFingerprint(t)).toBe(before);
  return r.json() as { error: { message: string; field?: string; problems?: { field: string; message: string }[] } };
}

describeEachStore('assessment bad input', (baseOpen) => {
  // Logged in up front: a login writes the audit log, which the refusals must leave alone.
  const open: typeof baseOpen = async (skip, options) => {
    const t = await baseOpen(skip, options);
    for (const role of ROLES) await t.login(role);
    return t;
  };

  it('refuses a bad response from a user, naming every problem, and writes nothing', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const url = `/api/assessment/rounds/${round}/responses`;
    const twice = await refused(t, () => t.as('viewer', { method: 'POST', url, payload: { group: 'staff', answers: [{ item: 'data.quality', level: 3 }, { item: 'data.access', level: 2 }, { item: 'data.quality', level: 4 }] } }), 400, 'invalid');
    expect(twice.error.problems).toEqual([{ field: 'answers.2.item', message: 'item "data.quality" is answered twice (also at answers.0)' }]);
    const range = await refused(t, () => t.as('viewer', { method: 'POST', url, payload: { group: 'staff', answers: [{ item: 'data.quality', level: 6 }, { item: 'data.access', level: 0 }, { item: 'data.inventory', level: 2.5 }] } }), 400, 'invalid');
    expect(range.error.problems).toEqual([
      { field: 'answers.0.level', message: 'a level from 1 to 5' },
      { field: 'answers.1.level', message: 'a level from 1 to 5' },
      { field: 'answers.2.level', message: 'a whole level, 1 to 5' },
    ]);
    const unknown = await refused(t, () => t.as('viewer', { method: 'POST', url, payload: { group: 'staff', answers: [{ item: 'data.quality', level: 3 }, { item: 'data.qualty', level: 3 }] } }), 400, 'invalid');
    expect(unknown.error).toMatchObject({ field: 'answers.1.item', message: 'answers.1.item: no item "data.qualty" in this round\'s questionnaire' });
    await refused(t, () => t.as('viewer', { method: 'POST', url, payload: { group: 'board', answers: [{ item: 'data.quality', level: 3 }] } }), 400, 'invalid');
    await refused(t, () => t.as('viewer', { method: 'POST', url, payload: { group: 'staff', answers: [] } }), 400, 'invalid', /at least one answer/);
    await refused(t, () => t.as('viewer', { method: 'POST', url: '/api/assessment/rounds/rnd_nope/responses', payload: good }), 404, 'not_found', /no assessment round "rnd_nope"/);

    expect((await t.as('viewer', { method: 'POST', url, payload: good })).statusCode).toBe(201);
    await refused(t, () => t.as('viewer', { method: 'POST', url, payload: good }), 409, 'conflict', /viewer has answered this round already/);
  });

  it('refuses answers, links and invitations on a closed round', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const [link] = await invite(t, round);
    expect((await t.as('admin', { method: 'POST', url: `/api/assessment/rounds/${round}/close` })).statusCode).toBe(200);
    await refused(t, () => t.as('viewer', { method: 'POST', url: `/api/assessment/rounds/${round}/responses`, payload: good }), 409, 'closed', /is closed: answers are no longer taken/);
    await refused(t, () => respond(t, link!.token, good), 409, 'closed');
    await refused(t, () => t.app.inject({ method: 'GET', url: '/api/assessment/respond', headers: { [INVITATION_HEADER]: link!.token } }), 409, 'closed');
    await refused(t, () => t.as('admin', { method: 'POST', url: `/api/assessment/rounds/${round}/invitations`, payload: { count: 1 } }), 409, 'closed');
    await refused(t, () => t.as('admin', { method: 'POST', url: `/api/assessment/rounds/${round}/close` }), 409, 'closed', /closed already/);
  });

  it('refuses an expired, used, withdrawn, garbled or missing link, and a bad response through a good one leaves it unused', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const [a, b, c, d] = await invite(t, round, 4, 2);
    // A bad response through a good link: refused, and the link can still be used afterwards.
    await refused(t, () => respond(t, a!.token, { group: 'staff', answers: [{ item: 'data.quality', level: 3 }, { item: 'data.quality', level: 4 }] }), 400, 'invalid');
    await refused(t, () => respond(t, a!.token, { group: 'staff', answers: [{ item: 'data.quality', level: 9 }] }), 400, 'invalid');
    expect((await respond(t, a!.token, good)).statusCode).toBe(201);
    await refused(t, () => respond(t, a!.token, good), 410, 'invitation_used', /has been used already/);

    expect((await t.as('admin', { method: 'POST', url: `/api/assessment/invitations/${b!.id}/revoke` })).statusCode).toBe(200);
    await refused(t, () => respond(t, b!.token, good), 410, 'invitation_revoked', /withdrawn/);
    await refused(t, () => t.as('admin', { method: 'POST', url: `/api/assessment/invitations/${a!.id}/revoke` }), 409, 'conflict', /is used/);

    await refused(t, () => respond(t, `${c!.token.slice(0, -1)}${c!.token.endsWith('A') ? 'B' : 'A'}`, good), 404, 'invitation_unknown', /not valid/);
    await refused(t, () => respond(t, 'not a token', good), 404, 'invitation_unknown');
    await refused(t, () => respond(t, undefined, good), 404, 'invitation_unknown');

    t.clock.now = new Date(t.clock.now.getTime() + 2 * 86_400_000);
    await refused(t, () => respond(t, c!.token, good), 410, 'invitation_expired', /expired/);
    await refused(t, () => t.app.inject({ method: 'GET', url: '/api/assessment/respond', headers: { [INVITATION_HEADER]: d!.token } }), 410, 'invitation_expired');
    await t.login('admin'); // the session of two days ago has expired
    const states = await t.as('admin', { method: 'GET', url: `/api/assessment/rounds/${round}/invitations` });
    expect((states.json() as { items: { id: string; state: string }[] }).items.map((i) => [i.id, i.state])).toEqual([
      [a!.id, 'used'],
      [b!.id, 'revoked'],
      [c!.id, 'expired'],
      [d!.id, 'expired'],
    ]);
  });

  it('refuses bad invitation requests and unknown actions and tasks', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const url = `/api/assessment/rounds/${round}/invitations`;
    await refused(t, () => t.as('admin', { method: 'POST', url, payload: { count: 0 } }), 400, 'invalid');
    await refused(t, () => t.as('admin', { method: 'POST', url, payload: { count: 201 } }), 400, 'invalid');
    await refused(t, () => t.as('admin', { method: 'POST', url, payload: { count: 1, expires_in_days: 91 } }), 400, 'invalid');
    await refused(t, () => t.as('admin', { method: 'POST', url: '/api/assessment/rounds', payload: { title: 'x' } }), 400, 'invalid');
    await refused(t, () => t.as('contributor', { method: 'POST', url: `/api/assessment/rounds/${round}/tasks`, payload: { action: 'data.nothing' } }), 404, 'not_found', /no recommended action "data.nothing"/);
    await refused(t, () => t.as('contributor', { method: 'POST', url: `/api/assessment/rounds/${round}/use-cases`, payload: { action: 'data.catalogue', owner: 'o', sponsor: 's', department: 'd', team: 'data', monthly_value: { low: 1, likely: 2, high: 3 }, build_cost: 1, run_monthly: 1, effort_person_weeks: 1 } }), 400, 'invalid', /is a task, not a use case/);
    await refused(t, () => t.as('contributor', { method: 'POST', url: '/api/assessment/tasks/task_nope/done' }), 404, 'not_found');
  });
});
