// Signing (and verifying) per the Standard Webhooks specification
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
// headers webhook-id, webhook-timestamp (Unix seconds) and webhook-signature, whose value is
// a space-separated list of `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`,
// keyed with the secret's bytes (the base64 after the `whsec_` prefix).
import { createHmac, timingSafeEqual } from 'node:crypto';

export class WebhookSecretError extends Error {}

/** The key bytes of a `whsec_...` secret (the prefix is optional, as the specification's libraries accept). */
export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (b64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new WebhookSecretError('a webhook secret is whsec_ followed by base64');
  const key = Buffer.from(b64, 'base64');
  // The specification recommends 24 to 64 bytes.
  if (key.length < 16) throw new WebhookSecretError(`a webhook secret needs at least 16 bytes of key (it has ${key.length}); the specification recommends 24 to 64`);
  return key;
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(secret, id, ts, body) };
}

/**
 * A receiver's check: one of the listed v1 signatures matches, and the timestamp is within
 * `toleranceSeconds` of `now` (the specification's libraries use 5 minutes), which limits replays.
 */
export function verify(secret: string, headers: Record<string, string | undefined>, body: string, now: Date, toleranceSeconds = 300): boolean {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (!id || !ts || !sigs || !/^[0-9]+$/.test(ts)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, id, Number(ts), body).slice(3), 'base64');
  return sigs.split(' ').some((s) => {
    const [version, value] = s.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
