// Notifications: each person's settings (e-mail address; immediate / digest / off per kind),
// and for administrators the delivery log and retrying a dead-lettered delivery.
import { z } from 'zod';
import { deliveryLog, notificationSettings, retryDelivery, settingsUpdateSchema, updateNotificationSettings } from '../../application/notifications.js';
import { deliveryModeSchema, notificationKindSchema } from '../../domain/notifications.js';
import type { DeliveryLogRow } from '../../store/notification-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { actorOf } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';

const STATUSES = ['pending', 'sending', 'delivered', 'dead', 'held', 'digested'] as const;

const settingsSchema = z.object({
  email: z.string().nullable().describe('where notifications are mailed; null: no e-mail'),
  email_configured: z.boolean().describe('whether traction.yaml configures e-mail (SMTP) at all'),
  preferences: z.array(z.object({ kind: notificationKindSchema, label: z.string(), mode: deliveryModeSchema })),
});

const deliverySchema = z.object({
  id: z.string(),
  event_id: z.string().describe('the id receivers deduplicate on (webhook-id, X-Traction-Event-Id)'),
  kind: z.string(),
  title: z.string(),
  use_case: z.string().nullable(),
  channel: z.string().describe('email, slack:NAME, teams:NAME or webhook:NAME'),
  recipient: z.string().describe('the username for e-mail; empty for a shared channel'),
  status: z.enum(STATUSES),
  attempts: z.number().int(),
  next_attempt_at: z.string(),
  last_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
  created_at: z.string(),
});

const toDelivery = (d: DeliveryLogRow) => ({
  id: d.id,
  event_id: d.eventId,
  kind: d.kind,
  title: d.title,
  use_case: d.useCaseId,
  channel: d.channel,
  recipient: d.recipient,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  last_error: d.lastError,
  delivered_at: d.deliveredAt,
  created_at: d.createdAt,
});

const toSettings = (s: Awaited<ReturnType<typeof notificationSettings>>) => ({ email: s.email, email_configured: s.emailConfigured, preferences: s.preferences });

export async function notificationRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['notifications'];

  app.get(
    '/api/notifications/settings',
    { schema: { tags, summary: "The caller's notification settings: e-mail address and, per kind, immediate, digest or off", response: { 200: settingsSchema } }, config: { access: { permission: 'read' } } },
    async (request) => toSettings(await notificationSettings(deps.store.db, request.principal!.user.username)),
  );

  app.put(
    '/api/notifications/settings',
    {
      schema: { tags, summary: "Change the caller's notification settings (only the fields sent)", body: settingsUpdateSchema, response: { 200: settingsSchema, 400: errorBodySchema } },
      config: { access: { permission: 'account.own' } },
    },
    async (request) => toSettings(await updateNotificationSettings(deps.store, request.principal!.user.username, request.body, deps.now())),
  );

  app.get(
    '/api/notifications/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first: each delivery of each event, its attempts, status and last error, with counts by status',
        querystring: z.strictObject({ status: z.enum(STATUSES).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(deliverySchema), counts: z.record(z.string(), z.number().int()), channels: z.array(z.string()) }) },
      },
      config: { access: { permission: 'notification.log' } },
    },
    async (request) => {
      const log = await deliveryLog(deps.store.db, { status: request.query.status, limit: request.query.limit });
      return { items: log.items.map(toDelivery), counts: log.counts, channels: log.channels };
    },
  );

  app.post(
    '/api/notifications/deliveries/:id/retry',
    {
      schema: { tags, summary: 'Put a dead-lettered delivery back in the queue (its attempts start again)', params: idParamsSchema, response: { 200: deliverySchema, 404: errorBodySchema, 409: errorBodySchema } },
      config: { access: { permission: 'notification.retry' } },
    },
    async (request) => toDelivery(await retryDelivery(deps.store, request.params.id, actorOf(request.principal!), deps.now())),
  );
}
