// What "each scheduled time runs once across servers" means in the store, for tests that run
// several `traction serve` processes with a dataset scheduled every second: one job run per tick,
// each succeeded at its first attempt, one stored readiness run per succeeded job run (a tick run
// twice would store two; runs asked for by hand count here too), and no tick missed between the last server's start and the stop.
import { expect } from 'vitest';
import type { Store } from '../../src/store/store.js';

export async function expectEachTickOnce(store: Store, window: { lastStarted: number; stopping: number }): Promise<number> {
  const runs = await store.db.selectFrom('job_runs').selectAll().where('kind', '=', 'dataset-checks').orderBy('scheduled_for').execute();
  const readinessRuns = await store.db.selectFrom('readiness_runs').select('id').execute();
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(readinessRuns.length).toBe(runs.filter((r) => r.status === 'succeeded').length);
  expect(runs.filter((r) => r.status !== 'succeeded' || Number(r.attempts) !== 1).map((r) => `${r.scheduled_for} ${r.status} ${r.error}`)).toEqual([]);
  const scheduled = runs.filter((r) => r.trigger === 'schedule');
  const ticks = new Set(scheduled.map((r) => r.scheduled_for));
  expect(ticks.size).toBe(scheduled.length);
  const expected: string[] = [];
  for (let t = Math.ceil((window.lastStarted + 1000) / 1000) * 1000; t <= window.stopping - 3000; t += 1000) expected.push(new Date(t).toISOString());
  expect(expected.filter((t) => !ticks.has(t))).toEqual([]);
  return scheduled.length;
}
