// Writes in flight when a replica dies. Six clients, logged in (session cookie and CSRF header),
// add comments through HAProxy in front of three replicas, each comment carrying a marker of its
// own, while one replica is killed with SIGKILL. Every answer is 201 or what docs/deploy.md names
// for a write in flight on a dying replica (HAProxy's 502, or the connection closed without an
// answer, which a write that is first on its connection never gets); counted in the store by marker:
// - without an Idempotency-Key, no comment is there twice (HAProxy never sent a POST again once
//   it reached a replica), every 201 is there exactly once, and a failed write once or not at
//   all: the docs promise no more ("the change may or may not have been made");
// - with one, each client sends a failed write again with the same key until it is answered:
//   every write ends answered (201, or 409 idempotency_key_done when the killed replica had
//   committed it and died before storing its answer) and is there exactly once, with the id
//   a 201 names.
// The surviving replicas keep taking writes, and the killed one, started again, rejoins and
// takes them too.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailable, login, testCluster, type TestCluster } from '../support/cluster.js';
import { PG_URL } from '../support/databases.js';

const USE_CASE = 'churn';
/** What a client may see for a write caught by the kill (docs/deploy.md), besides 201. */
const FAILED = [502, 'closed'];

interface Answer {
  status: number | string;
  contentType: string | null;
  replayed: boolean;
  /** The comment id a 201 names. */
  id?: string;
}

interface Write {
  marker: string;
  /** Sent on a connection of its own (Connection: close), so always the first request on it. */
  fresh: boolean;
  /** ms since the load started, when the first attempt was sent */
  at: number;
  /** Every attempt's answer, in order (one without a key). */
  answers: Answer[];
}

async function post(url: string, headers: Record<string, string>, marker: string, key?: string, fresh = false): Promise<Answer> {
  try {
    const r = await fetch(`${url}/api/use-cases/${USE_CASE}/comments`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(fresh ? { connection: 'close' } : {}) },
      body: JSON.stringify({ body: marker }),
    });
    const text = await r.text();
    const id = r.status === 201 ? (JSON.parse(text) as { id: string }).id : undefined;
    const code = r.status === 409 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined;
    return { status: code ? `409 ${code}` : r.status, contentType: r.headers.get('content-type'), replayed: r.headers.get('idempotent-replayed') === 'true', ...(id ? { id } : {}) };
  } catch (e) {
    // HAProxy closes a kept-alive client connection without an answer when the replica died
    // under a request that was not the connection's first (docs/deploy.md); undici then fails
    // the fetch with a socket error and, this being a POST, does not send it again by itself.
    const cause = (e as Error).cause as { code?: string } | undefined;
    return { status: cause?.code === 'UND_ERR_SOCKET' ? 'closed' : `error: ${(e as Error).message} (${String(cause)})`, contentType: null, replayed: false };
  }
}

/**
 * `clients` writers, each adding one comment at a time with a unique marker, until stopped. With
 * `keyed`, each write carries an Idempotency-Key and is sent again with it after a failure until
 * it is answered, even after stop.
 */
function commentLoad(url: string, headers: Record<string, string>, run: string, keyed: boolean, clients = 6): { stop(): Promise<Write[]> } {
  let running = true;
  const writes: Write[] = [];
  const t0 = Date.now();
  const writer = async (w: number) => {
    for (let n = 0; running; n++) {
      // Two writers in six close their connection after each answer: each of their writes is the
      // first on its connection, which HAProxy answers 502 when the replica dies under it.
      const write: Write = { marker: `${run}-c${w}-n${n}`, fresh: w % 3 === 0, at: Date.now() - t0, answers: [] };
      writes.push(write);
      for (;;) {
        const answer = await post(url, headers, write.marker, keyed ? `key-${write.marker}` : undefined, write.fresh);
        write.answers.push(answer);
        if (!keyed || !FAILED.includes(answer.status) || write.answers.length >= 20) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const writers = Array.from({ length: clients }, (_, w) => writer(w));
  return {
    async stop() {
      running = false;
      await Promise.all(writers);
      return writes;
    },
  };
}

/** The ids of the comments carrying each marker of this run, read from the store itself. */
async function storedMarkers(schema: string, run: string): Promise<Map<string, string[]>> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const rows = await client.query<{ body: string; id: string }>(`select body, id from "${schema}".comments where body like $1 order by id`, [`${run}-%`]);
    const ids = new Map<string, string[]>();
    for (const r of rows.rows) ids.set(r.body, [...(ids.get(r.body) ?? []), r.id]);
    return ids;
  } finally {
    await client.end();
  }
}

const tally = (answers: Answer[]) => {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[String(a.status)] = (counts[String(a.status)] ?? 0) + 1;
  return JSON.stringify(counts);
};

describe('writes in flight when a replica is killed', () => {
  let cluster: TestCluster | undefined;
  let skipped: string | undefined;
  let headers: Record<string, string> = {};

  beforeAll(async () => {
    skipped = await clusterUnavailable();
    if (skipped) return;
    cluster = await testCluster(3);
    const s = await login(cluster.url);
    expect(s.status).toBe(200);
    headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  }, 60_000);
  afterAll(async () => {
    await cluster?.dispose();
  }, 30_000);

  /** Runs the load, kills replica `index` in the middle, stops; then checks the survivors and the restart. */
  async function killUnderLoad(index: number, run: string, keyed: boolean): Promise<{ writes: Write[]; stored: Map<string, string[]> }> {
    const c = cluster!;
    const load = commentLoad(c.url, headers, run, keyed);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await c.signal(index, 'SIGKILL')).toBeNull();
    await c.waitBalanced(index, false);
    await new Promise((r) => setTimeout(r, 1500));
    const writes = await load.stop();
    expect(writes.length).toBeGreaterThan(50);
    // The survivors kept taking writes after the kill: through the balancer in the last second
    // of the load, and each straight.
    const lastAt = writes.reduce((m, w) => Math.max(m, w.at), 0);
    expect(writes.filter((w) => w.at > lastAt - 1000 && w.answers.at(-1)!.status === 201).length).toBeGreaterThan(0);
    for (const [i, r] of c.replicas.entries()) {
      if (i === index) continue;
      expect((await post(r.url, headers, `${run}-survivor-${i}`)).status, r.name).toBe(201);
    }
    // The killed replica, started again, rejoins the balancer and takes writes (the session is in the store).
    await c.start(index);
    await c.waitBalanced(index);
    expect(Object.values((await c.stats()).status)).toEqual(['UP', 'UP', 'UP']);
    expect((await post(c.replicas[index]!.url, headers, `${run}-rejoined`)).status).toBe(201);
    const stored = await storedMarkers(c.schema, run);
    for (const extra of [...c.replicas.keys()].filter((i) => i !== index).map((i) => `${run}-survivor-${i}`).concat(`${run}-rejoined`)) expect(stored.get(extra), extra).toHaveLength(1);
    return { writes, stored };
  }

  it('without an Idempotency-Key: 201, 502 or a closed connection; nothing stored twice, every 201 stored once', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const run = `plain${Date.now().toString(36)}`;
    const { writes, stored } = await killUnderLoad(1, run, false);
    const answers = writes.map((w) => w.answers[0]!);
    for (const [i, w] of writes.entries()) {
      const a = answers[i]!;
      expect([201, ...FAILED], `${w.marker} answered ${a.status} at ${w.at} ms (${tally(answers)})`).toContain(a.status);
      if (a.status === 502) expect(a.contentType, "the 502 is HAProxy's page, not the API's").toMatch(/text\/html/);
      // A write sent with `connection: close` mostly gets the 502 rather than the closed
      // connection, but not always (seen once in CI): either is a documented answer.
      const ids = stored.get(w.marker) ?? [];
      // Never twice: the balancer did not send a POST again once it had reached a replica.
      expect(ids.length, w.marker).toBeLessThanOrEqual(1);
      if (a.status === 201) expect(ids, w.marker).toEqual([a.id]);
    }
    // Nothing is stored that no client sent.
    const sent = new Set(writes.map((w) => w.marker));
    expect([...stored.keys()].filter((m) => !sent.has(m) && !/-(survivor-\d|rejoined)$/.test(m))).toEqual([]);
    const failed = writes.filter((w) => w.answers[0]!.status !== 201);
    const failedStored = failed.filter((w) => stored.has(w.marker)).length;
    console.info(
      `without a key: ${writes.length} writes, answers ${tally(answers)} (on fresh connections ${tally(writes.filter((w) => w.fresh).map((w) => w.answers[0]!))}); of the ${failed.length} failed, ${failedStored} stored, ${failed.length - failedStored} not`,
    );
  }, 60_000);

  it('with an Idempotency-Key, a failed write sent again with its key: every write answered and stored exactly once', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const run = `keyed${Date.now().toString(36)}`;
    const { writes, stored } = await killUnderLoad(2, run, true);
    const all = writes.flatMap((w) => w.answers);
    for (const w of writes) {
      const last = w.answers.at(-1)!;
      for (const a of w.answers) expect([201, ...FAILED, '409 idempotency_key_done'], `${w.marker} answered ${a.status} (${tally(all)})`).toContain(a.status);
      // Answered: 201, or, when the killed replica had committed it and died before storing its
      // answer, 409 idempotency_key_done (docs/server.md); either way stored exactly once.
      expect([201, '409 idempotency_key_done'], `${w.marker}: ${w.answers.map((a) => a.status).join(', ')}`).toContain(last.status);
      expect(stored.get(w.marker)?.length, w.marker).toBe(1);
      // The comment the 201 names (the first attempt's, when answered from the store).
      if (last.status === 201) expect(stored.get(w.marker), w.marker).toEqual([last.id]);
    }
    const retried = writes.filter((w) => w.answers.length > 1);
    const replayed = retried.filter((w) => w.answers.at(-1)!.replayed).length;
    const done = retried.filter((w) => w.answers.at(-1)!.status !== 201).length;
    console.info(
      `with a key: ${writes.length} writes, ${all.length} attempts, answers ${tally(all)}; ${retried.length} sent again: ${retried.length - replayed - done} carried out by a survivor, ${replayed} answered from the store, ${done} made by the killed replica with the answer lost (409 done)`,
    );
  }, 90_000);
});
