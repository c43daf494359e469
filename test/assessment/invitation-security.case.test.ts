// Invitation links are a door for people without an account; these tests assert what does
// NOT happen through it, on SQLite and PostgreSQL: a token opens no other route (as a bearer
// token, a session cookie or its own header), a token of another scope opens nothing here,
// two simultaneous uses land once, the token is neither stored nor logged, and a respondent
// by link is not named anywhere.
import { expect, it } from 'vitest';
import { hashInvitationToken, INVITATION_HEADER } from '../../src/assessment/invitation.js';
import { createInvitations } from '../../src/store/invitation-repository.js';
import { describeEachStore } from '../support/server-app.js';
import { emptyWorkspace, errorCode, invite, openRound, respond, storeFingerprint } from './assessment-support.js';

const good = { group: 'staff', answers: [{ item: 'data.quality', level: 3 }] };

describeEachStore('invitation links', (open) => {
  it('open nothing but their own two routes: every other route answers a token as it answers a stranger', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const [link] = await invite(t, round);
    await t.login('admin');
    const before = await storeFingerprint(t);
    const routes = t.deps.routes.filter((r) => r.access && !r.access.public && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:id/g, round).replace(/:[A-Za-z_]+/g, 'x');
      const payload = r.method === 'GET' || r.method === 'DELETE' ? undefined : good;
      for (const headers of [{ [INVITATION_HEADER]: link!.token }, { authorization: `Bearer ${link!.token}` }, { cookie: `traction_session=${link!.token}` }]) {
        const res = await t.app.inject({ method: r.method as 'GET', url, headers, ...(payload ? { payload } : {}) });
        if (res.statusCode !== 401) leaks.push(`${r.method} ${r.url} with ${Object.keys(headers)[0]}: ${res.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await storeFingerprint(t)).toBe(before);
    // ... and the link still works for what it is for.
    expect((await respond(t, link!.token, good)).statusCode).toBe(201);
  });

  it("answer only the round they were made for; a pulse survey's link opens nothing here", async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const first = await openRound(t, 'First round');
    const second = await openRound(t, 'Second round');
    const [link] = await invite(t, first);
    const r = await respond(t, link!.token, good);
    expect(r.json().round_id).toBe(first);
    const results = (await t.as('viewer', { method: 'GET', url: `/api/assessment/rounds/${second}/results` })).json() as { round: { respondents: { total: number } } };
    expect(results.round.respondents.total).toBe(0);

    const [pulse] = await t.store.transaction((tx) => createInvitations(tx, { scopeKind: 'pulse', scopeId: 'some-use-case', count: 1, expiresAt: new Date(t.clock.now.getTime() + 86_400_000), note: null, by: 'admin', now: t.clock.now }));
    const before = await storeFingerprint(t);
    for (const res of [await respond(t, pulse!.token, good), await t.app.inject({ method: 'GET', url: '/api/assessment/respond', headers: { [INVITATION_HEADER]: pulse!.token } })])
      expect([res.statusCode, errorCode(res)]).toEqual([404, 'invitation_unknown']);
    expect(await storeFingerprint(t)).toBe(before);
  });

  it('land once when used twice at the same moment', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const [link] = await invite(t, round);
    const answers = await Promise.all(Array.from({ length: 4 }, () => respond(t, link!.token, good)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 410, 410, 410]);
    const rows = await t.store.db.selectFrom('assessment_responses').selectAll().where('round_id', '=', round).execute();
    expect(rows).toHaveLength(1);
  });

  it('are stored as a hash only, never logged, and their respondents are not named', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const round = await openRound(t);
    const [link] = await invite(t, round);
    await t.app.inject({ method: 'GET', url: '/api/assessment/respond', headers: { [INVITATION_HEADER]: link!.token } });
    expect((await respond(t, link!.token, good)).statusCode).toBe(201);
    const stored = JSON.stringify(await t.store.db.selectFrom('invitations').selectAll().execute());
    expect(stored).not.toContain(link!.token);
    expect(stored).not.toContain(link!.token.slice(4));
    expect(stored).toContain(hashInvitationToken(link!.token));
    expect(t.logs.join('\n')).not.toContain(link!.token.slice(4));
    const listed = await t.as('admin', { method: 'GET', url: `/api/assessment/rounds/${round}/invitations` });
    expect(listed.body).not.toContain(link!.token.slice(4));
    const audit = await t.store.db.selectFrom('audit_log').select(['actor', 'action']).where('action', 'like', 'assessment.respond').execute();
    expect(audit).toEqual([{ actor: `invitation ${link!.id}`, action: 'assessment.respond' }]);
  });
});
