// The pulse API in-process on SQLite and PostgreSQL: opening a survey, links, answering without
// a login, results against hand-computed values with the minimum group size, and the doors a
// link must not open: a second answer, an expired or foreign link, a closed survey, bad input
// (each refused with nothing written and the link left as it was), and every other route.
import { expect, it } from 'vitest';
import { createInvitations } from '../../src/store/invitation-repository.js';
import { describeEachStore, sampleUseCase, T0, type TestApp } from '../support/server-app.js';

const USE_CASES = [sampleUseCase('assistant', { stage: 'production', title: 'Support Assistant' }), sampleUseCase('pilot-one', { stage: 'pilot' })];
const H = 'x-invitation-token';
const tokenOf = (path: string) => path.slice(path.indexOf('#') + 1);

async function openSurvey(t: TestApp, body: Record<string, unknown> = { use_case: 'assistant' }) {
  return t.as('contributor', { method: 'POST', url: '/api/pulse/surveys', payload: body });
}

async function links(t: TestApp, survey: string, body: Record<string, unknown>): Promise<string[]> {
  const r = await t.as('contributor', { method: 'POST', url: `/api/pulse/surveys/${survey}/links`, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { links: { path: string }[] }).links.map((l) => tokenOf(l.path));
}

const answer = (t: TestApp, token: string, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/pulse/respond', headers: { [H]: token }, payload: payload as Record<string, unknown> });
const a = (quality: number, effort: number, speed: number, productivity: number) => ({ quality, effort, speed, productivity });

async function counts(t: TestApp) {
  const responses = await t.store.db.selectFrom('pulse_responses').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const used = await t.store.db.selectFrom('invitations').select('id').where('used_at', 'is not', null).execute();
  return { responses: Number(responses.n), used: used.length };
}

describeEachStore('pulse API', (open) => {
  it('opens one survey per deployed use case and period, and refuses the rest clearly', async ({ skip }) => {
    const t = await open(skip, { useCases: USE_CASES });
    const r = await openSurvey(t);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ use_case: 'assistant', period: '2026-03', status: 'open', closes_at: '2026-04-01T00:00:00.000Z', links: 0, respondents: null, scores: null });
    const again = await openSurvey(t);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'exists']);
    const pilot = await openSurvey(t, { use_case: 'pilot-one' });
    expect([pilot.statusCode, pilot.json().error.code]).toEqual([409, 'not_deployed']);
    expect(pilot.json().error.message).toMatch(/pilot-one is at stage pilot/);
    const past = await openSurvey(t, { use_case: 'assistant', period: '2026-02' });
    expect([past.statusCode, past.json().error.code]).toEqual([409, 'period_over']);
    const bad = await openSurvey(t, { use_case: 'assistant', period: '2026-13' });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'period']);
    const unknown = await openSurvey(t, { use_case: 'nope' });
    expect(unknown.statusCode).toBe(404);
    const viewer = await t.as('viewer', { method: 'POST', url: '/api/pulse/surveys', payload: { use_case: 'assistant', period: '2026-Q2' } });
    expect(viewer.statusCode).toBe(403);
    const surveys = await t.store.db.selectFrom('pulse_surveys').selectAll().execute();
    expect(surveys.map((s) => s.period)).toEqual(['2026-03']);
  });

  it('scores the answers as computed by hand, and shows nothing below five people', async ({ skip }) => {
    const t = await open(skip, { useCases: USE_CASES });
    const survey = (await openSurvey(t)).json().id as string;
    const sales = await links(t, survey, { count: 3, department: 'Sales' });
    const finance = await links(t, survey, { count: 3, department: 'Finance' });
    const given = [a(5, 4, 3, 4), a(4, 4, 4, 5), a(3, 2, 5, 4), a(2, 5, 4, 3), a(5, 3, 2, 1)];
    const tokens = [sales[0]!, sales[1]!, sales[2]!, finance[0]!, finance[1]!];
    for (const [i, g] of given.slice(0, 4).entries()) expect((await answer(t, tokens[i]!, g)).statusCode).toBe(201);
    const four = await t.as('viewer', { method: 'GET', url: '/api/use-cases/assistant/pulse' });
    expect(four.json().surveys[0]).toMatchObject({ links: 6, respondents: null, scores: null, departments: [] });
    expect(four.body).not.toContain('Sales');
    expect((await answer(t, tokens[4]!, given[4])).statusCode).toBe(201);
    const five = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/assistant/pulse' })).json();
    // Hand-computed in src/pulse/pulse-scores.test.ts: 70, 65, 65, 60; overall 65; 3 of 5 agree each.
    expect(five.surveys[0].respondents).toBe(5);
    expect(five.surveys[0].scores).toEqual({
      overall: 65,
      items: [
        { item: 'quality', score: 70, agree: 0.6 },
        { item: 'effort', score: 65, agree: 0.6 },
        { item: 'speed', score: 65, agree: 0.6 },
        { item: 'productivity', score: 60, agree: 0.6 },
      ],
    });
    // Sales 3 and Finance 2: neither is a group of five.
    expect(five.surveys[0].departments).toEqual([]);
    expect(five.surveys[0].hidden_departments).toBe(2);
    expect(five.statements[0].statement).toBe('Using Support Assistant helps improve the quality of my work or output');
    const portfolio = (await t.as('viewer', { method: 'GET', url: '/api/pulse' })).json();
    expect(portfolio.surveys.map((s: { use_case: string; scores: { overall: number } }) => [s.use_case, s.scores.overall])).toEqual([['assistant', 65]]);
    // A larger minimum group size (traction.yaml telemetry.min_group_size) hides it again.
    const config = await t.store.db.selectFrom('definitions').select('body').where('kind', '=', 'config').executeTakeFirstOrThrow();
    const body = JSON.parse(config.body) as { telemetry: { min_group_size: number } };
    body.telemetry.min_group_size = 6;
    await t.store.db.updateTable('definitions').set({ body: JSON.stringify(body) }).where('kind', '=', 'config').execute();
    const six = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/assistant/pulse' })).json();
    expect([six.min_group_size, six.surveys[0].respondents, six.surveys[0].scores]).toEqual([6, null, null]);
  });

  it('lets a link answer once, and refuses bad answers with nothing written and the link still usable', async ({ skip }) => {
    const t = await open(skip, { useCases: USE_CASES });
    const survey = (await openSurvey(t)).json().id as string;
    const [token] = await links(t, survey, { count: 1 });
    const q = await t.app.inject({ method: 'GET', url: '/api/pulse/respond', headers: { [H]: token! } });
    expect(q.statusCode).toBe(200);
    expect(q.json()).toMatchObject({ use_case: { id: 'assistant', title: 'Support Assistant' }, period: '2026-03' });
    expect(q.json().statements).toHaveLength(4);
    for (const [payload, field] of [
      [{ quality: 4, effort: 4, speed: 4 }, 'productivity'],
      [a(4, 4, 6, 4), 'speed'],
      [a(4, 0, 4, 4), 'effort'],
      [a(4, 4, 4, 2.5), 'productivity'],
      [{ ...a(4, 4, 4, 4), mood: 5 }, ''],
    ] as const) {
      const r = await answer(t, token!, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      if (field) expect(r.json().error.field ?? r.json().error.problems?.[0]?.field).toBe(field);
      expect(r.body).not.toMatch(/at .*\.ts/);
    }
    expect(await counts(t)).toEqual({ responses: 0, used: 0 });
    expect((await answer(t, token!, a(4, 4, 4, 4))).statusCode).toBe(201);
    const twice = await answer(t, token!, a(1, 1, 1, 1));
    expect(twice.headers['cache-control']).toBe('no-store');
    expect([twice.statusCode, twice.json().error.code]).toEqual([410, 'invitation_used']);
    expect(twice.json().error.message).toMatch(/used already/);
    expect(await counts(t)).toEqual({ responses: 1, used: 1 });
  });

  it('refuses an expired link, a closed survey and a link of another scope, writing nothing', async ({ skip }) => {
    const t = await open(skip, { useCases: USE_CASES });
    const survey = (await openSurvey(t)).json().id as string;
    const [soon] = await links(t, survey, { count: 1, expires_in_days: 1 });
    const [later, spare] = await links(t, survey, { count: 2 });
    // An invitation to an assessment round is no pulse link, and says nothing about what exists.
    const [foreign] = await t.store.transaction((tx) => createInvitations(tx, { scopeKind: 'assessment', scopeId: 'round_x', count: 1, expiresAt: new Date(T0.getTime() + 86400e3 * 30), note: null, by: 'admin', now: T0 }));
    const refused = async (token: string, code: string, status: number) => {
      const r = await answer(t, token, a(3, 3, 3, 3));
      expect([r.statusCode, r.json().error.code], r.body).toEqual([status, code]);
    };
    await refused(foreign!.token, 'invitation_unknown', 404);
    await refused('inv_' + 'A'.repeat(43), 'invitation_unknown', 404);
    await refused('not a token', 'invitation_unknown', 404);
    const none = await t.app.inject({ method: 'POST', url: '/api/pulse/respond', payload: a(3, 3, 3, 3) });
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'invitation_unknown']);
    t.clock.now = new Date(T0.getTime() + 2 * 86400e3);
    await refused(soon!, 'invitation_expired', 410);
    await t.login('contributor'); // the session of two days ago has ended
    expect((await t.as('contributor', { method: 'POST', url: `/api/pulse/surveys/${survey}/close` })).statusCode).toBe(200);
    await refused(later!, 'closed', 409);
    const page = await t.app.inject({ method: 'GET', url: '/api/pulse/respond', headers: { [H]: spare! } });
    expect([page.statusCode, page.json().error.code]).toEqual([409, 'closed']);
    expect(await counts(t)).toEqual({ responses: 0, used: 0 });
    // No new links for a closed survey, and a survey closes once.
    const more = await t.as('contributor', { method: 'POST', url: `/api/pulse/surveys/${survey}/links`, payload: { count: 1 } });
    expect([more.statusCode, more.json().error.code]).toEqual([409, 'closed']);
    expect((await t.as('contributor', { method: 'POST', url: `/api/pulse/surveys/${survey}/close` })).statusCode).toBe(409);
  });

  it('opens nothing else with a link, and keeps answers apart from links', async ({ skip }) => {
    const t = await open(skip, { useCases: USE_CASES });
    const survey = (await openSurvey(t)).json().id as string;
    const [token] = await links(t, survey, { count: 2, department: 'Sales' });
    for (const url of ['/api/use-cases/assistant/pulse', '/api/pulse', '/api/use-cases', '/api/auth/session']) {
      const r = await t.app.inject({ method: 'GET', url, headers: { [H]: token! } });
      expect(r.statusCode, url).toBe(401);
      const bearer = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(bearer.statusCode, url).toBe(401);
    }
    const write = await t.app.inject({ method: 'POST', url: `/api/pulse/surveys/${survey}/links`, headers: { [H]: token! }, payload: { count: 1 } });
    expect(write.statusCode).toBe(401);
    // Links expire with the period at the latest, even when asked for longer.
    const far = await t.as('contributor', { method: 'POST', url: `/api/pulse/surveys/${survey}/links`, payload: { count: 1, expires_in_days: 90 } });
    expect(far.json().links[0].expires_at).toBe('2026-04-01T00:00:00.000Z');
    expect((await answer(t, token!, a(5, 5, 5, 5))).statusCode).toBe(201);
    const rows = await t.store.db.selectFrom('pulse_responses').selectAll().execute();
    expect(Object.keys(rows[0]!).sort()).toEqual(['department', 'effort', 'id', 'productivity', 'quality', 'speed', 'survey_id']);
    const inv = await t.store.db.selectFrom('invitations').select('id').execute();
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(inv.map((i) => i.id).join('|')));
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'pulse.answer').execute();
    expect(audit).toEqual([{ action: 'pulse.answer', detail: '{}' }]);
    // The answers table is append-only in the database.
    await expect(t.store.db.updateTable('pulse_responses').set({ quality: 1 }).execute()).rejects.toThrow(/append-only/);
    await expect(t.store.db.deleteFrom('pulse_responses').execute()).rejects.toThrow(/append-only/);
  });
});
