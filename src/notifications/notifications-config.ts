// The `notifications:` block as the store holds it (traction.yaml, applied), and the channels
// it names. The dispatcher reads it on every pass, so a changed workspace takes effect
// without a restart.
import type { Kysely } from 'kysely';
import { notificationsConfigSchema, type NotificationKind, type NotificationsConfig } from '../domain/notifications.js';
import type { Database } from '../store/database.js';
import { getDefinition } from '../store/definition-repository.js';
import type { RetryPolicy } from './backoff.js';

export async function readNotificationsConfig(db: Kysely<Database>): Promise<NotificationsConfig | undefined> {
  const def = await getDefinition(db, 'config', 'config');
  const raw = (def?.body as { notifications?: unknown } | undefined)?.notifications;
  if (raw === undefined || def?.archivedAt !== null) return undefined;
  // Applied definitions were validated by `apply`; parsing again fills defaults of older stores.
  const parsed = notificationsConfigSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** A channel every event of its kinds goes to once (not per person): Slack, Teams, a webhook. */
export interface SharedChannel {
  key: string;
  type: 'slack' | 'teams' | 'webhook';
  name: string;
  url: string;
  secret?: string;
  kinds?: NotificationKind[] | undefined;
}

export function sharedChannels(c: NotificationsConfig | undefined): SharedChannel[] {
  if (!c) return [];
  return [
    ...c.slack.map((s) => ({ key: `slack:${s.name}`, type: 'slack' as const, name: s.name, url: s.url, kinds: s.kinds })),
    ...c.teams.map((s) => ({ key: `teams:${s.name}`, type: 'teams' as const, name: s.name, url: s.url, kinds: s.kinds })),
    ...c.webhooks.map((s) => ({ key: `webhook:${s.name}`, type: 'webhook' as const, name: s.name, url: s.url, secret: s.secret, kinds: s.kinds })),
  ];
}

export function retryPolicy(c: NotificationsConfig | undefined): RetryPolicy {
  const r = c?.retry ?? { max_attempts: 8, base_seconds: 30, cap_seconds: 3600 };
  return { maxAttempts: r.max_attempts, baseMs: r.base_seconds * 1000, capMs: r.cap_seconds * 1000 };
}
