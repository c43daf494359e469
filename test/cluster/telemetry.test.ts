// Telemetry at team scale: GenAI spans sent in batches to three replicas (straight to each, and
// through HAProxy) aggregate into the same per-use-case, per-day totals as one brute-force count of
// the spans (test/support/genai-spans.ts, written without src/usage); every batch then sent again
// to another replica, and through the balancer, all at once, changes nothing.
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { readUsageDays } from '../../src/store/usage-repository.js';
import { contentHash } from '../../src/workspace/definitions.js';
import { clusterUnavailable, login, testCluster, type TestCluster } from '../support/cluster.js';
import { PG_URL } from '../support/databases.js';
import { bruteForce, makeSpans, otlpBodies, PRICES, TELEMETRY_KEY, USE_CASES } from '../support/genai-spans.js';
import { CONFIG } from '../support/server-app.js';

describe('telemetry across replicas behind the balancer', () => {
  let cluster: TestCluster | undefined;
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
    await cluster?.dispose();
  }, 30_000);

  it('spans sent to different replicas add up to one count, and batches sent again elsewhere are not counted twice', async ({ skip }) => {
    const skipped = await clusterUnavailable();
    if (skipped) return skip(skipped);
    cluster = await testCluster(3, { TRACTION_TELEMETRY_KEY: TELEMETRY_KEY.toString('hex') });
    store = await openStore({ kind: 'postgres', url: PG_URL, schema: cluster.schema });
    const def = (kind: 'config' | 'use_case', id: string, body: unknown) => ({ kind, id, body, hash: contentHash(body) });
    await applyDefinitions(store, [def('config', 'config', { ...CONFIG, prices: PRICES }), ...USE_CASES.map((u) => def('use_case', u.id, u))], 'test', new Date());
    const s = await login(cluster.url);
    const made = await fetch(`${cluster.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ name: 'collector', scope: 'ingest' }) });
    expect(made.status).toBe(201);
    const token = ((await made.json()) as { token: string }).token;

    // Six batches of 150 spans (each one request per service), sent round the three replicas and the balancer.
    const specs = makeSpans(900, Date.now(), 19);
    const bodies: Buffer[] = [];
    for (let i = 0; i < specs.length; i += 150) for (const b of await otlpBodies(specs.slice(i, i + 150), 'protobuf')) bodies.push(gzipSync(b));
    const targets = [...cluster.replicas.map((r) => r.url), cluster.url];
    const post = async (url: string, body: Buffer) => {
      const r = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body });
      await r.arrayBuffer();
      return r.status;
    };
    expect(await Promise.all(bodies.map((b, i) => post(targets[i % targets.length]!, b)))).toEqual(bodies.map(() => 200));

    const perDay = async () =>
      Object.fromEntries((await readUsageDays(store!.db, {})).map((d) => [`${d.useCaseId}|${d.day}`, { requests: d.requests, input: d.inputTokens, output: d.outputTokens, users: d.users.length }]));
    const expected = Object.fromEntries(
      [...bruteForce(specs)].map(([key, e]) => [key, { requests: e.requests, input: e.input, output: e.output, users: e.users.size }]),
    );
    const once = await perDay();
    expect(once).toEqual(expected);
    // Cost is a sum of floating-point products in another order: equal to a millionth.
    const costs = async () => Object.fromEntries((await readUsageDays(store!.db, {})).map((d) => [`${d.useCaseId}|${d.day}`, d.cost]));
    const brute = bruteForce(specs);
    for (const [key, cost] of Object.entries(await costs())) expect(cost, key).toBeCloseTo(brute.get(key)!.cost, 6);

    // A collector retrying: every batch again to the next replica and through the balancer, at once.
    const again = await Promise.all(bodies.flatMap((b, i) => [post(targets[(i + 1) % 3]!, b), post(cluster!.url, b)]));
    expect(again).toEqual(again.map(() => 200));
    expect(await perDay()).toEqual(expected);
    for (const [key, cost] of Object.entries(await costs())) expect(cost, key).toBeCloseTo(brute.get(key)!.cost, 6);
    // And what the API answers is the same through every replica.
    const answers = await Promise.all(cluster.replicas.map(async (r) => JSON.stringify(await (await fetch(`${r.url}/api/usage`, { headers: { cookie: s.cookie } })).json())));
    expect(new Set(answers).size).toBe(1);
  }, 80_000);
});
