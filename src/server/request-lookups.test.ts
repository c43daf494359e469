// Coalesced lookups: a call never gets the answer of a run sent before it was made; calls made in
// the same turn of the event loop share the run sent at its end; calls that come while a run is
// in flight share the next run, sent when it ends.
import { describe, expect, it } from 'vitest';
import { Coalesced } from './request-lookups.js';

/** A run whose end the test decides; `started` counts runs, each answering its number (the third fails). */
function controlled() {
  const ends: (() => void)[] = [];
  let started = 0;
  const run = () => {
    const n = ++started;
    return new Promise<number>((resolve, reject) => ends.push(() => (n === 3 ? reject(new Error('run 3 failed')) : resolve(n))));
  };
  return { run, ends, started: () => started };
}
const turn = () => new Promise((r) => setImmediate(r));
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Coalesced', () => {
  it('sends one run for the calls of one turn, and one run for the calls made while it was in flight, after it', async () => {
    const c = new Coalesced<number>();
    const r = controlled();
    const first = [c.run('k', r.run), c.run('k', r.run)];
    expect(r.started()).toBe(0); // sent at the end of this turn, for both
    await turn();
    expect(r.started()).toBe(1);
    const during = [c.run('k', r.run), c.run('k', r.run), c.run('k', r.run)];
    const other = c.run('other key', r.run);
    await turn();
    expect(r.started()).toBe(2); // the other key's run; the three calls wait for the first run to end
    r.ends[0]!();
    expect(await Promise.all(first)).toEqual([1, 1]);
    await settle();
    expect(r.started()).toBe(3); // the next run, for the three calls that came while the first was in flight
    // A call now comes after the third run was sent: it waits for a fourth.
    const late = c.run('k', r.run);
    r.ends[1]!();
    expect(await other).toBe(2);
    r.ends[2]!();
    await expect(Promise.all(during)).rejects.toThrow('run 3 failed'); // a failure reaches every caller of that run
    await settle();
    expect(r.started()).toBe(4); // and the next run still goes
    r.ends[3]!();
    expect(await late).toBe(4);
    // Nothing in flight any more: the next call's run goes at the end of its turn.
    const again = c.run('k', r.run);
    await turn();
    expect(r.started()).toBe(5);
    r.ends[4]!();
    expect(await again).toBe(5);
  });
});
