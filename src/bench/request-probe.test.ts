// The probe reads bodies from views into one reused buffer (the lean client's contract):
// it must decode each piece during the call, across UTF-8 sequences split between pieces.
import { describe, expect, it } from 'vitest';
import { RequestProbe, type ProbeOutcome } from './request-probe.js';

function feed(body: string, piece: number, status = 200): ProbeOutcome {
  let outcome: ProbeOutcome | undefined;
  const probe = new RequestProbe('openai-chat', undefined, () => 0, (o) => (outcome = o));
  probe.onResponseStart(status, 'application/json');
  const bytes = Buffer.from(body, 'utf8');
  const reused = Buffer.alloc(64);
  for (let i = 0; i < bytes.length; i += piece) {
    const n = bytes.copy(reused, 0, i, Math.min(bytes.length, i + piece));
    probe.onData(reused.subarray(0, n));
    reused.fill(0x41); // what the next read would overwrite
  }
  probe.onComplete();
  return outcome!;
}

describe('RequestProbe body decoding', () => {
  const answer = JSON.stringify({ choices: [{ message: { content: 'é€😀 ok' } }] });

  it.each([1, 2, 3, 5, 64])('decodes an answer handed over in pieces of %i bytes', (piece) => {
    const o = feed(answer, piece);
    expect(o.ok).toBe(true);
    expect(o.textChars).toBe('é€😀 ok'.length);
  });

  it('quotes the decoded body of an HTTP error', () => {
    const o = feed('{"error":"überlastet"}', 3, 503);
    expect(o.ok).toBe(false);
    expect(o.errorClass).toBe('http_503');
    expect(o.errorDetail).toBe('HTTP 503: {"error":"überlastet"}');
  });
});
