// The jobs API on SQLite and PostgreSQL: the scheduled jobs with their next run (UTC), "run
// now" queued once however often it is asked, run by the scheduler and shown with its
// summary; and requests that must change nothing (unknown job, hostile target, bad bodies).
import path from 'node:path';
import { expect, it } from 'vitest';
import { bossSchema } from '../../src/jobs/pgboss-queue.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { dropSchema } from '../support/databases.js';
import { CONFIG, describeEachStore, T0, type TestApp } from '../support/server-app.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');

interface JobsAnswer {
  time_zone: string;
  scheduled: { kind: string; target: string; schedule: string; next_run: string | null; last_runs: { id: string; status: string }[] }[];
  runs: { id: string; kind: string; target: string; trigger: string; requested_by: string | null; status: string; attempts: number; summary: string | null; error: string | null }[];
}

async function seeded(open: (skip: (r: string) => void, o?: object) => Promise<TestApp>, skip: (r: string) => void): Promise<TestApp> {
  const t = await open(skip, { seed: false, workspaceRoot: FIXTURE });
  const { workspace } = await loadWorkspace(FIXTURE);
  await applyDefinitions(t.store, workspaceDefinitions({ ...workspace!, config: CONFIG }), 'seed', T0);
  return t;
}

const count = async (t: TestApp, table: 'job_runs') => (await t.store.db.selectFrom(table).selectAll().execute()).length;

describeEachStore('jobs API', (open) => {
  it('lists the scheduled checks with the next run, runs one now once, and shows how it went', async ({ skip }) => {
    const t = await seeded(open, skip);
    const first = await t.as('admin', { method: 'GET', url: '/api/jobs' });
    expect(first.statusCode, first.body).toBe(200);
    const before = first.json() as JobsAnswer;
    // erp_orders runs at 06:00 UTC; the clock says 2026-03-02 09:00 UTC, so next is the 3rd.
    expect(before.scheduled).toEqual([{ kind: 'dataset-checks', title: 'Readiness checks of a dataset', target: 'erp_orders', schedule: '0 6 * * *', next_run: '2026-03-03T06:00:00.000Z', last_runs: [] }]);
    expect(before.runs).toEqual([]);

    const asked = await t.as('admin', { method: 'POST', url: '/api/jobs/runs', payload: { kind: 'dataset-checks', target: 'erp_orders' } });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ queued: true, run: { status: 'queued', trigger: 'manual', requested_by: 'admin', scheduled_for: T0.toISOString() } });
    const twice = await t.as('admin', { method: 'POST', url: '/api/jobs/runs', payload: { kind: 'dataset-checks', target: 'erp_orders' } });
    expect(twice.json()).toMatchObject({ queued: false, run: { id: asked.json().run.id } });
    expect(await count(t, 'job_runs')).toBe(1);

    const l = t.store.location;
    try {
      const pass = await new Scheduler({ store: t.store, registry: t.deps.jobKinds, workspaceRoot: FIXTURE, sourceEnv: {}, now: () => T0 }).runOnce();
      // The manual run, and the 06:00 tick of the day, both due.
      expect(pass.ran).toBe(2);
    } finally {
      if (l.kind === 'postgres') await dropSchema(bossSchema(l).schema);
    }
    const after = (await t.as('admin', { method: 'GET', url: '/api/jobs' })).json() as JobsAnswer;
    const manual = after.runs.find((r) => r.trigger === 'manual')!;
    expect(manual).toMatchObject({ id: asked.json().run.id, status: 'succeeded', attempts: 1, error: null });
    expect(manual.summary).toMatch(/^\d+ of \d+ checks passed, \d+ failed/);
    expect(after.runs.map((r) => [r.trigger, r.status])).toEqual([['manual', 'succeeded'], ['schedule', 'succeeded']]);
    expect(after.scheduled[0]!.last_runs.map((r) => r.id)).toContain(manual.id);
    const failed = (await t.as('admin', { method: 'GET', url: '/api/jobs?status=failed' })).json() as JobsAnswer;
    expect(failed.runs).toEqual([]);
  });

  it('refuses an unknown job, a hostile target and malformed requests, writing nothing', async ({ skip }) => {
    const t = await seeded(open, skip);
    const post = (payload: unknown) => t.as('admin', { method: 'POST', url: '/api/jobs/runs', payload: payload as Record<string, unknown> });
    const refusals: [unknown, number, string][] = [
      [{ kind: 'dataset-checks', target: 'crm_customers' }, 404, 'not_found'], // a dataset without a schedule
      [{ kind: 'no-such-kind', target: 'erp_orders' }, 404, 'not_found'],
      [{ kind: 'dataset-checks', target: "erp_orders'; drop table job_runs; --" }, 404, 'not_found'],
      [{ kind: '../../etc/passwd', target: 'erp_orders' }, 400, 'invalid'],
      [{ kind: 'dataset-checks', target: 'x'.repeat(301) }, 400, 'invalid'],
      [{ kind: 'dataset-checks', target: 'erp_orders', attempts: 1000 }, 400, 'invalid'],
      [{ kind: 'dataset-checks' }, 400, 'invalid'],
      [[], 400, 'invalid'],
    ];
    for (const [payload, status, code] of refusals) {
      const r = await post(payload);
      expect([r.statusCode, (r.json() as { error: { code: string } }).error.code], JSON.stringify(payload)).toEqual([status, code]);
      expect(r.body).not.toMatch(/ at .*\.ts:\d+/); // no stack trace
    }
    expect(await count(t, 'job_runs')).toBe(0);
    expect(await t.store.db.selectFrom('audit_log').selectAll().where('action', 'like', 'job.%').execute()).toEqual([]);
    for (const q of ['limit=0', 'limit=100000', 'status=exploded', 'kind=DROP%20TABLE']) expect((await t.as('admin', { method: 'GET', url: `/api/jobs?${q}` })).statusCode, q).toBe(400);
    // The process is alive and answers.
    expect((await t.as('admin', { method: 'GET', url: '/api/jobs' })).statusCode).toBe(200);
  });
});
