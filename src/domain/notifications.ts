// Notifications: the kinds of event people are told about, how each person wants each kind
// (immediately, in a daily digest, or not at all), and the `notifications:` block of
// traction.yaml (channels, retry policy, digest schedule). No I/O: the outbox, the dispatcher
// and the channels live in src/notifications/.
import { z } from 'zod';
import { envRefStringSchema, ENV_REF_PATTERN } from './common.js';
import { scheduleSchema } from './schedule.js';

export const NOTIFICATION_KINDS = [
  'proposal_submitted',
  'review_asked',
  'signoff_asked',
  'gate_ready',
  'stage_advanced',
  'plan_committed',
  'readiness_failed',
  'kpi_off_track',
  'usage_alert',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** What each kind means, for the settings page, the e-mail subject line and the docs. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  proposal_submitted: 'A use case was proposed (to portfolio owners)',
  review_asked: 'Changes were asked of my proposal',
  signoff_asked: 'A sign-off is asked of a role I hold',
  gate_ready: 'Every criterion of a gate is met',
  stage_advanced: 'A use case moved to another stage',
  plan_committed: 'A roadmap plan was committed (funding decision)',
  readiness_failed: 'A data readiness run failed a check, or a score dropped',
  kpi_off_track: 'A KPI value is off track',
  usage_alert: 'A use case in production is not used, used less, over budget or slower than promised',
};

export const DELIVERY_MODES = ['immediate', 'digest', 'off'] as const;
export const deliveryModeSchema = z.enum(DELIVERY_MODES);
export type DeliveryMode = z.infer<typeof deliveryModeSchema>;
export const DEFAULT_DELIVERY_MODE: DeliveryMode = 'immediate';

export const recipientRoleSchema = z.enum(['business_owner', 'technical_lead', 'risk_compliance', 'final_approver', 'portfolio_owner']);

/** Who an event is for: holders of traction.yaml roles and named people (usernames). */
export interface Audience {
  roles?: string[];
  users?: string[];
}

/** An event as an action records it, inside its own transaction (src/notifications/record-event.ts). */
export interface NotificationEventInput {
  kind: NotificationKind;
  /** One line: what happened. */
  title: string;
  /** Further lines of plain text (what to do next). */
  detail?: string;
  useCaseId?: string | null;
  /** A dashboard path where it is acted on, e.g. /use-cases/x/gate. */
  href?: string;
  audience: Audience;
  /** Facts a webhook receiver may use (no secrets, no personal data beyond usernames). */
  data?: Record<string, unknown>;
}

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a lower-case name: letters, digits, - and _');

/** A secret must come from the environment: `${env:NAME}` and nothing else. */
const secretRefSchema = envRefStringSchema.refine((s) => new RegExp(`^${ENV_REF_PATTERN.source}$`).test(s), {
  message: 'a secret is read from the environment: write ${env:NAME}, never the value itself',
});

/** A literal http(s) URL, or an `${env:NAME}` reference (required where the URL itself is a secret, as Slack's and Teams'). */
const urlOrRefSchema = envRefStringSchema.refine((s) => /^\$\{env:/.test(s) || /^https?:\/\//i.test(s), {
  message: 'an http:// or https:// URL, or ${env:NAME}',
});

const kindsFilter = z.array(notificationKindSchema).optional().describe('the kinds this channel receives (default: every kind)');

const chatChannelSchema = z.strictObject({
  name: nameSchema,
  url: secretRefSchema.describe('the incoming-webhook URL, from the environment (it carries its own secret): ${env:NAME}'),
  kinds: kindsFilter,
});

const webhookChannelSchema = z.strictObject({
  name: nameSchema,
  url: urlOrRefSchema.describe('where events are POSTed (http or https)'),
  secret: secretRefSchema.describe('the signing secret, whsec_ followed by base64 (Standard Webhooks), from the environment: ${env:NAME}'),
  kinds: kindsFilter,
});

export const notificationsConfigSchema = z
  .strictObject({
    email: z
      .strictObject({
        host: z.string().min(1).describe('the SMTP server'),
        port: z.number().int().min(1).max(65535).default(587),
        secure: z.boolean().default(false).describe('TLS from the first byte (port 465); otherwise STARTTLS when the server offers it'),
        user: envRefStringSchema.optional().describe('SMTP user, e.g. ${env:SMTP_USER}'),
        password: secretRefSchema.optional().describe('SMTP password: ${env:NAME}'),
        from: z.string().min(3).describe('the sender address, e.g. "Traction <traction@example.com>"'),
      })
      .optional()
      .describe('e-mail to each person, at the address they give in their notification settings'),
    slack: z.array(chatChannelSchema).default([]).describe('Slack incoming webhooks'),
    teams: z.array(chatChannelSchema).default([]).describe('Microsoft Teams incoming webhooks (workflows)'),
    webhooks: z.array(webhookChannelSchema).default([]).describe('generic webhooks signed per the Standard Webhooks specification'),
    dashboard_url: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/i, 'an http:// or https:// URL')
      .optional()
      .describe('the address people open the dashboard at; links in messages start with it'),
    allowed_hosts: z
      .array(z.string().min(1))
      .optional()
      .describe('if given, outgoing webhooks go only to these host names (SSRF protection; docs/notifications.md)'),
    retry: z
      .strictObject({
        max_attempts: z.number().int().min(1).max(50).default(8),
        base_seconds: z.number().positive().default(30),
        cap_seconds: z.number().positive().default(3600),
      })
      .default({ max_attempts: 8, base_seconds: 30, cap_seconds: 3600 }),
    digest: z
      .strictObject({
        schedule: scheduleSchema.default('0 7 * * *'),
      })
      .default({ schedule: '0 7 * * *' })
      .describe('when daily digests are sent (the scheduled jobs run runDigests)'),
    usage_alerts: z
      .strictObject({
        schedule: scheduleSchema.default('0 6 * * *'),
      })
      .default({ schedule: '0 6 * * *' })
      .describe('when the usage of deployed use cases is checked for new alerts (no use, falling use, over budget, slower than the SLO); daily by default, before the digests'),
    history: z
      .strictObject({
        keep_days: z.number().int().min(1).max(3650).default(90),
        schedule: scheduleSchema.default('30 3 * * *'),
      })
      .default({ keep_days: 90, schedule: '30 3 * * *' })
      .describe('how long the delivery log keeps finished deliveries (delivered, carried by a digest, or given up on); removed nightly by the scheduled jobs'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const key of ['slack', 'teams', 'webhooks'] as const)
      c[key].forEach((ch, i) => {
        const id = `${key}:${ch.name}`;
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `duplicate channel name "${ch.name}"` });
        seen.add(id);
      });
  });
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
