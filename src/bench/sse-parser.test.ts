import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.js';

const parse = (pieces: (string | Buffer)[]) => {
  const events: string[] = [];
  const p = new SseParser((d) => events.push(d));
  for (const piece of pieces) p.push(piece);
  return { events, incomplete: p.incomplete };
};

describe('SseParser', () => {
  it('dispatches data at blank lines, joins multi-line data, skips comments and other fields', () => {
    const { events } = parse([': keep-alive\n', 'event: message\nid: 7\ndata: {"a":1}\n\n', 'data: one\ndata:two\n\n', 'data: [DONE]\n\n']);
    expect(events).toEqual(['{"a":1}', 'one\ntwo', '[DONE]']);
  });

  it('accepts CRLF and CR line endings, also split between pieces', () => {
    expect(parse(['data: x\r', '\n\r', '\ndata: y\r\r']).events).toEqual(['x', 'y']);
  });

  it('reports an event cut before its blank line as incomplete', () => {
    const r = parse(['data: {"a":1}\n\ndata: {"b"']);
    expect(r.events).toEqual(['{"a":1}']);
    expect(r.incomplete).toBe(true);
  });

  it('decodes UTF-8 split inside a character', () => {
    const bytes = Buffer.from('data: héllo ✓\n\n');
    expect(parse([bytes.subarray(0, 9), bytes.subarray(9, 17), bytes.subarray(17)]).events).toEqual(['héllo ✓']);
  });

  it('yields the same events however the bytes are split', () => {
    const eventArb = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '{', '"', ':', ' ', 'é') }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), fc.constantFrom('\n', '\r\n', '\r'), (events, cuts, eol) => {
        const text = events.map((lines) => lines.map((l) => `data: ${l}${eol}`).join('') + eol).join('');
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces: Buffer[] = [];
        let prev = 0;
        for (const c of [...points, bytes.length]) {
          pieces.push(bytes.subarray(prev, c));
          prev = c;
        }
        expect(parse(pieces).events).toEqual(events.map((lines) => lines.join('\n')));
      }),
    );
  });
});
