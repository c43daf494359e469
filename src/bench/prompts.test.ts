import { describe, expect, it } from 'vitest';
import { BenchInputError } from './bench-input-error.js';
import { parsePromptsJsonl, syntheticPrompts } from './prompts.js';
import { countWords } from './mock-responses.js';
import { seededRandom } from './random.js';

describe('prompts', () => {
  it('builds synthetic prompts of exactly the requested words, reproducibly', () => {
    const a = syntheticPrompts(5, 64, 32, seededRandom(3));
    const b = syntheticPrompts(5, 64, 32, seededRandom(3));
    expect(a).toEqual(b);
    expect(a.map((p) => countWords(p.text))).toEqual([64, 64, 64, 64, 64]);
    expect(new Set(a.map((p) => p.text)).size).toBe(5);
    expect(a[0]?.maxTokens).toBe(32);
  });

  it('reads prompt, input and messages lines, skipping blank lines', () => {
    const text = '{"prompt":"hello there","max_tokens":7}\n\n{"messages":[{"role":"user","content":"abcdefgh"}]}\n{"input":"embed me"}\n';
    const p = parsePromptsJsonl(text, 'p.jsonl', 64);
    expect(p.map((x) => [x.text, x.maxTokens, x.inputTokens])).toEqual([
      ['hello there', 7, 3],
      ['abcdefgh', 64, 2],
      ['embed me', 64, 2],
    ]);
    expect(p[1]?.messages).toEqual([{ role: 'user', content: 'abcdefgh' }]);
  });

  it('names each bad line with file:line', () => {
    const text = '{"prompt":"ok"}\nnot json\n{"max_tokens":3}\n{"prompt":"x","max_tokens":-1}\n';
    try {
      parsePromptsJsonl(text, 'p.jsonl', 16);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BenchInputError);
      const d = (e as BenchInputError).details;
      expect(d).toHaveLength(3);
      expect(d[0]).toMatch(/^p\.jsonl:2: not JSON/);
      expect(d[1]).toBe('p.jsonl:3: each line needs "prompt", "input" or "messages"');
      expect(d[2]).toMatch(/^p\.jsonl:4: max_tokens: /);
    }
    expect(() => parsePromptsJsonl('\n\n', 'empty.jsonl', 16)).toThrow('empty.jsonl: no prompts');
  });
});
