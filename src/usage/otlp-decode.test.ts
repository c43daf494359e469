import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError } from './otlp-decode.js';
import { attributeFilter, isContentAttribute } from './content-filter.js';

const keepAll = () => true;

describe('OTLP decoding of untrusted bodies', () => {
  it('never throws anything but OtlpDecodeError on random bytes, and never loops', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeOtlpProtobuf(bytes, keepAll);
        } catch (e) {
          expect(e).toBeInstanceOf(OtlpDecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but OtlpDecodeError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        try {
          decodeOtlpJson(text, keepAll);
        } catch (e) {
          expect(e).toBeInstanceOf(OtlpDecodeError);
        }
      }),
    );
  });

  it('reads a hand-encoded span: ids, nanosecond times, status and only the attributes asked for', () => {
    // ExportTraceServiceRequest{ resource_spans{ scope_spans{ spans{ trace_id, span_id, start, end, attributes, status } } } }
    const kv = (k: string, v: string) => [0x0a, k.length, ...Buffer.from(k), 0x12, v.length + 2, 0x0a, v.length, ...Buffer.from(v)];
    const fixed64 = (n: bigint) => [...Buffer.from(new BigUint64Array([n]).buffer)];
    const attrA = kv('keep.me', 'yes');
    const attrB = kv('gen_ai.input.messages', 'SECRET');
    const span = [
      0x0a, 16, ...Array(16).fill(0xab),
      0x12, 8, ...Array(8).fill(0xcd),
      0x39, ...fixed64(1_700_000_000_000_000_000n),
      0x41, ...fixed64(1_700_000_000_250_000_000n),
      0x4a, attrA.length, ...attrA,
      0x4a, attrB.length, ...attrB,
      0x7a, 2, 0x18, 2,
    ];
    const scope = [0x12, span.length, ...span];
    const rs = [0x12, scope.length, ...scope];
    const body = Uint8Array.from([0x0a, rs.length, ...rs]);
    const [s] = decodeOtlpProtobuf(body, attributeFilter([{ match: { 'keep.me': 'yes' }, user_attribute: 'user.id' }]));
    expect(s).toEqual({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), startMs: 1_700_000_000_000, endMs: 1_700_000_000_250, statusError: true, resource: {}, attributes: { 'keep.me': 'yes' } });
  });

  it('refuses content attributes even when a use case names them', () => {
    for (const k of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.prompt', 'gen_ai.completion.0.content', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'db.query.text'])
      expect(isContentAttribute(k), k).toBe(true);
    for (const k of ['gen_ai.usage.input_tokens', 'gen_ai.request.model', 'service.name', 'enduser.id', 'error.type']) expect(isContentAttribute(k), k).toBe(false);
    const keep = attributeFilter([{ match: { 'gen_ai.input.messages': 'x' }, user_attribute: 'gen_ai.prompt' }]);
    expect([keep('gen_ai.input.messages'), keep('gen_ai.prompt'), keep('gen_ai.request.model')]).toEqual([false, false, true]);
  });
});
