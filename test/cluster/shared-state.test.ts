// Three `traction serve` replicas behind HAProxy over one PostgreSQL store: what one replica
// learns, the others know. A login lockout reached through one replica holds on the others and
// through the balancer; a session started on one replica works on the others (reads and a
// CSRF-checked write), and ending it on one ends it everywhere; a change made through one replica
// is in the next list answer of the others, and in the next revalidation (If-None-Match) of their
// kept portfolio; an API token revoked on one is refused by the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailable, login, testCluster, type TestCluster } from '../support/cluster.js';

describe('state shared by replicas behind the balancer', () => {
  let cluster: TestCluster | undefined;
  let skipped: string | undefined;

  beforeAll(async () => {
    skipped = await clusterUnavailable();
    if (!skipped) cluster = await testCluster(3);
  }, 60_000);
  afterAll(async () => {
    await cluster?.dispose();
  }, 30_000);

  it('a session started on one replica is known to every replica, and ends everywhere', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const [r1, r2, r3] = cluster!.replicas;
    const s = await login(r1!.url);
    expect(s.status).toBe(200);
    for (const r of [r2!, r3!]) {
      const me = await fetch(`${r.url}/api/auth/session`, { headers: { cookie: s.cookie } });
      expect(me.status, r.name).toBe(200);
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');
    }
    // A write on the third replica with the session's CSRF token from the first.
    const made = await fetch(`${r3!.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ name: 'made-on-r3', scope: 'read' }) });
    expect(made.status).toBe(201);
    const listed = await fetch(`${r2!.url}/api/tokens`, { headers: { cookie: s.cookie } });
    expect(((await listed.json()) as { items: { name: string }[] }).items.map((t) => t.name)).toContain('made-on-r3');
    // Logging out on the second replica ends the session on the first and through the balancer.
    const out = await fetch(`${r2!.url}/api/auth/logout`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBeLessThan(300);
    for (const url of [r1!.url, cluster!.url]) expect((await fetch(`${url}/api/auth/session`, { headers: { cookie: s.cookie } })).status, url).toBe(401);
  });

  it('a change made through one replica is in the next answer of every other (their list caches are checked against the store)', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const [r1, r2, r3] = cluster!.replicas;
    const s = await login(r1!.url);
    const titles = async () =>
      Promise.all(
        [r2!, r3!].map(async (r) => {
          const list = (await (await fetch(`${r.url}/api/use-cases`, { headers: { cookie: s.cookie } })).json()) as { items: { id: string; title: string }[] };
          return list.items.find((u) => u.id === 'churn')?.title;
        }),
      );
    // Both other replicas have answered (and cached) the list before the change.
    expect(await titles()).toEqual(['Churn prediction', 'Churn prediction']);
    const changed = await fetch(`${r1!.url}/api/use-cases/churn`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ title: 'Churn prediction, renamed on r1' }) });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(await titles()).toEqual(['Churn prediction, renamed on r1', 'Churn prediction, renamed on r1']);
  });

  it('a portfolio kept by each replica is revalidated against the store: after a change through one, If-None-Match gets the new answer from every other, then 304', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const [r1, r2, r3] = cluster!.replicas;
    const s = await login(r1!.url);
    const get = (url: string, etag?: string) => fetch(`${url}/api/portfolio`, { headers: { cookie: s.cookie, 'accept-encoding': 'gzip', ...(etag ? { 'if-none-match': etag } : {}) } });
    const titleOf = async (r: Response) => ((await r.json()) as { use_cases: { id: string; title: string }[] }).use_cases.find((u) => u.id === 'churn')?.title;
    // Every replica computes (and keeps) the same answer, so the same tag: its bytes' hash.
    const first = await Promise.all([r1!, r2!, r3!].map((r) => get(r.url)));
    const etag = first[0]!.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.map((r) => [r.status, r.headers.get('etag')])).toEqual(first.map(() => [200, etag]));
    for (const url of [r2!.url, r3!.url, cluster!.url]) expect((await get(url, etag)).status, url).toBe(304);
    const title = `Churn prediction, renamed for the portfolio ${Date.now()}`;
    const changed = await fetch(`${r1!.url}/api/use-cases/churn`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ title }) });
    expect(changed.status, await changed.clone().text()).toBe(200);
    // The next revalidation on each other replica: the new answer, under a new tag, then 304 for that tag.
    for (const r of [r2!, r3!]) {
      const after = await get(r.url, etag);
      expect(after.status, r.name).toBe(200);
      const newTag = after.headers.get('etag')!;
      expect(newTag).not.toBe(etag);
      expect(await titleOf(after)).toBe(title);
      expect((await get(r.url, newTag)).status, r.name).toBe(304);
    }
  });

  it('an API token revoked through one replica is refused by every other at its next request', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const [r1, r2, r3] = cluster!.replicas;
    const s = await login(r1!.url);
    const made = await fetch(`${r1!.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ name: 'revoked-on-r3', scope: 'read' }) });
    const { id, token } = (await made.json()) as { id: string; token: string };
    const portfolio = (url: string) => fetch(`${url}/api/portfolio`, { headers: { authorization: `Bearer ${token}` } });
    for (const r of [r1!, r2!, r3!]) expect((await portfolio(r.url)).status, r.name).toBe(200);
    const revoked = await fetch(`${r3!.url}/api/tokens/${id}`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(revoked.status).toBeLessThan(300);
    for (const url of [r1!.url, r2!.url, cluster!.url]) expect((await portfolio(url)).status, url).toBe(401);
  });

  it('a login lockout reached through one replica holds on the others', async ({ skip }) => {
    if (skipped) return skip(skipped);
    const [r1, r2, r3] = cluster!.replicas;
    // Five wrong passwords for "admin", all at the first replica (the limit per username: 5 in 15 minutes).
    for (let i = 0; i < 5; i++) expect((await login(r1!.url, 'admin', `wrong-${i}`)).status).toBe(401);
    for (const url of [r1!.url, r2!.url, r3!.url, cluster!.url]) {
      const right = await login(url);
      expect(right.status, url).toBe(429);
      expect(right.body).toMatchObject({ error: { code: 'too_many_attempts' } });
      expect(right.cookie, url).toBe('');
    }
  });
});
