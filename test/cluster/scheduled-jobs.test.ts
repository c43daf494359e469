// Scheduled jobs across three replicas behind HAProxy: a dataset scheduled every second has its
// checks run once per tick across all three (never twice, none missed), a "run now" asked of
// every replica and of the balancer at the same moment is queued once and run once, and the runs
// are the same whichever replica the balancer asks.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { clusterUnavailable, login, testCluster, type TestCluster } from '../support/cluster.js';
import { PG_URL } from '../support/databases.js';
import { expectEachTickOnce } from '../support/job-ticks.js';

describe('scheduled jobs across replicas behind the balancer', () => {
  let cluster: TestCluster | undefined;
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
    await cluster?.dispose();
  }, 30_000);

  it('each tick runs once across three replicas, and a run asked of all of them at once runs once', async ({ skip }) => {
    const skipped = await clusterUnavailable();
    if (skipped) return skip(skipped);
    cluster = await testCluster(3, {}, (ws) => {
      const dataset = path.join(ws, 'datasets/erp_orders.yaml');
      writeFileSync(dataset, readFileSync(dataset, 'utf8').replace('schedule: "0 6 * * *"', 'schedule: "* * * * * *"'));
    });
    const lastStarted = Date.now();
    store = await openStore({ kind: 'postgres', url: PG_URL, schema: cluster.schema });
    const s = await login(cluster.url);
    const headers = { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf };

    const asked = await Promise.all(
      [...cluster.replicas.map((r) => r.url), cluster.url].map(async (url) => {
        const r = await fetch(`${url}/api/jobs/runs`, { method: 'POST', headers, body: JSON.stringify({ kind: 'dataset-checks', target: 'erp_orders' }) });
        expect(r.status, url).toBe(202);
        return (await r.json()) as { run: { id: string }; queued: boolean };
      }),
    );
    expect(asked.filter((a) => a.queued)).toHaveLength(1);
    expect(new Set(asked.map((a) => a.run.id)).size).toBe(1);

    await new Promise((r) => setTimeout(r, 6000));
    // Every replica lists the same runs (the store's, not a replica's own).
    const listed = await Promise.all(
      cluster.replicas.map(async (r) => {
        const jobs = (await (await fetch(`${r.url}/api/jobs?limit=100&kind=dataset-checks`, { headers: { cookie: s.cookie } })).json()) as { runs: { id: string; status: string }[] };
        return jobs.runs.filter((x) => x.status === 'succeeded').map((x) => x.id).sort();
      }),
    );
    expect(listed[0]!.length).toBeGreaterThan(0);
    expect(listed[1]!.filter((id) => listed[0]!.includes(id)).length).toBeGreaterThanOrEqual(listed[0]!.length - 2);

    const stopping = Date.now();
    expect(await Promise.all(cluster.replicas.map((_, i) => cluster!.signal(i, 'SIGTERM')))).toEqual([0, 0, 0]);
    const ticks = await expectEachTickOnce(store, { lastStarted, stopping });
    expect(ticks).toBeGreaterThanOrEqual(4);
    const manual = await store.db.selectFrom('job_runs').selectAll().where('trigger', '=', 'manual').execute();
    expect(manual.map((r) => [r.id, r.status, Number(r.attempts)])).toEqual([[asked[0]!.run.id, 'succeeded', 1]]);
  }, 80_000);
});
