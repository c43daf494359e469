// Faults under a steady load of GETs through HAProxy in front of three replicas: a replica killed
// with SIGKILL (its requests in flight and the connections refused until the health checks mark it
// down are retried on another replica: no client sees an error), then a rolling restart (each
// replica in turn: SIGTERM, drain, start on its port, back in the balancer): zero failed requests.
// The balancer's own counters show the retries happened rather than the load missing the fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailable, readToken, steadyLoad, testCluster, type TestCluster } from '../support/cluster.js';

const PATHS = ['/api/use-cases', '/api/portfolio', '/api/datasets', '/api/readiness/runs'];

describe('faults behind the balancer', () => {
  let cluster: TestCluster | undefined;
  let skipped: string | undefined;
  let auth: Record<string, string> = {};

  beforeAll(async () => {
    skipped = await clusterUnavailable();
    if (skipped) return;
    cluster = await testCluster(3);
    auth = { authorization: `Bearer ${await readToken(cluster.url)}` };
  }, 60_000);
  afterAll(async () => {
    await cluster?.dispose();
  }, 30_000);

  it('a replica killed with SIGKILL under load: every GET answered 200', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const c = cluster!;
    const before = await c.stats();
    const load = steadyLoad(c.url, auth, PATHS);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await c.signal(1, 'SIGKILL')).toBeNull();
    await c.waitBalanced(1, false);
    await new Promise((r) => setTimeout(r, 1500));
    const result = await load.stop();
    const after = await c.stats();
    expect(result.failures).toEqual([]);
    expect(result.sent).toBeGreaterThan(100);
    expect(after.status.r2).toMatch(/DOWN/);
    expect(after.retried - before.retried).toBeGreaterThan(0);
    expect(after.answered5xx - before.answered5xx).toBe(0);
    await c.start(1);
    await c.waitBalanced(1);
  }, 40_000);

  it('a rolling restart under load: zero failed requests', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const c = cluster!;
    const before = await c.stats();
    const pids = c.replicas.map((r) => r.child.pid);
    const load = steadyLoad(c.url, auth, PATHS);
    await new Promise((r) => setTimeout(r, 1000));
    await c.rollingRestart();
    await new Promise((r) => setTimeout(r, 1000));
    const result = await load.stop();
    const after = await c.stats();
    expect(result.failures).toEqual([]);
    expect(result.sent).toBeGreaterThan(100);
    // Every replica is a new process, all UP again.
    expect(c.replicas.map((r) => r.child.pid).filter((p) => pids.includes(p))).toEqual([]);
    expect(Object.values(after.status)).toEqual(['UP', 'UP', 'UP']);
    expect(after.answered5xx - before.answered5xx).toBe(0);
  }, 60_000);
});
