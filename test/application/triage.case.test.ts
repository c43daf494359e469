// Triage through the API, on SQLite and PostgreSQL: proposals stay out of the ranking, the
// matrix thresholds and the roadmap until a portfolio owner accepts them; only portfolio
// owners decide, each decision once; authors edit their own proposal until it is accepted;
// duplicates are refused naming the existing one. Refusals change nothing.
import { expect, it } from 'vitest';
import { changesAskedOf, proposalsToReview } from '../../src/application/triage.js';
import type { UseCase } from '../../src/domain/use-case.js';
import { listAudit } from '../../src/store/audit-repository.js';
import { getDefinition } from '../../src/store/definition-repository.js';
import { getProposal } from '../../src/store/proposal-repository.js';
import { storeFingerprint } from '../../src/store/store-fingerprint.js';
import { CONFIG, describeEachStore, sampleUseCase, type TestApp } from '../support/server-app.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';

const churn = sampleUseCase('churn-alerts', {
  value_streams: [{ id: 'kept', name: 'Kept revenue', kind: 'revenue', formula: 'customers * value', inputs: { value: 900, customers: { low: 2, likely: 6, high: 15 } } }],
  strategic_alignment: 4,
});
const matching = sampleUseCase('invoice-matching', { stage: 'qualified', team: 'ops', value_streams: [{ id: 'hours', name: 'Hours saved', kind: 'cost_saving', formula: 'hours * 45', inputs: { hours: { low: 100, likely: 200, high: 260 } } }] });
const routes = sampleUseCase('route-planning', { costs: { build: 60000, run_monthly: 500 }, value_streams: [{ id: 'km', name: 'Fewer km', kind: 'cost_saving', formula: 'km * 0.9', inputs: { km: { low: 2000, likely: 5000, high: 7000 } } }] });
const useCases: UseCase[] = [churn, matching, routes];

/** The contributor proposes; the approver is the portfolio owner. */
async function openTriage(open: Parameters<Parameters<typeof describeEachStore>[1]>[0], skip: (reason: string) => void): Promise<TestApp> {
  const t = await open(skip, { useCases, seed: false });
  await applyDefinitions(t.store, workspaceDefinitions({ root: '', config: { ...CONFIG, roles: { ...CONFIG.roles, portfolio_owner: ['approver'] } }, sources: [], datasets: [], useCases }), 'seed', new Date('2026-03-02T09:00:00Z'));
  return t;
}

const intake = (title: string, monthly = 40000, extra: Record<string, unknown> = {}) => ({
  title,
  problem: `Today nobody sees ${title.toLowerCase()} early enough, and money is lost`,
  objective: 'See it early and act',
  owner: 'Olga Owner',
  sponsor: 'Sam Sponsor',
  department: 'Operations',
  team: 'data',
  monthly_value: { low: monthly / 2, likely: monthly, high: monthly * 2 },
  build_cost: 5000,
  run_monthly: 100,
  effort_person_weeks: 2,
  probability_of_success: 0.9,
  ...extra,
});

/** What the portfolio shows: order, expected NPVs, the matrix's thresholds, and the plan. */
async function portfolioView(t: TestApp) {
  const p = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json();
  // The solver's time is the one thing that may differ between two plans of the same portfolio.
  const { solver_seconds: _time, ...r } = (await t.as('viewer', { method: 'GET', url: '/api/roadmap' })).json();
  return { ranking: p.use_cases.map((u: { id: string; npv: { expected: number } }) => [u.id, u.npv.expected]), thresholds: p.thresholds, roadmap: r };
}

describeEachStore('triage', (open) => {
  it('leaves six proposals out of the ranking, the matrix thresholds and the plan until one is accepted', async ({ skip }) => {
    const t = await openTriage(open, skip);
    const before = await portfolioView(t);
    expect(before.ranking.map((r: [string]) => r[0]).sort()).toEqual(['churn-alerts', 'invoice-matching', 'route-planning']);
    const titles = ['Demand sensing', 'Supplier risk radar', 'Warehouse slotting', 'Quote assistant', 'Returns triage', 'Payment reminders'];
    for (const [i, title] of titles.entries()) expect((await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake(title, 30000 + i * 20000) })).statusCode).toBe(201);
    const during = await portfolioView(t);
    expect(during).toEqual(before);

    const accepted = await t.as('approver', { method: 'POST', url: '/api/proposals/returns-triage/decision', payload: { decision: 'accept' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decided_by: 'approver' });
    const after = await portfolioView(t);
    // At 130,000 a month with a 90% chance, the accepted one ranks first; the other five stay out.
    expect(after.ranking.map((r: [string]) => r[0])[0]).toBe('returns-triage');
    expect(after.ranking).toHaveLength(4);
    expect(after.thresholds).not.toEqual(before.thresholds);
  });

  it('lets only portfolio owners decide, each decision once, and changes nothing on a refusal', async ({ skip }) => {
    const t = await openTriage(open, skip);
    expect((await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake('Invoice matching bot') })).statusCode).toBe(201);
    const fingerprint = await storeFingerprint(t.store.db);
    for (const role of ['contributor', 'admin'] as const) {
      const r = await t.as(role, { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload: { decision: 'accept' } });
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'not_role_holder' });
      expect(r.json().error.message).toContain('portfolio owners: approver');
    }
    expect((await t.as('contributor', { method: 'GET', url: '/api/proposals' })).statusCode).toBe(403);
    const bad = await t.as('approver', { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload: { decision: 'reject', reason: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('reason');
    const self = await t.as('approver', { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload: { decision: 'merge', into: 'invoice-matching-bot' } });
    expect(self.statusCode).toBe(409);
    const nowhere = await t.as('approver', { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload: { decision: 'merge', into: 'no-such-thing' } });
    expect(nowhere.statusCode).toBe(404);
    const applied = await t.as('approver', { method: 'POST', url: '/api/proposals/churn-alerts/decision', payload: { decision: 'reject', reason: 'Not needed' } });
    expect(applied.statusCode).toBe(404);
    expect(await storeFingerprint(t.store.db)).toBe(fingerprint);
    expect((await getProposal(t.store.db, 'invoice-matching-bot'))?.status).toBe('proposed');

    // Merged into the use case it duplicates: archived, kept out, and decided once only.
    const merged = await t.as('approver', { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload: { decision: 'merge', into: 'invoice-matching', comment: 'Same as the one in qualification' } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'merged', merged_into: 'invoice-matching', merged_into_title: 'Use case invoice-matching' });
    expect((await getDefinition(t.store.db, 'use_case', 'invoice-matching-bot'))?.archivedAt).not.toBeNull();
    const again = await t.as('approver', { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload: { decision: 'accept' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('decided');
    expect((await getProposal(t.store.db, 'invoice-matching-bot'))?.status).toBe('merged');
  });

  it('shows similar use cases, refuses a duplicate title naming the first, and lets the author edit after changes are asked', async ({ skip }) => {
    const t = await openTriage(open, skip);
    const first = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake('Supplier risk radar') });
    expect(first.json().proposal).toMatchObject({ status: 'proposed', author: 'contributor' });
    const typo = await t.as('viewer', { method: 'GET', url: '/api/proposals/similar?title=Suplier%20risk%20radr' });
    // The viewer does not see the contributor's proposal before it is accepted.
    expect(typo.json().items).toEqual([]);
    const typoByOwner = await t.as('approver', { method: 'GET', url: '/api/proposals/similar?title=Suplier%20risk%20radr' });
    expect(typoByOwner.json().items[0]).toMatchObject({ id: 'supplier-risk-radar', title: 'Supplier risk radar' });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    const second = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake('Suplier risk radr') });
    expect(second.statusCode).toBe(201);
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    expect(second.json().similar[0]).toMatchObject({ id: 'supplier-risk-radar' });
    const dup = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake('supplier  risk radar') });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'duplicate', field: 'title' });
    expect(dup.json().error.message).toContain('"Supplier risk radar" (supplier-risk-radar)');

    const review = (await t.as('approver', { method: 'GET', url: '/api/proposals' })).json().items;
    expect(review.map((p: { use_case_id: string }) => p.use_case_id)).toEqual(['supplier-risk-radar', 'suplier-risk-radr']);
    expect(review[1].similar[0]).toMatchObject({ id: 'supplier-risk-radar' });
    expect((await proposalsToReview(t.store.db, 'approver')).map((p) => p.useCaseId)).toEqual(['supplier-risk-radar', 'suplier-risk-radr']);
    expect(await proposalsToReview(t.store.db, 'contributor')).toEqual([]);
    const inboxKinds = async (role: 'approver' | 'contributor') => (await t.as(role, { method: 'GET', url: '/api/inbox' })).json().items.map((i: { kind: string; use_case: string }) => `${i.kind} ${i.use_case}`);
    expect(await inboxKinds('approver')).toEqual(expect.arrayContaining(['proposal_review supplier-risk-radar', 'proposal_review suplier-risk-radr']));
    expect((await inboxKinds('contributor')).filter((k: string) => k.startsWith('proposal'))).toEqual([]);

    const ask = await t.as('approver', { method: 'POST', url: '/api/proposals/supplier-risk-radar/decision', payload: { decision: 'request_changes', comment: 'Which suppliers, and what does a late one cost?' } });
    expect(ask.json()).toMatchObject({ status: 'changes_requested', comment: 'Which suppliers, and what does a late one cost?' });
    expect((await changesAskedOf(t.store.db, 'contributor')).map((p) => p.useCaseId)).toEqual(['supplier-risk-radar']);
    expect(await inboxKinds('contributor')).toContain('proposal_changes supplier-risk-radar');
    // Someone else may not edit it; its author may, and it goes back to the queue.
    const other = await t.as('admin', { method: 'PATCH', url: '/api/use-cases/supplier-risk-radar', payload: { objective: 'Something else' } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('not_author');
    const edit = await t.as('contributor', { method: 'PATCH', url: '/api/use-cases/supplier-risk-radar', payload: { objective: 'Know three weeks ahead which of our 40 main suppliers will deliver late' } });
    expect(edit.statusCode).toBe(200);
    const mine = (await t.as('contributor', { method: 'GET', url: '/api/proposals/mine' })).json().items;
    expect(mine.map((p: { use_case_id: string; status: string }) => [p.use_case_id, p.status])).toEqual([
      ['supplier-risk-radar', 'proposed'],
      ['suplier-risk-radr', 'proposed'],
    ]);
    expect(await changesAskedOf(t.store.db, 'contributor')).toEqual([]);
    const actions = (await listAudit(t.store.db, { objectKind: 'use_case', objectId: 'supplier-risk-radar' })).map((a) => a.action);
    expect(actions).toEqual(['definition.created', 'proposal.proposed', 'proposal.changes_requested', 'definition.updated', 'proposal.proposed']);

    // Rejected: archived with its reason, and no longer edited.
    expect((await t.as('approver', { method: 'POST', url: '/api/proposals/suplier-risk-radr/decision', payload: { decision: 'reject', reason: 'A duplicate of the supplier risk radar' } })).statusCode).toBe(200);
    const late = await t.as('contributor', { method: 'GET', url: '/api/proposals/suplier-risk-radr' });
    expect(late.json().proposal).toMatchObject({ status: 'rejected', comment: 'A duplicate of the supplier risk radar' });
    expect((await t.as('viewer', { method: 'GET', url: '/api/proposals/suplier-risk-radr' })).statusCode).toBe(404);
    expect((await t.as('viewer', { method: 'GET', url: '/api/proposals/churn-alerts' })).json()).toEqual({ proposal: null });
  });

  it('answers every intake problem at once in plain words, storing nothing', async ({ skip }) => {
    const t = await openTriage(open, skip);
    const r = await t.as('contributor', {
      method: 'POST',
      url: '/api/use-cases',
      payload: { ...intake('Ok'), problem: '', monthly_value: { low: -10, likely: 5, high: 8 }, probability_of_success: 1.5, build_cost: -1 },
    });
    expect(r.statusCode).toBe(400);
    const problems = r.json().error.problems as { field: string; message: string }[];
    expect(Object.fromEntries(problems.map((p) => [p.field, p.message]))).toEqual({
      title: 'Title is too short: at least 3 characters',
      problem: 'Problem is missing',
      monthly_value: 'Value per month cannot be negative: money saved is value too, entered as a positive amount',
      build_cost: 'Build cost cannot be negative: a saving is a value stream (value per month), not a negative cost',
      probability_of_success: 'Chance of success is a percentage from 0% to 100%, not 150%',
    });
    expect(await getProposal(t.store.db, 'ok')).toBeUndefined();
    expect(await getDefinition(t.store.db, 'use_case', 'ok')).toBeUndefined();
  });

  it('refuses forged and oversized decisions and queries, changing nothing', async ({ skip }) => {
    const t = await openTriage(open, skip);
    expect((await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake('Invoice matching bot') })).statusCode).toBe(201);
    const fingerprint = await storeFingerprint(t.store.db);
    const audit = (await listAudit(t.store.db, { objectKind: 'use_case' })).length;
    const attempts: [string, object, number][] = [
      ['a status set directly', { decision: 'accept', status: 'accepted' }, 400],
      ['an unknown decision', { decision: 'approve' }, 400],
      ['a path as merge target', { decision: 'merge', into: '../../config' }, 400],
      ['a comment of 100,000 characters', { decision: 'request_changes', comment: 'x'.repeat(100_000) }, 400],
      ['a blank reason', { decision: 'reject', reason: '   ' }, 400],
    ];
    for (const [what, payload, status] of attempts) {
      const r = await t.as('approver', { method: 'POST', url: '/api/proposals/invoice-matching-bot/decision', payload });
      expect({ what, status: r.statusCode }).toEqual({ what, status });
      expect(r.body).not.toMatch(/at \S+\.(ts|js):\d+/);
    }
    expect((await t.as('approver', { method: 'GET', url: '/api/proposals?status=accepted,everything' })).json().error).toMatchObject({ code: 'invalid', field: 'status' });
    // Another author's proposal cannot be read by id, nor decided through a token of a non-owner.
    expect((await t.as('viewer', { method: 'GET', url: '/api/proposals/invoice-matching-bot' })).statusCode).toBe(404);
    expect(await storeFingerprint(t.store.db)).toBe(fingerprint);
    expect((await listAudit(t.store.db, { objectKind: 'use_case' })).length).toBe(audit);
    expect((await getProposal(t.store.db, 'invoice-matching-bot'))?.status).toBe('proposed');
  });
});
