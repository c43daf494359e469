// How an event reads in every channel: the subject line, the plain text, the absolute link,
// the Slack and Teams payloads and the webhook body. Pure.
import { NOTIFICATION_KINDS, type NotificationKind } from '../domain/notifications.js';
import type { NotificationEvent } from '../store/notification-repository.js';

export function eventLink(e: Pick<NotificationEvent, 'href'>, dashboardUrl: string | undefined): string | undefined {
  if (!e.href) return undefined;
  return dashboardUrl ? `${dashboardUrl.replace(/\/+$/, '')}${e.href}` : e.href;
}

export function plainText(e: NotificationEvent, dashboardUrl: string | undefined): string {
  const link = eventLink(e, dashboardUrl);
  return [e.title, e.detail, link ? `Open: ${link}` : '', '', 'Choose what you are told and how often under Notifications in your settings.'].filter((l, i) => l !== '' || i === 3).join('\n');
}

// Slack's mrkdwn gives &, < and > meaning (https://api.slack.com/reference/surfaces/formatting#escaping).
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack incoming-webhook message: `text` (the notification's fallback) and one section block. */
export function slackPayload(e: NotificationEvent, dashboardUrl: string | undefined): Record<string, unknown> {
  const link = eventLink(e, dashboardUrl);
  const text = `*${slackEscape(e.title)}*${e.detail ? `\n${slackEscape(e.detail)}` : ''}${link && /^https?:/.test(link) ? `\n<${link}|Open in Traction>` : ''}`;
  return { text: e.title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A Teams incoming webhook (Workflows) message: one Adaptive Card 1.4 (https://adaptivecards.io/schemas/adaptive-card.json). */
export function teamsPayload(e: NotificationEvent, dashboardUrl: string | undefined): Record<string, unknown> {
  const link = eventLink(e, dashboardUrl);
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: e.title, weight: 'Bolder', wrap: true }];
  if (e.detail) body.push({ type: 'TextBlock', text: e.detail, wrap: true });
  const card: Record<string, unknown> = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body };
  if (link && /^https?:/.test(link)) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in Traction', url: link }];
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

/** The body of a generic webhook, in the shape the Standard Webhooks specification suggests: type, timestamp, data. */
export function webhookBody(e: NotificationEvent, dashboardUrl: string | undefined): string {
  return JSON.stringify({
    type: `traction.${e.kind}`,
    timestamp: e.createdAt,
    data: { id: e.id, kind: e.kind, title: e.title, detail: e.detail, use_case_id: e.useCaseId, link: eventLink(e, dashboardUrl) ?? null, ...e.data },
  });
}

export function isNotificationKind(k: string): k is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(k);
}
