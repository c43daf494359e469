// The dispatcher: fans out new events, claims due deliveries (a lease, so a process that dies
// midway leaves them to another after the lease), sends each through its channel and records
// the outcome: delivered, retried later (exponential backoff with jitter, ./backoff.ts), or
// dead-lettered after the policy's attempts. At-least-once: a send that succeeded but whose
// outcome was not recorded (a crash in between) is sent again; receivers deduplicate on the
// event id (webhook-id, X-Traction-Event-Id).
import type { NotificationsConfig } from '../domain/notifications.js';
import { claimDue, contactsOf, finishDelivery, getEvent, type Delivery, type NotificationEvent, type Outcome } from '../store/notification-repository.js';
import type { Store } from '../store/store.js';
import { resolveEnvRefs } from '../workspace/env-ref.js';
import { nextAttempt } from './backoff.js';
import { fanOutEvents } from './fan-out.js';
import { DeliveryError, postJson } from './http-post.js';
import { plainText, slackPayload, teamsPayload, webhookBody } from './message.js';
import { readNotificationsConfig, retryPolicy, sharedChannels } from './notifications-config.js';
import { SmtpChannel } from './smtp-channel.js';
import { webhookHeaders } from './standard-webhooks.js';

export interface DispatcherDeps {
  store: Store;
  /** The environment, for `${env:NAME}` secrets (from src/env.ts). */
  env: Record<string, string | undefined>;
  now?: () => Date;
  random?: () => number;
  /** How long a claim holds a delivery; default: long enough for every send of a batch to time out in turn. */
  leaseMs?: number;
  batch?: number;
  timeoutMs?: number;
}

export interface DispatchSummary {
  fannedOut: number;
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
}

interface Pass {
  deps: DispatcherDeps;
  config: NotificationsConfig | undefined;
  smtp: SmtpChannel | undefined;
}

async function send(pass: Pass, d: Delivery, e: NotificationEvent, at: Date): Promise<void> {
  const { config } = pass;
  const dashboardUrl = config?.dashboard_url;
  if (d.channel === 'email') {
    if (!pass.smtp) throw new DeliveryError('e-mail is no longer configured (notifications.email in traction.yaml)');
    const to = (await contactsOf(pass.deps.store.db, [d.recipient])).get(d.recipient);
    if (!to) throw new DeliveryError(`${d.recipient} has no e-mail address for notifications any more`);
    await pass.smtp.send({ to, subject: `[Traction] ${e.title}`, text: plainText(e, dashboardUrl), eventId: e.id });
    return;
  }
  const ch = sharedChannels(config).find((c) => c.key === d.channel);
  if (!ch) throw new DeliveryError(`the channel ${d.channel} is no longer configured in traction.yaml`);
  const url = resolveEnvRefs(ch.url, pass.deps.env, `notifications ${d.channel}`);
  const post = { allowedHosts: config?.allowed_hosts, timeoutMs: pass.deps.timeoutMs ?? 10_000 };
  if (ch.type === 'slack') return postJson(url, JSON.stringify(slackPayload(e, dashboardUrl)), {}, post);
  if (ch.type === 'teams') return postJson(url, JSON.stringify(teamsPayload(e, dashboardUrl)), {}, post);
  const secret = resolveEnvRefs(ch.secret ?? '', pass.deps.env, `notifications ${d.channel} secret`);
  const body = webhookBody(e, dashboardUrl);
  return postJson(url, body, webhookHeaders(secret, e.id, at, body), post);
}

/** How one attempt ended, as the outcome to record. Errors are phrased for the delivery log; secrets never appear in them. */
async function attempt(pass: Pass, d: Delivery, now: () => Date, random: () => number): Promise<Outcome> {
  const e = await getEvent(pass.deps.store.db, d.eventId);
  if (!e) return { status: 'dead', error: `event ${d.eventId} is missing` };
  try {
    await send(pass, d, e, now());
    return { status: 'delivered' };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const next = nextAttempt(d.attempts, retryPolicy(pass.config), now(), random);
    return 'dead' in next ? { status: 'dead', error: `${error} (gave up after ${d.attempts} attempts)` } : { status: 'pending', error, nextAttemptAt: next.retryAt };
  }
}

/**
 * One pass: fan out new events, then send every due delivery once. A delivery that fails is
 * scheduled later than now (./backoff.ts), so a pass never tries one twice.
 */
export async function dispatchOnce(deps: DispatcherDeps): Promise<DispatchSummary> {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const summary: DispatchSummary = { fannedOut: await fanOutEvents(deps.store, now()), attempted: 0, delivered: 0, retrying: 0, dead: 0 };
  const config = await readNotificationsConfig(deps.store.db);
  const pass: Pass = { deps, config, smtp: config?.email ? new SmtpChannel(config.email, deps.env) : undefined };
  const batch = deps.batch ?? 20;
  try {
    for (;;) {
      // Sends of a batch run one after another, so the lease covers each of them timing out.
      const claimed = await claimDue(deps.store, now(), deps.leaseMs ?? batch * ((deps.timeoutMs ?? 10_000) + 20_000), batch);
      for (const d of claimed) {
        const outcome = await attempt(pass, d, now, random);
        summary.attempted += 1;
        if (!(await finishDelivery(deps.store.db, d, outcome, now()))) continue;
        if (outcome.status === 'delivered') summary.delivered += 1;
        else if (outcome.status === 'pending') summary.retrying += 1;
        else summary.dead += 1;
      }
      if (claimed.length < batch) return summary;
    }
  } finally {
    pass.smtp?.close();
  }
}

export interface RunningDispatcher {
  /** Finishes the pass under way (nothing is cut off midway) and stops. */
  stop(): Promise<void>;
}

/** Runs passes every `intervalMs` until stopped; a failing pass is reported and the loop goes on. */
export function startDispatcher(deps: DispatcherDeps & { intervalMs: number; onError?: (e: unknown) => void }): RunningDispatcher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = dispatchOnce(deps)
      .then(() => undefined)
      .catch((e: unknown) => deps.onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, deps.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
