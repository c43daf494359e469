// Usage alerts over each store: spans go in through the real ingest route (POST /v1/traces),
// raiseUsageAlerts judges the stored usage at a given time, and the events go out through the
// real dispatcher to a real SMTP server and a real HTTP receiver. A flag is told once while it
// stays raised, again after it cleared; over budget once per month; a run that fails after
// writing leaves nothing. Expected spend is counted by hand: requests x input tokens x the
// price per 1M tokens of the config below.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { SimulatedSpan } from '../../examples/northwind/simulate-usage.js';
import { raiseUsageAlerts } from '../../src/application/usage-alerts.js';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { dispatchOnce } from '../../src/notifications/dispatcher.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { setContact, setPreferences } from '../../src/store/notification-repository.js';
import type { Store } from '../../src/store/store.js';
import { contentHash } from '../../src/workspace/definitions.js';
import { startHttpReceiver, startSmtpSink, type HttpReceiver, type SmtpSink } from '../support/notification-receivers.js';
import { CONFIG, describeEachStore, sampleUseCase, type TestApp } from '../support/server-app.js';
import { postSpans } from '../support/usage-ingest.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];

let smtp: SmtpSink;
let receiver: HttpReceiver;
beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  await smtp.close();
  await receiver.close();
});

function config() {
  return workspaceConfigSchema.parse({
    ...CONFIG,
    // 2 per 1M input tokens: a request of 2,000,000 input tokens costs exactly 4.00.
    prices: [{ model: 'gpt-4.1', input_per_1m: 2, output_per_1m: 8, valid_from: '2025-01-01' }],
    notifications: {
      email: { host: '127.0.0.1', port: smtp.port, from: 'Traction <traction@testco.example>' },
      webhooks: [{ name: 'erp', url: `${receiver.url}/hook`, secret: '${env:HOOK_SECRET}' }],
      dashboard_url: 'https://traction.testco.example',
    },
  });
}

const useCase = (id: string, service: string) =>
  sampleUseCase(id, { stage: 'production', owner: 'olga', sponsor: 'sam', costs: { build: 50000, run_monthly: 1000 }, telemetry: { match: { 'service.name': service } } });

async function seed(t: TestApp): Promise<void> {
  const defs = [
    { kind: 'config' as const, id: 'config', body: config() },
    { kind: 'use_case' as const, id: 'invoice-matching', body: useCase('invoice-matching', 'matcher') },
    { kind: 'use_case' as const, id: 'churn-alerts', body: useCase('churn-alerts', 'churner') },
  ];
  await applyDefinitions(t.store, defs.map((d) => ({ ...d, hash: contentHash(d.body) })), 'seed', t.clock.now);
}

let spanNo = 0;
/** `perDay` requests on each day (10:00 UTC on), spread over USERS, each of `inputTokens` input tokens and no output. */
function spans(service: string, days: string[], perDay: number, inputTokens: number): SimulatedSpan[] {
  return days.flatMap((day) =>
    Array.from({ length: perDay }, (_, k) => {
      const n = ++spanNo;
      const startNs = BigInt(Date.parse(`${day}T10:00:00Z`) + k * 1000) * 1_000_000n;
      return {
        resource: { 'service.name': service },
        traceId: n.toString(16).padStart(32, '0'),
        spanId: n.toString(16).padStart(16, '0'),
        name: 'chat gpt-4.1',
        startNs,
        endNs: startNs + 1_500_000_000n,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4.1',
          'gen_ai.response.model': 'gpt-4.1',
          'gen_ai.usage.input_tokens': inputTokens,
          'gen_ai.usage.output_tokens': 0,
          'user.id': USERS[k % USERS.length]!,
        },
        error: false,
      };
    }),
  );
}

const daysFrom = (first: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

async function post(t: TestApp, at: string, s: SimulatedSpan[]): Promise<void> {
  t.clock.now = new Date(at);
  await postSpans(t, s);
}

async function usageEvents(store: Store) {
  const rows = await store.db.selectFrom('notification_events').selectAll().where('kind', '=', 'usage_alert').orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, use_case: r.use_case_id, title: r.title, detail: r.detail, audience: JSON.parse(r.audience) as unknown, data: JSON.parse(r.data) as { flag: string; period?: string; figures: Record<string, unknown> } }));
}

const keys = (xs: { use_case: string; flag: string; period: string }[]) => xs.map((x) => `${x.use_case} ${x.flag}${x.period ? ` ${x.period}` : ''}`);

describeEachStore('usage alerts', (open) => {
  it('tells an over-budget use case once across runs, by mail and signed webhook, and again in a new month', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seed(t);
    // 9 days x 30 requests x 2,000,000 tokens x 2 / 1M = 1080.00 spent in December, above the 1000 of run cost.
    await post(t, '2026-12-10T09:00:00Z', spans('matcher', daysFrom('2026-12-01', 9), 30, 2_000_000));
    await post(t, '2026-12-10T09:00:00Z', spans('churner', daysFrom('2026-12-01', 9), 6, 1000));
    for (const [u, mail] of [['olga', 'olga@testco.example'], ['sam', 'sam@testco.example'], ['vera', 'vera@testco.example'], ['walt', 'walt@testco.example']] as const) await setContact(t.store.db, u, mail, t.clock.now);
    await setPreferences(t.store.db, 'vera', { usage_alert: 'digest' }, t.clock.now);
    await setPreferences(t.store.db, 'walt', { usage_alert: 'off' }, t.clock.now);

    const first = await raiseUsageAlerts(t.store, new Date('2026-12-10T12:00:00Z'));
    expect(first.useCases).toBe(2);
    expect(keys(first.raised)).toEqual(['invoice-matching over_budget 2026-12']);
    const second = await raiseUsageAlerts(t.store, new Date('2026-12-10T13:00:00Z'));
    expect(second.raised).toEqual([]);
    expect(keys(second.still_raised)).toEqual(['invoice-matching over_budget 2026-12']);

    const events = await usageEvents(t.store);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: first.raised[0]!.event_id,
      use_case: 'invoice-matching',
      title: 'Use case invoice-matching: over its monthly run cost',
      // Owner, sponsor, and vera who chose the kind; walt turned it off.
      audience: { roles: [], users: ['olga', 'sam', 'vera'] },
      data: { flag: 'over_budget', period: '2026-12', figures: { month: '2026-12', spend: 1080, monthly_run_cost: 1000, currency: 'EUR', status: 'over' } },
    });
    expect(events[0]!.detail).toContain('2026-12: spend 1080.00 is already above the monthly run cost of 1000.00 EUR.');

    smtp.messages.length = 0;
    receiver.requests.length = 0;
    const sent = await dispatchOnce({ store: t.store, env: { HOOK_SECRET: SECRET }, now: () => new Date() });
    expect(sent).toMatchObject({ fannedOut: 1, delivered: 3, dead: 0 });
    // vera's is held for her digest.
    expect(smtp.messages.map((m) => m.to.join(',')).sort()).toEqual(['olga@testco.example', 'sam@testco.example']);
    expect(smtp.messages[0]?.header('Subject')).toBe('[Traction] Use case invoice-matching: over its monthly run cost');
    // The body is quoted-printable: soft line breaks ("=" at a line's end) undone.
    const body = smtp.messages[0]!.raw.replace(/=\r?\n/g, '');
    expect(body).toContain('2026-12: spend 1080.00 is already above the monthly run cost of 1000.00 EUR.');
    expect(body).toContain('https://traction.testco.example/use-cases/invoice-matching');
    expect(smtp.messages[0]?.header('X-Traction-Event-Id')).toBe(events[0]!.id);
    const hook = receiver.requests.filter((r) => r.path === '/hook');
    expect(hook).toHaveLength(1);
    const payload = new Webhook(SECRET).verify(hook[0]!.body, hook[0]!.headers as Record<string, string>) as { type: string; data: { id: string; flag: string; figures: { spend: number } } };
    expect(payload).toMatchObject({ type: 'traction.usage_alert', data: { id: events[0]!.id, flag: 'over_budget', figures: { spend: 1080 } } });

    // January: 4 days x 30 x 4.00 = 480 so far; at 01-05 12:00, 4.5 days of 31 have passed: on course
    // for 480 x 31 / 4.5 = 3306.67 by the month's end (spend.ts's straight line), a new month's alert.
    await post(t, '2027-01-05T09:00:00Z', [...spans('matcher', daysFrom('2027-01-01', 4), 30, 2_000_000), ...spans('churner', daysFrom('2026-12-10', 26), 6, 1000)]);
    const january = await raiseUsageAlerts(t.store, new Date('2027-01-05T12:00:00Z'));
    expect(keys(january.raised)).toEqual(['invoice-matching over_budget 2027-01']);
    expect(keys(january.cleared)).toEqual(['invoice-matching over_budget 2026-12']);
    const jan = (await usageEvents(t.store)).at(-1)!;
    expect(jan.data.figures).toMatchObject({ spend: 480, projected_month_end: 3306.67, status: 'projected_over' });
    expect(jan.detail).toContain('2027-01: spend 480.00 so far runs to 3306.67 by the month\'s end, above the monthly run cost of 1000.00 EUR.');
  });

  it('tells a flag again once it has cleared and returns, not while it stays raised', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seed(t);
    await post(t, '2026-12-10T09:00:00Z', [...spans('churner', daysFrom('2026-12-01', 9), 6, 1000), ...spans('matcher', daysFrom('2026-12-01', 9), 6, 1000)]);
    expect((await raiseUsageAlerts(t.store, new Date('2026-12-10T12:00:00Z'))).raised).toEqual([]);
    // matcher keeps being used; churner is not, from 12-10 on.
    await post(t, '2026-12-24T23:00:00Z', spans('matcher', daysFrom('2026-12-10', 15), 6, 1000));
    // 14 days back from 12-24, today included, is 12-11: nothing since.
    const raised = await raiseUsageAlerts(t.store, new Date('2026-12-24T12:00:00Z'));
    expect(keys(raised.raised)).toEqual(['churn-alerts no_use']);
    const [told] = await usageEvents(t.store);
    expect(told).toMatchObject({ title: 'Use case churn-alerts: not used', data: { flag: 'no_use', figures: { days: 14, since: '2026-12-11', last_request_day: '2026-12-09' } } });
    expect(told!.detail).toContain('No requests in the last 14 days (since 2026-12-11).');
    expect(told!.data.period).toBeUndefined();
    expect(keys((await raiseUsageAlerts(t.store, new Date('2026-12-25T12:00:00Z'))).still_raised)).toEqual(['churn-alerts no_use']);

    // Used again on 12-26: cleared, nothing told.
    await post(t, '2026-12-26T11:00:00Z', [...spans('churner', ['2026-12-26'], 6, 1000), ...spans('matcher', daysFrom('2026-12-25', 2), 6, 1000)]);
    const cleared = await raiseUsageAlerts(t.store, new Date('2026-12-26T12:00:00Z'));
    expect([cleared.raised, keys(cleared.cleared)]).toEqual([[], ['churn-alerts no_use']]);

    // Unused again for 14 days (12-30 to 01-12): told again.
    await post(t, '2027-01-12T23:00:00Z', spans('matcher', daysFrom('2026-12-27', 17), 6, 1000));
    const again = await raiseUsageAlerts(t.store, new Date('2027-01-12T12:00:00Z'));
    expect(keys(again.raised)).toEqual(['churn-alerts no_use']);
    const events = await usageEvents(t.store);
    expect(events.map((e) => [e.use_case, e.data.flag, e.data.figures.last_request_day])).toEqual([
      ['churn-alerts', 'no_use', '2026-12-09'],
      ['churn-alerts', 'no_use', '2026-12-26'],
    ]);
  });

  it('leaves neither the event nor the mark of a run that fails after recording, and tells it on the next run', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seed(t);
    await post(t, '2026-12-10T09:00:00Z', spans('matcher', daysFrom('2026-12-01', 9), 30, 2_000_000));
    const written: number[] = [];
    const failing: Store = {
      ...t.store,
      transaction: (fn) =>
        t.store.transaction(async (tx) => {
          await fn(tx);
          // The events were written in this transaction before it failed.
          written.push((await tx.selectFrom('notification_events').select('id').where('kind', '=', 'usage_alert').execute()).length);
          throw new Error('the store connection was lost');
        }),
    };
    await expect(raiseUsageAlerts(failing, new Date('2026-12-10T12:00:00Z'))).rejects.toThrow('the store connection was lost');
    // over_budget of invoice-matching, no_use of churn-alerts (no span at all).
    expect(written).toEqual([2]);
    expect(await usageEvents(t.store)).toEqual([]);
    expect(await t.store.db.selectFrom('usage_alerts').selectAll().execute()).toEqual([]);

    const next = await raiseUsageAlerts(t.store, new Date('2026-12-10T12:05:00Z'));
    expect(keys(next.raised)).toEqual(['churn-alerts no_use', 'invoice-matching over_budget 2026-12']);
    expect(await usageEvents(t.store)).toHaveLength(2);
  });
  it('two runs at once tell each flag once', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    await seed(t);
    await post(t, '2026-12-10T09:00:00Z', spans('matcher', daysFrom('2026-12-01', 9), 30, 2_000_000));
    const at = new Date('2026-12-10T12:00:00Z');
    const runs = await Promise.all([raiseUsageAlerts(t.store, at), raiseUsageAlerts(t.store, at), raiseUsageAlerts(t.store, at)]);
    expect(runs.flatMap((r) => keys(r.raised)).sort()).toEqual(['churn-alerts no_use', 'invoice-matching over_budget 2026-12']);
    expect(runs.map((r) => r.raised.length + r.still_raised.length)).toEqual([2, 2, 2]);
    expect((await usageEvents(t.store)).map((e) => e.data.flag).sort()).toEqual(['no_use', 'over_budget']);
  });
});
