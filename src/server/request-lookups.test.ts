// Coalesced lookups: a call never gets the answer of a run started before it was made; calls
// that come while one run is in flight share the next run.
import { describe, expect, it } from 'vitest';
import { Coalesced } from './request-lookups.js';

/** A run whose end the test decides; `started` counts runs, each answering its number. */
function controlled() {
  const ends: (() => void)[] = [];
  let started = 0;
  const run = () => {
    const n = ++started;
    return new Promise<number>((resolve, reject) => ends.push(() => (n === 3 ? reject(new Error('run 3 failed')) : resolve(n))));
  };
  return { run, ends, started: () => started };
}

describe('Coalesced', () => {
  it('starts at once when nothing is in flight; calls during a run share the next one, started after it ends', async () => {
    const c = new Coalesced<number>();
    const r = controlled();
    const first = c.run('k', r.run);
    expect(r.started()).toBe(1);
    const during = [c.run('k', r.run), c.run('k', r.run), c.run('k', r.run)];
    expect(r.started()).toBe(1); // not sent yet: waiting for the first to end
    const other = c.run('other key', r.run);
    expect(r.started()).toBe(2); // another key is not held back
    r.ends[0]!();
    expect(await first).toBe(1);
    await Promise.resolve();
    expect(r.started()).toBe(3); // the next run, for the three calls that came during the first
    // A call now comes after the third run started: it waits for a fourth.
    const late = c.run('k', r.run);
    r.ends[1]!();
    expect(await other).toBe(2);
    r.ends[2]!();
    await expect(Promise.all(during)).rejects.toThrow('run 3 failed'); // a failure reaches every caller of that run
    await Promise.resolve();
    expect(r.started()).toBe(4); // and the next run still goes
    r.ends[3]!();
    expect(await late).toBe(4);
    // Nothing in flight any more: the next call starts at once.
    const again = c.run('k', r.run);
    expect(r.started()).toBe(5);
    r.ends[4]!();
    expect(await again).toBe(5);
  });
});
