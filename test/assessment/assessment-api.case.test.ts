// The assessment through the API on SQLite and PostgreSQL: a round opened, answered by a
// logged-in user and through invitation links, scored (values computed by hand below), closed;
// the gap report aimed at the portfolio's top-ranked use cases; an action made a task and a
// use case; the trend over rounds.
import { expect, it } from 'vitest';
import { INVITATION_HEADER } from '../../src/assessment/invitation.js';
import { describeEachStore } from '../support/server-app.js';
import { emptyWorkspace, errorCode, invite, openRound, respond } from './assessment-support.js';

interface Results {
  round: { status: string; respondents: { total: number; leadership: number; staff: number } };
  overall: { score: number; percent: number; level: { name: string } };
  pillars: { id: string; score: number | null; level: { name: string } | null; items: { id: string; median: number | null; spread: { iqr: number } | null; leadership_median: number | null; staff_median: number | null; disagreement: boolean; distribution: number[] }[] }[];
  disagreements: { item: string; gap: number }[];
  benchmarks: { source: string; year: number; publisher: string }[];
}

describeEachStore('assessment API', (open) => {
  it('opens a round, takes answers from a user and through links, scores them, and closes', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const questionnaire = await t.as('viewer', { method: 'GET', url: '/api/assessment/questionnaire' });
    expect(questionnaire.statusCode).toBe(200);
    expect(questionnaire.json().origin).toBe('default');

    const roundId = await openRound(t);
    // The viewer (leadership) answers as themself; two staff through links.
    const mine = await t.as('viewer', { method: 'POST', url: `/api/assessment/rounds/${roundId}/responses`, payload: { group: 'leadership', answers: [{ item: 'data.quality', level: 5 }, { item: 'strategy.direction', level: 4 }] } });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ round_id: roundId, group: 'leadership', answers: 2 });
    const links = await invite(t, roundId, 2);
    expect(links.map((l) => l.path)).toEqual(links.map((l) => `/assessment/respond#${l.token}`));
    const opened = await t.app.inject({ method: 'GET', url: '/api/assessment/respond', headers: { [INVITATION_HEADER]: links[0]!.token } });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().round).toEqual({ id: roundId, title: 'Spring 2026' });
    expect(opened.json().questionnaire.pillars).toHaveLength(8);
    for (const [link, quality, direction] of [[links[0]!, 2, 2], [links[1]!, 1, 3]] as const) {
      const r = await respond(t, link.token, { group: 'staff', answers: [{ item: 'data.quality', level: quality }, { item: 'strategy.direction', level: direction }] });
      expect(r.statusCode, r.body).toBe(201);
    }

    const results = await t.as('viewer', { method: 'GET', url: `/api/assessment/rounds/${roundId}/results` });
    expect(results.statusCode, results.body).toBe(200);
    const body = results.json() as Results;
    expect(body.round.respondents).toEqual({ total: 3, leadership: 1, staff: 2 });
    const item = (id: string) => body.pillars.flatMap((p) => p.items).find((i) => i.id === id)!;
    // data.quality: 5, 2, 1 -> median 2; Q1 at h = 0.5: 1.5, Q3 at h = 1.5: 3.5 -> IQR 2. Leadership 5, staff 1.5: 3.5 apart.
    expect(item('data.quality')).toMatchObject({ median: 2, spread: { iqr: 2 }, leadership_median: 5, staff_median: 1.5, disagreement: true, distribution: [1, 1, 0, 0, 1] });
    // strategy.direction: 4, 2, 3 -> median 3; leadership 4, staff 2.5: 1.5 apart, not flagged.
    expect(item('strategy.direction')).toMatchObject({ median: 3, leadership_median: 4, staff_median: 2.5, disagreement: false });
    const pillar = (id: string) => body.pillars.find((p) => p.id === id)!;
    // One answered item per pillar: the pillar is that median. Overall (weights data 1.5, strategy 1): (1.5 x 2 + 1 x 3) / 2.5 = 2.4 -> Active.
    expect([pillar('data').score, pillar('data').level?.name, pillar('strategy').score, pillar('strategy').level?.name, pillar('security').score]).toEqual([2, 'Active', 3, 'Operational', null]);
    expect(body.overall.score).toBeCloseTo(2.4, 12);
    expect(body.overall.percent).toBeCloseTo(35, 10);
    expect(body.overall.level.name).toBe('Active');
    expect(body.disagreements).toEqual([expect.objectContaining({ item: 'data.quality', gap: 3.5 })]);
    expect(body.benchmarks.length).toBeGreaterThan(0);
    expect(body.benchmarks.every((b) => b.source && b.publisher && b.year >= 2018)).toBe(true);

    const closed = await t.as('admin', { method: 'POST', url: `/api/assessment/rounds/${roundId}/close` });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closed_by: 'admin' });
    const list = await t.as('viewer', { method: 'GET', url: '/api/assessment/rounds' });
    expect(list.json().items).toEqual([expect.objectContaining({ id: roundId, status: 'closed', answered_by_me: true })]);
  });

  it("aims the gap report at the portfolio's top-ranked use cases and turns actions into a task and a use case", async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const roundId = await openRound(t);
    const answers = [
      { item: 'data.quality', level: 1 },
      { item: 'data.access', level: 2 },
      { item: 'strategy.direction', level: 2 },
      { item: 'value.baseline', level: 3 },
      { item: 'security.access', level: 4 },
    ];
    expect((await t.as('viewer', { method: 'POST', url: `/api/assessment/rounds/${roundId}/responses`, payload: { group: 'staff', answers } })).statusCode).toBe(201);
    const gap = await t.as('viewer', { method: 'GET', url: `/api/assessment/rounds/${roundId}/gap` });
    expect(gap.statusCode, gap.body).toBe(200);
    const report = gap.json() as { weakest: { pillar: string; score: number; weakest_items: { id: string; median: number; next_level: string | null }[]; actions: { id: string; targets: string[]; followed_up: { kind: string; use_case_id: string | null }[] }[] }[] };
    // data (1, 2 weighted 2 and 1.5 -> (2 + 3) / 3.5 = 1.43), strategy 2, value 3: the three weakest, lowest first; security (4) is not.
    expect(report.weakest.map((w) => w.pillar)).toEqual(['data', 'strategy', 'value']);
    expect(report.weakest[0]!.score).toBeCloseTo(5 / 3.5, 12);
    expect(report.weakest[0]!.weakest_items[0]).toMatchObject({ id: 'data.quality', median: 1, next_level: 'People fix errors by hand when they notice them.' });
    const portfolio = await t.as('viewer', { method: 'GET', url: '/api/portfolio' });
    const ranked = (portfolio.json() as { use_cases: { id: string }[] }).use_cases.map((r) => r.id).slice(0, 3);
    expect(ranked.length).toBeGreaterThan(0);
    const rank = report.weakest[1]!.actions.find((a) => a.id === 'strategy.rank_portfolio')!;
    expect(rank.targets).toEqual(ranked);

    const task = await t.as('contributor', { method: 'POST', url: `/api/assessment/rounds/${roundId}/tasks`, payload: { action: 'data.readiness_checks_top3' } });
    expect(task.statusCode, task.body).toBe(201);
    expect(task.json()).toMatchObject({ kind: 'task', pillar_id: 'data', status: 'open', title: 'Run readiness checks on the datasets of the three top-ranked use cases' });
    const uc = await t.as('contributor', {
      method: 'POST',
      url: `/api/assessment/rounds/${roundId}/use-cases`,
      payload: { action: 'data.quality_use_case', owner: 'Olga', sponsor: 'Sam', department: 'Operations', team: 'data', monthly_value: { low: 1000, likely: 2000, high: 4000 }, build_cost: 20000, run_monthly: 500, effort_person_weeks: 6 },
    });
    expect(uc.statusCode, uc.body).toBe(201);
    const useCaseId = uc.json().use_case.id as string;
    // A proposal until a portfolio owner accepts it: its author sees it, another reader does not.
    expect((await t.as('viewer', { method: 'GET', url: `/api/use-cases/${useCaseId}` })).statusCode).toBe(404);
    const stored = await t.as('contributor', { method: 'GET', url: `/api/use-cases/${useCaseId}` });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().use_case).toMatchObject({ title: 'Clean and maintain core business data', tags: ['assessment', 'data'] });

    const after = (await t.as('viewer', { method: 'GET', url: `/api/assessment/rounds/${roundId}/gap` })).json() as typeof report;
    const followed = after.weakest[0]!.actions.flatMap((a) => a.followed_up.map((f) => [a.id, f.kind, f.use_case_id]));
    expect(followed).toEqual(expect.arrayContaining([['data.readiness_checks_top3', 'task', null], ['data.quality_use_case', 'use_case', useCaseId]]));

    const done = await t.as('contributor', { method: 'POST', url: `/api/assessment/tasks/${task.json().id}/done` });
    expect(done.json()).toMatchObject({ status: 'done', done_by: 'contributor' });
    const again = await t.as('contributor', { method: 'POST', url: `/api/assessment/tasks/${task.json().id}/done` });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'conflict']);
    const open_ = await t.as('viewer', { method: 'GET', url: '/api/assessment/tasks?status=open' });
    expect(open_.json().items.map((i: { kind: string }) => i.kind)).toEqual(['use_case']);
  });

  it('shows the trend over rounds, oldest first', async ({ skip }) => {
    const t = await open(skip, { workspaceRoot: emptyWorkspace() });
    const first = await openRound(t, 'Autumn 2025');
    await t.as('viewer', { method: 'POST', url: `/api/assessment/rounds/${first}/responses`, payload: { group: 'staff', answers: [{ item: 'data.quality', level: 1 }] } });
    await t.as('admin', { method: 'POST', url: `/api/assessment/rounds/${first}/close` });
    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    const second = await openRound(t, 'Winter 2026');
    await t.as('viewer', { method: 'POST', url: `/api/assessment/rounds/${second}/responses`, payload: { group: 'staff', answers: [{ item: 'data.quality', level: 3 }, { item: 'talent.literacy', level: 4 }] } });
    const trend = await t.as('viewer', { method: 'GET', url: '/api/assessment/trend' });
    expect(trend.statusCode).toBe(200);
    const body = trend.json() as { pillars: { id: string }[]; rounds: { id: string; overall: number; pillars: Record<string, number | null>; status: string }[] };
    expect(body.pillars).toHaveLength(8);
    expect(body.rounds.map((r) => [r.id, r.status, r.pillars.data, r.pillars.talent])).toEqual([
      [first, 'closed', 1, null],
      [second, 'open', 3, 4],
    ]);
    // Second round: data 3 (weight 1.5), talent 4 (weight 1): (4.5 + 4) / 2.5 = 3.4.
    expect(body.rounds[1]!.overall).toBeCloseTo(3.4, 12);
  });
});
