// Notifications as people handle them, once for the CLI and the API: a person's settings (the
// address for e-mail, and per kind immediate / daily digest / off), the delivery log an
// administrator reads, retrying a dead-lettered delivery, and the dispatcher's and digests'
// passes (src/notifications/ does the work).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DEFAULT_DELIVERY_MODE, deliveryModeSchema, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type DeliveryMode, type NotificationKind } from '../domain/notifications.js';
import { appendAudit } from '../store/audit-repository.js';
import type { Database } from '../store/database.js';
import { contactsOf, countDeliveriesByStatus, getDelivery, listDeliveryLog, preferencesOf, pruneFinished, requeueDead, setContact, setPreferences, type DeliveryLogRow, type DeliveryStatus } from '../store/notification-repository.js';
import type { Store } from '../store/store.js';
import { readNotificationsConfig, sharedChannels } from '../notifications/notifications-config.js';
import { ConflictError, InvalidError, NotFoundError, type ActionProblem } from './errors.js';

/** The daily digests (one function, src/notifications/digest.ts), for the scheduled jobs and `traction notify digest`. */
export { runDigests } from '../notifications/digest.js';

export interface NotificationSettings {
  email: string | null;
  /** Whether e-mail is configured in traction.yaml at all (otherwise the address is kept but unused). */
  emailConfigured: boolean;
  preferences: { kind: NotificationKind; label: string; mode: DeliveryMode }[];
}

export async function notificationSettings(db: Kysely<Database>, username: string): Promise<NotificationSettings> {
  const [contacts, prefs, config] = await Promise.all([contactsOf(db, [username]), preferencesOf(db, [username]), readNotificationsConfig(db)]);
  const mine = prefs.get(username);
  return {
    email: contacts.get(username) ?? null,
    emailConfigured: config?.email !== undefined,
    preferences: NOTIFICATION_KINDS.map((kind) => ({ kind, label: NOTIFICATION_KIND_LABELS[kind], mode: mine?.get(kind) ?? DEFAULT_DELIVERY_MODE })),
  };
}

// One line, no angle brackets or spaces: an address that cannot smuggle headers into a message.
const emailSchema = z.string().trim().max(254).regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, 'an e-mail address such as name@example.com');

export const settingsUpdateSchema = z.strictObject({
  email: emailSchema.nullable().optional().describe('the address notifications are mailed to; null removes it'),
  preferences: z.partialRecord(z.enum(NOTIFICATION_KINDS), deliveryModeSchema).optional().describe('per kind: immediate, digest or off'),
});
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** Validates the whole update (every problem named), then writes it in one transaction. */
export async function updateNotificationSettings(store: Store, username: string, body: unknown, now: Date): Promise<NotificationSettings> {
  const parsed = settingsUpdateSchema.safeParse(body);
  if (!parsed.success) {
    const problems: ActionProblem[] = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new InvalidError(`notification settings: ${problems.map((p) => `${p.field || 'body'}: ${p.message}`).join('; ')}; nothing changed`, problems[0]?.field, problems);
  }
  const u = parsed.data;
  await store.transaction(async (tx) => {
    if (u.email !== undefined) await setContact(tx, username, u.email, now);
    if (u.preferences) await setPreferences(tx, username, u.preferences as Record<string, DeliveryMode>, now);
  });
  return notificationSettings(store.db, username);
}

export interface DeliveryLog {
  items: DeliveryLogRow[];
  counts: Record<string, number>;
  /** The channels traction.yaml configures (e-mail and the shared ones), for the page's heading. */
  channels: string[];
}

export async function deliveryLog(db: Kysely<Database>, filter: { status?: DeliveryStatus | undefined; limit?: number | undefined }): Promise<DeliveryLog> {
  const [items, counts, config] = await Promise.all([listDeliveryLog(db, { status: filter.status, limit: filter.limit ?? 100 }), countDeliveriesByStatus(db), readNotificationsConfig(db)]);
  return { items, counts, channels: [...(config?.email ? ['email'] : []), ...sharedChannels(config).map((c) => c.key)] };
}

/** Puts a dead-lettered delivery back in the queue, attempts reset; recorded in the audit log. */
export async function retryDelivery(store: Store, id: string, actor: string, now: Date): Promise<DeliveryLogRow> {
  await store.transaction(async (tx) => {
    const d = await getDelivery(tx, id);
    if (!d) throw new NotFoundError(`no delivery "${id}"`);
    if (!(await requeueDead(tx, id, now))) throw new ConflictError(`the delivery "${id}" is ${d.status}, not dead; only a dead-lettered delivery is retried`, 'not_dead');
    await appendAudit(tx, { at: now, actor, action: 'notification.retry', objectKind: 'notification_delivery', objectId: id, detail: { channel: d.channel, event: d.eventId, attempts: d.attempts, last_error: d.lastError } });
  });
  const row = (await listDeliveryLog(store.db, { limit: 1, id })).at(0);
  return row!;
}

/** The delivery log's nightly clean-up: finished deliveries older than `notifications.history.keep_days` go, with their events. */
export async function pruneNotificationHistory(store: Store, now: Date): Promise<{ deliveries: number; events: number; keepDays: number }> {
  const keepDays = (await readNotificationsConfig(store.db))?.history.keep_days ?? 90;
  const removed = await pruneFinished(store, new Date(now.getTime() - keepDays * 86_400_000));
  return { ...removed, keepDays };
}
