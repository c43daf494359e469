// The notification routes on SQLite and PostgreSQL: a person's settings (and what bad input
// does NOT do), the delivery log an admin reads, retrying a dead letter (and refusing to
// retry anything else), with nothing written on a refusal.
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { insertDeliveries, insertEvent } from '../../src/store/notification-repository.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

async function stored(t: TestApp) {
  const [contacts, prefs, deliveries] = await Promise.all([
    t.store.db.selectFrom('notification_contacts').selectAll().orderBy('username').execute(),
    t.store.db.selectFrom('notification_preferences').selectAll().orderBy('username').orderBy('kind').execute(),
    t.store.db.selectFrom('notification_deliveries').select(['id', 'status', 'attempts']).orderBy('id').execute(),
  ]);
  return JSON.stringify({ contacts, prefs, deliveries });
}

describeEachStore('notifications API', (open) => {
  it('keeps each person’s address and choices, and refuses bad input naming the field, writing nothing', async ({ skip }) => {
    const t = await open(skip);
    const initial = (await t.as('viewer', { method: 'GET', url: '/api/notifications/settings' })).json();
    expect(initial.email).toBeNull();
    expect(initial.preferences).toHaveLength(9);
    expect(initial.preferences.at(-1)).toEqual({ kind: 'usage_alert', label: 'A use case in production is not used, used less, over budget or slower than promised', mode: 'immediate' });
    expect(initial.preferences.every((p: { mode: string }) => p.mode === 'immediate')).toBe(true);

    const ok = await t.as('viewer', { method: 'PUT', url: '/api/notifications/settings', payload: { email: ' vera@testco.example ', preferences: { gate_ready: 'digest', kpi_off_track: 'off' } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().email).toBe('vera@testco.example');
    expect(ok.json().preferences.filter((p: { mode: string }) => p.mode !== 'immediate')).toEqual([
      { kind: 'gate_ready', label: expect.any(String), mode: 'digest' },
      { kind: 'kpi_off_track', label: expect.any(String), mode: 'off' },
    ]);
    // Another person's settings are their own.
    expect((await t.as('approver', { method: 'GET', url: '/api/notifications/settings' })).json().email).toBeNull();

    const before = await stored(t);
    const bad: [unknown, RegExp][] = [
      [{ email: 'vera@testco.example\r\nBcc: everyone@testco.example' }, /field "email": .*e-mail address/],
      [{ email: 'Vera <vera@testco.example>' }, /field "email"/],
      [{ email: `${'a'.repeat(250)}@x.example` }, /field "email"/],
      [{ preferences: { gate_ready: 'hourly' } }, /field "preferences.gate_ready"/],
      [{ preferences: { not_a_kind: 'off' } }, /preferences/],
      [{ email: 'vera@testco.example', role: 'admin' }, /role/],
      [{ preferences: { gate_ready: 'off' }, email: 42 }, /field "email"/],
    ];
    for (const [payload, message] of bad) {
      const r = await t.as('viewer', { method: 'PUT', url: '/api/notifications/settings', payload: payload as object });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.body).not.toMatch(/at .*\.ts:\d+/);
      expect(r.json().error.message, JSON.stringify(payload)).toMatch(message);
    }
    expect(await stored(t)).toBe(before);
    expect(t.logs.join('')).not.toContain('"level":50');
  });

  it('shows admins the delivery log and retries a dead letter once; nothing else is retried', async ({ skip }) => {
    const t = await open(skip);
    await insertEvent(t.store.db, 'evt_a', { kind: 'plan_committed', title: 'Plan "base" committed', audience: {} }, T0, true);
    await insertDeliveries(t.store.db, [{ id: 'dlv_dead', event_id: 'evt_a', channel: 'webhook:erp', recipient: '', status: 'dead' }, { id: 'dlv_done', event_id: 'evt_a', channel: 'slack:ops', recipient: '', status: 'delivered' }], T0);
    await t.store.db.updateTable('notification_deliveries').set({ attempts: 8, last_error: 'hooks.example.com answered 503' }).where('id', '=', 'dlv_dead').execute();

    expect((await t.as('approver', { method: 'GET', url: '/api/notifications/deliveries' })).statusCode).toBe(403);
    const log = (await t.as('admin', { method: 'GET', url: '/api/notifications/deliveries?status=dead' })).json();
    expect(log.items).toEqual([expect.objectContaining({ id: 'dlv_dead', event_id: 'evt_a', kind: 'plan_committed', status: 'dead', attempts: 8, last_error: 'hooks.example.com answered 503' })]);
    expect(log.counts).toEqual({ dead: 1, delivered: 1 });

    const before = await stored(t);
    for (const [id, status] of [['dlv_done', 409], ['dlv_nope', 404]] as const) {
      const r = await t.as('admin', { method: 'POST', url: `/api/notifications/deliveries/${id}/retry` });
      expect(r.statusCode).toBe(status);
    }
    expect((await t.as('approver', { method: 'POST', url: '/api/notifications/deliveries/dlv_dead/retry' })).statusCode).toBe(403);
    expect(await stored(t)).toBe(before);

    const retried = await t.as('admin', { method: 'POST', url: '/api/notifications/deliveries/dlv_dead/retry' });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: 'dlv_dead', status: 'pending', attempts: 0 });
    expect((await t.as('admin', { method: 'POST', url: '/api/notifications/deliveries/dlv_dead/retry' })).statusCode).toBe(409);
    const audit = await listAudit(t.store.db, {});
    expect(audit.filter((a) => a.action === 'notification.retry').map((a) => a.objectId)).toEqual(['dlv_dead']);
  });
});
