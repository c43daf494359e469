// The actions record their notification events in the change's own transaction, through the
// API on SQLite and PostgreSQL: a proposal, changes asked of it, a sign-off that passes the
// gate, an advance (and the sign-offs the next gate asks for), a KPI value off track. A change
// forced to fail after its event was recorded leaves neither the change nor the event.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { applyDefinitions, getDefinition } from '../../src/store/definition-repository.js';
import type { Store } from '../../src/store/store.js';
import { contentHash, type Definition } from '../../src/workspace/definitions.js';
import { CONFIG, describeEachStore, sampleUseCase, T0, type TestApp } from '../support/server-app.js';

const churn = sampleUseCase('churn-alerts', {
  value_streams: [{ id: 'kept', name: 'Kept', kind: 'revenue', formula: 'customers * value', inputs: { customers: { low: 5, likely: 10, high: 20 }, value: 900 } }],
  kpis: [{ id: 'churn', name: 'Churn', unit: '%', direction: 'down', baseline: 8, target: 5 }],
});

/** CONFIG with "approver" also a portfolio owner, so it may triage. */
async function seed(t: TestApp): Promise<void> {
  const config = workspaceConfigSchema.parse({ ...CONFIG, roles: { ...CONFIG.roles, portfolio_owner: ['approver'] } });
  const def = (kind: Definition['kind'], id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
  await applyDefinitions(t.store, [def('config', 'config', config), def('use_case', churn.id, churn)], 'seed', T0);
}

async function events(store: Store) {
  const rows = await store.db.selectFrom('notification_events').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind, use_case: r.use_case_id, title: r.title, audience: JSON.parse(r.audience) as { roles: string[]; users: string[] } }));
}

const intake = {
  title: 'Route support tickets',
  problem: 'Tickets land in the wrong queue',
  objective: 'Route them right the first time',
  owner: 'Ann Owner',
  sponsor: 'Ben Boss',
  department: 'Support',
  team: 'ops',
  monthly_value: { low: 2000, likely: 4000, high: 9000 },
  build_cost: { low: 20000, likely: 30000, high: 50000 },
  run_monthly: 800,
  effort_person_weeks: 8,
};

describeEachStore('notification events of the actions', (open) => {
  it('a proposal, changes asked, a passed gate, an advance and an off-track KPI each record their event', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seed(t);
    expect((await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake })).statusCode).toBe(201);
    const asked = await t.as('approver', { method: 'POST', url: '/api/proposals/route-support-tickets/decision', payload: { decision: 'request_changes', comment: 'Add the queue names' } });
    expect(asked.statusCode).toBe(200);
    expect((await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner' } })).statusCode).toBe(201);
    expect((await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/advance', payload: { to: 'qualified' } })).statusCode).toBe(201);
    const kpi = (value: number) => ({ measurements: [{ use_case: 'churn-alerts', kpi: 'churn', at: '2026-03-01', value }] });
    expect((await t.as('contributor', { method: 'POST', url: '/api/kpi-measurements', payload: kpi(7) })).statusCode).toBe(201);
    expect((await t.as('contributor', { method: 'POST', url: '/api/kpi-measurements', payload: kpi(9.5) })).statusCode).toBe(201);

    expect(await events(t.store)).toEqual([
      { kind: 'proposal_submitted', use_case: 'route-support-tickets', title: 'New proposal: Route support tickets', audience: { roles: ['portfolio_owner'], users: [] } },
      { kind: 'review_asked', use_case: 'route-support-tickets', title: 'Changes asked of your proposal route-support-tickets', audience: { roles: [], users: ['contributor'] } },
      { kind: 'gate_ready', use_case: 'churn-alerts', title: 'churn-alerts: the gate idea -> qualified is passed', audience: { roles: ['final_approver', 'technical_lead'], users: [] } },
      { kind: 'stage_advanced', use_case: 'churn-alerts', title: 'churn-alerts moved from idea to qualified', audience: { roles: ['business_owner', 'technical_lead', 'final_approver'], users: [] } },
      // The default gate qualified -> poc asks business_owner and technical_lead to sign off.
      { kind: 'signoff_asked', use_case: 'churn-alerts', title: 'churn-alerts: your sign-off is asked for qualified -> poc', audience: { roles: ['business_owner', 'technical_lead'], users: [] } },
      // 7 % is better than the baseline of 8 % (down is better): no event; 9.5 % is worse.
      { kind: 'kpi_off_track', use_case: 'churn-alerts', title: 'churn-alerts: Churn is off track (9.5 % on 2026-03-01)', audience: { roles: ['business_owner'], users: [] } },
    ]);
  });

  it('a change that fails after its event was recorded leaves neither', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seed(t);
    // The proposal row is written after the event (application/use-cases.ts); make it fail.
    if (t.store.dialect === 'sqlite') await sql`create trigger fail_proposal before insert on proposals begin select raise(abort, 'forced failure'); end`.execute(t.store.db);
    else {
      await sql`create function fail_proposal() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$`.execute(t.store.db);
      await sql`create trigger fail_proposal before insert on proposals for each row execute function fail_proposal()`.execute(t.store.db);
    }
    const r = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: intake });
    expect(r.statusCode).toBe(500);
    expect(await events(t.store)).toEqual([]);
    expect(await getDefinition(t.store.db, 'use_case', 'route-support-tickets')).toBeUndefined();
  });
});
