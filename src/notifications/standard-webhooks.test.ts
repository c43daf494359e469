// Signing against the Standard Webhooks specification's own test vectors, and our verifier
// against the official `standardwebhooks` package (independent code, signing ours).
// Vectors: standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts
// ("sign function works"; the default message id, payload and secret of its TestPayload).
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { secretKey, sign, verify, webhookHeaders, WebhookSecretError } from './standard-webhooks.js';

const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1614265330;
const SPEC_PAYLOAD = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signatures', () => {
  it('reproduces the specification test vector', () => {
    expect(sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)).toBe(SPEC_SIGNATURE);
    // The libraries accept the secret with and without its whsec_ prefix.
    expect(sign(SPEC_SECRET.slice('whsec_'.length), SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)).toBe(SPEC_SIGNATURE);
  });

  it('a changed byte of id, timestamp or body gives another signature', () => {
    expect(sign(SPEC_SECRET, `${SPEC_ID}x`, SPEC_TIMESTAMP, SPEC_PAYLOAD)).not.toBe(SPEC_SIGNATURE);
    expect(sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_PAYLOAD)).not.toBe(SPEC_SIGNATURE);
    expect(sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, '{"test": 2432232315}')).not.toBe(SPEC_SIGNATURE);
  });

  it('headers we make are accepted by the official library', () => {
    const at = new Date();
    const body = JSON.stringify({ type: 'traction.gate_ready', data: { id: 'evt_1', title: 'Zoë’s gate — ready' } });
    const headers = webhookHeaders(SPEC_SECRET, 'evt_1', at, body);
    expect(new Webhook(SPEC_SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(SPEC_SECRET).verify(`${body} `, headers)).toThrow();
  });

  it('verifies the specification vector and refuses tampering, stale times and other versions', () => {
    const at = new Date(SPEC_TIMESTAMP * 1000);
    const headers = { 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TIMESTAMP), 'webhook-signature': SPEC_SIGNATURE };
    expect(verify(SPEC_SECRET, headers, SPEC_PAYLOAD, at)).toBe(true);
    // Several signatures, one valid (the specification's "multi sig payload" case).
    const multi = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${SPEC_SIGNATURE}`;
    expect(verify(SPEC_SECRET, { ...headers, 'webhook-signature': multi }, SPEC_PAYLOAD, at)).toBe(true);
    expect(verify(SPEC_SECRET, headers, '{"test": 2432232315}', at)).toBe(false);
    expect(verify(SPEC_SECRET, { ...headers, 'webhook-signature': SPEC_SIGNATURE.replace('v1,', 'v2,') }, SPEC_PAYLOAD, at)).toBe(false);
    expect(verify(SPEC_SECRET, { ...headers, 'webhook-signature': 'v1,' }, SPEC_PAYLOAD, at)).toBe(false);
    // Five minutes' tolerance, as the specification's libraries.
    expect(verify(SPEC_SECRET, headers, SPEC_PAYLOAD, new Date((SPEC_TIMESTAMP + 301) * 1000))).toBe(false);
    expect(verify(SPEC_SECRET, headers, SPEC_PAYLOAD, new Date((SPEC_TIMESTAMP - 301) * 1000))).toBe(false);
    expect(verify(SPEC_SECRET, { ...headers, 'webhook-timestamp': 'hello' }, SPEC_PAYLOAD, at)).toBe(false);
  });

  it('refuses a secret that is not base64 or too short', () => {
    expect(() => secretKey('whsec_not base64!')).toThrow(WebhookSecretError);
    expect(() => secretKey('whsec_')).toThrow(WebhookSecretError);
    expect(() => secretKey('whsec_c2hvcnQ=')).toThrow(/at least 16 bytes/);
  });
});
