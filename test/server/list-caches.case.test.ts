// The list endpoints' read-model caches (server/read-model.ts) on SQLite and PostgreSQL: each
// answer is served from the cache while the store did not change, and is never stale after a
// write, also one made through another connection to the same store (a second replica, the
// CLI), nor after the clock passes the moment the answer changes on its own (a day ends, a
// month-end projection falls below the budget, a survey's period ends).
import { expect, it } from 'vitest';
import type { UseCase } from '../../src/domain/use-case.js';
import type { WorkspaceConfig } from '../../src/domain/workspace-config.js';
import { answerPulse, makePulseLinks, openPulse } from '../../src/pulse/pulse-actions.js';
import { appendAudit } from '../../src/store/audit-repository.js';
import { newId } from '../../src/store/evidence-repository.js';
import { recordReadinessRun } from '../../src/store/readiness-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { readStoredWorkspace } from '../../src/store/stored-workspace.js';
import { recordUsageBatches } from '../../src/store/usage-repository.js';
import { aggregate } from '../../src/usage/aggregate.js';
import { batchKey } from '../../src/usage/ingest-batch.js';
import type { ReducedSpan } from '../../src/usage/reduce-span.js';
import { portfolioUsageReport } from '../../src/usage/usage-store-read.js';
import { describeEachStore, sampleUseCase, type TestApp } from '../support/server-app.js';

const DEPLOYED = sampleUseCase('churn-alerts', { stage: 'production' });

/** `n` calls of `useCaseId` on `day`, each costing `cost`, recorded by the store's own ingest writer on `store`. */
async function recordCalls(store: Store, day: string, n: number, cost: number, now: Date): Promise<void> {
  const spans: ReducedSpan[] = Array.from({ length: n }, (_, i) => ({
    key: `${day}|${i}|${Math.random()}`, useCaseId: DEPLOYED.id, service: 'churn', day, model: 'm', department: null, user: `u${i}`,
    errorType: null, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0, cost, durationMs: 100, ttftMs: null,
  }));
  const batch = { kept: n, key: batchKey(spans), usage: aggregate(spans), rejected: new Map(), ignored: 0, repeated: 0, unpricedModels: new Set<string>() };
  await recordUsageBatches(store, [{ batch, now }]);
}

/** A second connection to the test app's store, as another replica or the CLI would open it. */
async function secondConnection(t: TestApp, opened: Store[]): Promise<Store> {
  const other = await openStore(t.store.location);
  opened.push(other);
  return other;
}

type UsageAnswer = { today: string; use_cases: { use_case: string; requests_30d: number; cost_this_month: number; flags: string[] }[] };
const getUsage = async (t: TestApp) => (await t.as('viewer', { method: 'GET', url: '/api/usage' })).json() as UsageAnswer;

describeEachStore('list caches', (open) => {
  it('/api/usage: kept while nothing is written, made again after a write through another connection and at the day\'s end', async ({ skip }) => {
    const t = await open(skip, { useCases: [DEPLOYED] });
    const opened: Store[] = [];
    try {
      t.clock.now = new Date('2026-03-10T12:00:00Z');
      const other = await secondConnection(t, opened);
      await recordCalls(other, '2026-03-10', 3, 0.01, t.clock.now);
      expect((await getUsage(t)).use_cases.map((u) => [u.use_case, u.requests_30d])).toEqual([['churn-alerts', 3]]);
      // A change no writer may make (it skips the usage revision): the cached answer is what is served.
      await other.db.updateTable('usage_days').set({ requests: 1003 }).execute();
      expect((await getUsage(t)).use_cases[0]!.requests_30d).toBe(3);
      // A real write, by the other connection: the next answer has it (and the row changed around it).
      await recordCalls(other, '2026-03-10', 2, 0.01, t.clock.now);
      const after = await getUsage(t);
      expect(after.use_cases[0]!.requests_30d).toBe(1005);
      // The same as computed afresh from the store.
      const config = (await t.store.db.selectFrom('definitions').select('body').where('kind', '=', 'config').executeTakeFirstOrThrow()).body;
      const fresh = await portfolioUsageReport(t.store.db, [DEPLOYED as UseCase], JSON.parse(config) as WorkspaceConfig, t.clock.now);
      expect(after).toEqual(JSON.parse(JSON.stringify(fresh)));
      // 31 days on, with no write: the 30-day window no longer holds the day.
      t.clock.now = new Date('2026-04-10T12:00:00Z');
      await t.login('viewer'); // the session of a month ago has ended
      const later = await getUsage(t);
      expect([later.today, later.use_cases[0]!.requests_30d]).toEqual(['2026-04-10', 0]);
    } finally {
      for (const s of opened) await s.close();
    }
  });

  it('/api/usage: a month-end projection above the budget is dropped when the clock passes its crossing, within the day', async ({ skip }) => {
    const t = await open(skip, { useCases: [DEPLOYED] });
    // 400 spent in March against the run cost of 1000 a month: projected over until 400 x 31 / 1000
    // = 12.4 days have passed, 2026-03-13 at 09:36 UTC.
    t.clock.now = new Date('2026-03-13T08:00:00Z');
    await recordCalls(t.store, '2026-03-02', 4, 100, t.clock.now);
    expect((await getUsage(t)).use_cases[0]!.flags).toContain('over_budget');
    t.clock.now = new Date('2026-03-13T09:35:00Z');
    expect((await getUsage(t)).use_cases[0]!.flags).toContain('over_budget');
    t.clock.now = new Date('2026-03-13T09:37:00Z');
    expect((await getUsage(t)).use_cases[0]!.flags).not.toContain('over_budget');
  });

  it('/api/pulse: answers through another connection show at once, and a survey closes when its period ends', async ({ skip }) => {
    const t = await open(skip, { useCases: [DEPLOYED] });
    const opened: Store[] = [];
    try {
      t.clock.now = new Date('2026-03-10T12:00:00Z');
      const other = await secondConnection(t, opened);
      const ctx = (await readStoredWorkspace(other.db, '.'))!;
      const survey = await openPulse(other, ctx, { useCaseId: DEPLOYED.id, by: 'admin', now: t.clock.now });
      const { links } = await makePulseLinks(other, { surveyId: survey.id, count: 6, by: 'admin', now: t.clock.now });
      type PulseAnswer = { surveys: { id: string; status: string; links: number; respondents: number | null; scores: { overall: number } | null }[] };
      const getPulse = async () => (await t.as('viewer', { method: 'GET', url: '/api/pulse' })).json() as PulseAnswer;
      expect((await getPulse()).surveys.map((s) => [s.id, s.status, s.links, s.respondents])).toEqual([[survey.id, 'open', 6, null]]);
      // Five answers (the minimum group size): agree (4) on every statement scores 75 of 100.
      for (const link of links.slice(0, 5)) await answerPulse(other, { token: link.path.split('#')[1], answer: { quality: 4, effort: 4, speed: 4, productivity: 4 }, now: t.clock.now });
      const answered = (await getPulse()).surveys[0]!;
      expect([answered.respondents, answered.scores?.overall]).toEqual([5, 75]);
      t.clock.now = new Date('2026-04-01T00:00:01Z');
      await t.login('viewer'); // the session of three weeks ago has ended
      expect((await getPulse()).surveys[0]!.status).toBe('closed');
    } finally {
      for (const s of opened) await s.close();
    }
  });

  it('/api/audit and /api/readiness/runs: an entry or a run recorded through another connection shows in the next page', async ({ skip }) => {
    const t = await open(skip, { useCases: [DEPLOYED] });
    const opened: Store[] = [];
    try {
      const other = await secondConnection(t, opened);
      type Page = { items: { action?: string; id?: string }[]; total: number };
      const audit = async () => (await t.as('admin', { method: 'GET', url: '/api/audit?limit=5' })).json() as Page;
      const runs = async () => (await t.as('viewer', { method: 'GET', url: '/api/readiness/runs' })).json() as Page;
      const before = await audit();
      expect((await audit()).total).toBe(before.total);
      await appendAudit(other.db, { at: t.clock.now, actor: 'cli', action: 'test.cache', objectKind: 'test', objectId: 'x', detail: {} });
      const after = await audit();
      expect([after.total, after.items[0]!.action]).toEqual([before.total + 1, 'test.cache']);

      expect((await runs()).total).toBe(0);
      const id = newId('run');
      await recordReadinessRun(other, { id, startedAt: t.clock.now, finishedAt: t.clock.now, actor: 'cli', datasets: [], scores: [], evidence: [], summary: { datasets: 0 } });
      const listed = await runs();
      expect([listed.total, listed.items[0]!.id]).toEqual([1, id]);
    } finally {
      for (const s of opened) await s.close();
    }
  });
});
