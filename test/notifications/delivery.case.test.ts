// Notifications end to end over each store: events written in a transaction reach a real SMTP
// server and a real HTTP receiver; webhook signatures verified by the official Standard
// Webhooks library; a receiver that is down, then flaky, loses no event and processes each
// once when it deduplicates on the id; a rolled-back change sends nothing; several
// dispatchers at once deliver each delivery once; per-person preferences and digests.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { seededRandom } from '../../src/portfolio/random.js';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { dispatchOnce } from '../../src/notifications/dispatcher.js';
import { runDigests } from '../../src/notifications/digest.js';
import { pruneNotificationHistory } from '../../src/application/notifications.js';
import { recordEvent } from '../../src/notifications/record-event.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { countDeliveriesByStatus, listDeliveryLog, setContact, setPreferences } from '../../src/store/notification-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { contentHash } from '../../src/workspace/definitions.js';
import { STORE_FACTORIES, PG_URL } from '../support/databases.js';
import { startHttpReceiver, startSmtpSink, type HttpReceiver, type SmtpSink } from '../support/notification-receivers.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
// The real time: receivers check webhook-timestamp against their own clock (5 minutes' tolerance).
let T0 = new Date();

function config(smtpPort: number, hookUrl: string, extra: Record<string, unknown> = {}) {
  return workspaceConfigSchema.parse({
    organisation: 'Testco',
    currency: 'EUR',
    discount_rate: 0.1,
    horizon_months: 36,
    start_quarter: '2026-Q2',
    budget_per_quarter: 100000,
    teams: [{ id: 'data', name: 'Data team', capacity_person_weeks_per_quarter: 40 }],
    roles: { portfolio_owner: ['pat', 'quinn', 'rosa'], business_owner: ['bo'] },
    notifications: {
      email: { host: '127.0.0.1', port: smtpPort, from: 'Traction <traction@testco.example>' },
      webhooks: [{ name: 'erp', url: `${hookUrl}/hook`, secret: '${env:HOOK_SECRET}' }],
      slack: [{ name: 'ops', url: '${env:SLACK_URL}', kinds: ['plan_committed'] }],
      teams: [{ name: 'board', url: '${env:TEAMS_URL}', kinds: ['plan_committed'] }],
      dashboard_url: 'https://traction.testco.example',
      retry: { max_attempts: 40, base_seconds: 1, cap_seconds: 4 },
      ...extra,
    },
  });
}

const env = (r: HttpReceiver) => ({ HOOK_SECRET: SECRET, SLACK_URL: `${r.url}/slack`, TEAMS_URL: `${r.url}/teams` });

async function applyConfig(store: Store, body: unknown): Promise<void> {
  await applyDefinitions(store, [{ kind: 'config', id: 'config', body, hash: contentHash(body) }], 'seed', T0);
}

function event(i: number) {
  return { kind: 'proposal_submitted' as const, title: `Proposal ${i} submitted`, detail: 'Triage it.', useCaseId: `uc-${i}`, href: `/use-cases/uc-${i}`, audience: { roles: ['portfolio_owner'] } };
}

for (const factory of STORE_FACTORIES) {
  describe(`notifications (${factory.name})`, () => {
    let available = false;
    let store: Store;
    let dispose: () => Promise<void>;
    let receiver: HttpReceiver;
    let smtp: SmtpSink;
    let clock: Date;
    const now = () => clock;

    beforeAll(async () => {
      available = await factory.available();
      smtp = await startSmtpSink();
    });
    afterAll(async () => smtp.close());
    afterEach(async () => {
      await receiver?.close();
      if (available) await dispose?.();
    });

    async function open(skip: (reason: string) => void, extra: Record<string, unknown> = {}) {
      if (!available) skip(`${factory.name} is not available here`);
      ({ store, dispose } = await factory.create());
      receiver = await startHttpReceiver();
      smtp.messages.length = 0;
      T0 = new Date();
      clock = T0;
      await applyConfig(store, config(smtp.port, receiver.url, extra));
    }

    it('mails each person as they chose, signs the webhook, and digests the held ones', async ({ skip }) => {
      await open(skip);
      for (const [u, mail] of [['pat', 'pat@testco.example'], ['quinn', 'quinn@testco.example'], ['rosa', 'rosa@testco.example']] as const) await setContact(store.db, u, mail, T0);
      await setPreferences(store.db, 'quinn', { proposal_submitted: 'digest' }, T0);
      await setPreferences(store.db, 'rosa', { proposal_submitted: 'off' }, T0);
      const ids = await store.transaction(async (tx) => [await recordEvent(tx, event(1), T0), await recordEvent(tx, event(2), T0)]);

      const summary = await dispatchOnce({ store, env: env(receiver), now });
      expect(summary).toMatchObject({ fannedOut: 2, delivered: 4, retrying: 0, dead: 0 });
      // pat: immediate (2 mails); quinn: held for the digest; rosa: off.
      expect(smtp.messages.map((m) => m.to.join(','))).toEqual(['pat@testco.example', 'pat@testco.example']);
      expect(smtp.messages.map((m) => m.header('X-Traction-Event-Id')).sort()).toEqual([...ids].sort());
      expect(smtp.messages[0]?.header('Subject')).toMatch(/^\[Traction\] Proposal [12] submitted$/);
      expect(smtp.messages[0]?.raw).toContain('https://traction.testco.example/use-cases/uc-');
      // The webhook got both, signed; Slack and Teams only take plan_committed.
      const hooks = receiver.requests.filter((r) => r.path === '/hook');
      expect(hooks.map((h) => h.headers['webhook-id']).sort()).toEqual([...ids].sort());
      for (const h of hooks) {
        const payload = new Webhook(SECRET).verify(h.body, h.headers as Record<string, string>) as { type: string; data: { id: string; link: string } };
        expect(payload.type).toBe('traction.proposal_submitted');
        expect(payload.data.id).toBe(h.headers['webhook-id']);
      }
      expect(receiver.requests.filter((r) => r.path !== '/hook')).toEqual([]);

      clock = new Date(T0.getTime() + 3_600_000);
      expect(await runDigests(store, clock)).toEqual({ people: 1, items: 2 });
      expect(await runDigests(store, clock)).toEqual({ people: 0, items: 0 });
      await dispatchOnce({ store, env: env(receiver), now });
      const digest = smtp.messages.filter((m) => m.to.includes('quinn@testco.example'));
      expect(digest).toHaveLength(1);
      expect(digest[0]?.header('Subject')).toBe('[Traction] Your digest: 2 notifications');
      expect(digest[0]?.raw).toContain('Proposal 1 submitted');
      expect(digest[0]?.raw).toContain('Proposal 2 submitted');
      expect(digest[0]?.raw).toContain('https://traction.testco.example/use-cases/uc-2');
      expect(smtp.messages.filter((m) => m.to.includes('rosa@testco.example'))).toEqual([]);
    });

    it('sends Slack and Teams their own payloads', async ({ skip }) => {
      await open(skip);
      await store.transaction((tx) => recordEvent(tx, { kind: 'plan_committed', title: 'Plan "base" committed <by> Pat & co', href: '/roadmap', audience: {} }, T0));
      expect(await dispatchOnce({ store, env: env(receiver), now })).toMatchObject({ delivered: 3, dead: 0 });
      const slack = JSON.parse(receiver.requests.find((r) => r.path === '/slack')!.body) as { text: string; blocks: { text: { text: string } }[] };
      expect(slack.blocks[0]?.text.text).toBe('*Plan "base" committed &lt;by&gt; Pat &amp; co*\n<https://traction.testco.example/roadmap|Open in Traction>');
      const teams = JSON.parse(receiver.requests.find((r) => r.path === '/teams')!.body) as { type: string; attachments: { contentType: string; content: { type: string; actions: { url: string }[] } }[] };
      expect(teams.type).toBe('message');
      expect(teams.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(teams.attachments[0]?.content.actions[0]?.url).toBe('https://traction.testco.example/roadmap');
    });

    it('a change that rolls back after recording its event sends nothing', async ({ skip }) => {
      await open(skip);
      await setContact(store.db, 'pat', 'pat@testco.example', T0);
      await expect(
        store.transaction(async (tx) => {
          await recordEvent(tx, event(1), T0);
          throw new Error('the change failed after its event was recorded');
        }),
      ).rejects.toThrow('the change failed');
      expect(await store.db.selectFrom('notification_events').select('id').execute()).toEqual([]);
      expect(await dispatchOnce({ store, env: env(receiver), now })).toMatchObject({ fannedOut: 0, attempted: 0 });
      expect(receiver.requests).toEqual([]);
      expect(smtp.messages).toEqual([]);
    });

    it('a receiver down for a while, then flaky, loses no event and processes each once', async ({ skip }) => {
      await open(skip);
      const N = 40;
      const ids = await store.transaction(async (tx) => Promise.all(Array.from({ length: N }, (_, i) => recordEvent(tx, event(i), T0))));
      const processed = new Map<string, number>();
      receiver.onProcess = (r) => {
        const id = r.headers['webhook-id']!;
        new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>);
        processed.set(id, (processed.get(id) ?? 0) + 1);
        return true;
      };
      // Seeded: half the requests fail, some before processing, some after (the answer is lost).
      const rng = seededRandom(17);
      const draw = () => Math.floor(rng.uniform() * 4);
      receiver.mode = { kind: 'down' };
      let passes = 0;
      const pass = async () => {
        passes += 1;
        const s = await dispatchOnce({ store, env: env(receiver), now, random: () => 0.5 });
        clock = new Date(clock.getTime() + 4_100);
        return s;
      };
      for (let i = 0; i < 3; i++) expect((await pass()).delivered).toBe(0);
      receiver.mode = { kind: 'flaky', fail: () => (['ok', 'ok', 'fail_before', 'fail_after'] as const)[draw()]! };
      for (let i = 0; i < 20 && (await countDeliveriesByStatus(store.db)).pending; i++) await pass();
      const counts = await countDeliveriesByStatus(store.db);
      expect(counts).toEqual({ delivered: N });
      expect([...processed.keys()].sort()).toEqual([...ids].sort());
      // At least once: an answer lost after processing means a resend, with the same id.
      const resent = [...processed.values()].filter((n) => n > 1).length;
      expect(resent).toBeGreaterThan(0);
      expect(receiver.requests.filter((r) => r.status === 200)).toHaveLength(N);
      // Each 200 ends the delivery: no event is answered 200 twice.
      expect(new Set(receiver.requests.filter((r) => r.status === 200).map((r) => r.headers['webhook-id'])).size).toBe(N);
      expect(passes).toBeLessThan(24);
    });

    it('dead-letters after the last attempt, with the last error in the log', async ({ skip }) => {
      await open(skip, { retry: { max_attempts: 3, base_seconds: 1, cap_seconds: 1 } });
      receiver.mode = { kind: 'flaky', fail: () => 'fail_before' };
      await store.transaction((tx) => recordEvent(tx, event(1), T0));
      for (let i = 0; i < 5; i++) {
        await dispatchOnce({ store, env: env(receiver), now });
        clock = new Date(clock.getTime() + 2000);
      }
      expect(receiver.requests).toHaveLength(3);
      const [log] = await listDeliveryLog(store.db, { limit: 10 });
      expect(log).toMatchObject({ status: 'dead', attempts: 3, channel: 'webhook:erp', kind: 'proposal_submitted' });
      expect(log?.lastError).toMatch(/answered 500: temporarily broken \(gave up after 3 attempts\)/);
      // The secret never appears in what is stored.
      expect(JSON.stringify(log)).not.toContain(SECRET.slice(6));
    });

    it('the nightly clean-up removes finished deliveries past keep_days and never one still waiting', async ({ skip }) => {
      await open(skip, { history: { keep_days: 30 } });
      const day = 86_400_000;
      const at = (days: number) => new Date(T0.getTime() + days * day);
      const events = async () => Number((await store.db.selectFrom('notification_events').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      for (const [u, mail] of [['pat', 'pat@testco.example'], ['quinn', 'quinn@testco.example']] as const) await setContact(store.db, u, mail, T0);
      await setPreferences(store.db, 'quinn', { proposal_submitted: 'digest' }, T0);
      await store.transaction((tx) => recordEvent(tx, event(1), T0));
      await dispatchOnce({ store, env: env(receiver), now });
      // pat's mail and the webhook delivered; quinn's held for a digest that has not run.
      expect(await countDeliveriesByStatus(store.db)).toEqual({ delivered: 2, held: 1 });

      clock = at(31);
      await store.transaction((tx) => recordEvent(tx, event(2), clock));
      await dispatchOnce({ store, env: env(receiver), now });
      expect(await pruneNotificationHistory(store, clock)).toEqual({ deliveries: 2, events: 0, keepDays: 30 });
      // The held one stays however old, so its event stays; event 2's are recent.
      expect(await countDeliveriesByStatus(store.db)).toEqual({ delivered: 2, held: 2 });
      expect(await events()).toBe(2);

      expect(await runDigests(store, clock)).toEqual({ people: 1, items: 2 });
      await dispatchOnce({ store, env: env(receiver), now });
      clock = at(62);
      const removed = await pruneNotificationHistory(store, clock);
      expect(removed).toEqual({ deliveries: 5, events: 3, keepDays: 30 });
      expect(await countDeliveriesByStatus(store.db)).toEqual({});
      expect(await events()).toBe(0);
    });

    it('refuses a webhook host outside allowed_hosts', async ({ skip }) => {
      await open(skip, { allowed_hosts: ['hooks.example.com'], retry: { max_attempts: 1, base_seconds: 1, cap_seconds: 1 } });
      await store.transaction((tx) => recordEvent(tx, event(1), T0));
      await dispatchOnce({ store, env: env(receiver), now });
      expect(receiver.requests).toEqual([]);
      const [log] = await listDeliveryLog(store.db, { limit: 10 });
      expect(log?.lastError).toMatch(/host 127\.0\.0\.1 is not in notifications\.allowed_hosts/);
    });

    it('never follows a redirect (it could point inside the network)', async ({ skip }) => {
      await open(skip, { retry: { max_attempts: 1, base_seconds: 1, cap_seconds: 1 } });
      receiver.mode = { kind: 'redirect', location: `${receiver.url}/internal-admin` };
      await store.transaction((tx) => recordEvent(tx, event(1), T0));
      await dispatchOnce({ store, env: env(receiver), now });
      expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
      const [log] = await listDeliveryLog(store.db, { limit: 10 });
      expect(log).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/answered 307/) });
    });

    it('several dispatchers at once deliver each delivery once', async ({ skip }) => {
      await open(skip);
      const N = 30;
      await store.transaction(async (tx) => {
        for (let i = 0; i < N; i++) await recordEvent(tx, event(i), T0);
      });
      // A second connection to the same store, as a second process or replica would have.
      const other = factory.name === 'postgres' ? await openStore({ kind: 'postgres', url: PG_URL, schema: (store.location as { schema: string }).schema }) : store;
      try {
        await Promise.all([dispatchOnce({ store, env: env(receiver), now, batch: 3 }), dispatchOnce({ store: other, env: env(receiver), now, batch: 3 }), dispatchOnce({ store, env: env(receiver), now, batch: 3 })]);
      } finally {
        if (other !== store) await other.close();
      }
      expect(receiver.requests).toHaveLength(N);
      expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(N);
      expect(await countDeliveriesByStatus(store.db)).toEqual({ delivered: N });
    });
  });
}
