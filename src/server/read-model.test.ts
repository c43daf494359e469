// The read-model cache: one computation per revision and key, shared by concurrent requests,
// made again when the revision changes or the answer's own end passes, never kept when it failed.
import { describe, expect, it } from 'vitest';
import { ReadModel } from './read-model.js';

const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, s));
const text = (b: { json: Buffer }) => b.json.toString();

describe('ReadModel', () => {
  it('computes once per revision and key, and again when the revision changes', async () => {
    const m = new ReadModel();
    let calls = 0;
    const compute = (v: string) => async () => ({ value: { v, call: ++calls } });
    expect(text(await m.body('r1', 'a', t(0), compute('x')))).toBe('{"v":"x","call":1}');
    expect(text(await m.body('r1', 'a', t(1), compute('y')))).toBe('{"v":"x","call":1}');
    expect(text(await m.body('r1', 'b', t(1), compute('z')))).toBe('{"v":"z","call":2}');
    expect(text(await m.body('r2', 'a', t(2), compute('w')))).toBe('{"v":"w","call":3}');
    // Going back to the earlier revision forgets nothing it should not: it is computed again.
    expect(text(await m.body('r1', 'a', t(3), compute('u')))).toBe('{"v":"u","call":4}');
  });

  it('shares one computation between concurrent requests under the same revision', async () => {
    const m = new ReadModel();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      calls++;
      await gate;
      return { value: calls };
    };
    const all = Promise.all([m.body('r', '', t(0), compute), m.body('r', '', t(0), compute), m.body('r', '', t(0), compute)]);
    release();
    expect((await all).map(text)).toEqual(['1', '1', '1']);
    expect(calls).toBe(1);
  });

  it('makes an answer again once its own end has passed, without a write', async () => {
    const m = new ReadModel();
    let calls = 0;
    const compute = async () => ({ value: ++calls, validUntil: t(10) });
    expect(text(await m.body('r', '', t(0), compute))).toBe('1');
    expect(text(await m.body('r', '', t(9), compute))).toBe('1');
    expect(text(await m.body('r', '', t(10), compute))).toBe('2');
    // The new answer was made at 10 s with the same end: every later request computes until the revision changes.
    expect(text(await m.body('r', '', t(11), compute))).toBe('3');
  });

  it('keeps no failed computation: the next request tries again', async () => {
    const m = new ReadModel();
    await expect(m.body('r', '', t(0), async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(text(await m.body('r', '', t(0), async () => ({ value: 'ok' })))).toBe('"ok"');
  });

  it('holds a bounded number of keys', async () => {
    const m = new ReadModel(2);
    let calls = 0;
    const compute = async () => ({ value: ++calls });
    for (const k of ['a', 'b', 'c']) await m.body('r', k, t(0), compute);
    // Full at the third key: the cache was emptied, so the first is made again.
    expect(text(await m.body('r', 'a', t(0), compute))).toBe('4');
    expect(text(await m.body('r', 'c', t(0), compute))).toBe('3');
  });
});
