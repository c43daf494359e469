// E-mail over SMTP with nodemailer: one connection per dispatch pass, reused for every
// message of the pass, closed at its end. The event id goes into a header (and the
// Message-ID), so a mail client or filter can tell a resent message from a new one.
import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../domain/notifications.js';
import { resolveEnvRefs } from '../workspace/env-ref.js';
import { DeliveryError } from './http-post.js';

type EmailConfig = NonNullable<NotificationsConfig['email']>;

export interface Mail {
  to: string;
  subject: string;
  text: string;
  eventId: string;
}

export class SmtpChannel {
  private transport: Transporter | undefined;

  constructor(
    private readonly config: EmailConfig,
    private readonly env: Record<string, string | undefined>,
  ) {}

  private open(): Transporter {
    if (this.transport) return this.transport;
    const c = this.config;
    const user = c.user ? resolveEnvRefs(c.user, this.env, 'notifications.email.user') : undefined;
    const pass = c.password ? resolveEnvRefs(c.password, this.env, 'notifications.email.password') : undefined;
    this.transport = nodemailer.createTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      ...(user !== undefined ? { auth: { user, pass } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return this.transport;
  }

  async send(mail: Mail): Promise<void> {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.from)?.[1] ?? 'traction.invalid';
    try {
      await this.open().sendMail({
        from: this.config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${mail.eventId}.${encodeURIComponent(mail.to)}@${domain}>`,
        headers: { 'X-Traction-Event-Id': mail.eventId },
      });
    } catch (e) {
      throw new DeliveryError(`SMTP ${this.config.host}:${this.config.port}: ${(e as Error).message}`);
    }
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
