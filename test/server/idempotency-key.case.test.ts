// The Idempotency-Key header in-process, on SQLite and PostgreSQL: a write repeated with its key
// is carried out once and answered the same; the key is bound to its request and to its user;
// the states a replica dying mid-request leaves behind (claimed and nothing written; written and
// no answer) are resolved as docs/server.md says; an attempt taken over cannot commit its write.
import { expect, it } from 'vitest';
import { claimKey, fenceWrite, finishAttempt } from '../../src/application/idempotent-requests.js';
import { requestFingerprint } from '../../src/server/idempotency.js';
import { listComments } from '../../src/store/comment-repository.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

const URL = '/api/use-cases/churn-alerts/comments';
const comment = (t: TestApp, role: 'admin' | 'viewer', body: string, key?: string) =>
  t.as(role, { method: 'POST', url: URL, payload: { body }, headers: key === undefined ? {} : { 'idempotency-key': key } });
const stored = async (t: TestApp) => (await listComments(t.store.db, 'churn-alerts')).map((c) => c.body);

describeEachStore('Idempotency-Key', (open) => {
  it('a write repeated with its key is made once and answered the same, marked as a repeat', async ({ skip }) => {
    const t = await open(skip);
    const first = await comment(t, 'admin', 'once only', 'k-1');
    const again = await comment(t, 'admin', 'once only', '"k-1"'); // the draft's quoted form is the same key
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/application\/json/);
    expect(again.json()).toEqual(first.json());
    expect(await stored(t)).toEqual(['once only']);
    // Without a key nothing changes: two requests, two comments.
    for (let i = 0; i < 2; i++) expect((await comment(t, 'admin', 'no key')).statusCode).toBe(201);
    expect(await stored(t)).toEqual(['once only', 'no key', 'no key']);
  });

  it('a key answers only the request it was made for, and only to its user', async ({ skip }) => {
    const t = await open(skip);
    expect((await comment(t, 'admin', 'first', 'shared')).statusCode).toBe(201);
    const other = await comment(t, 'admin', 'something else', 'shared');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ error: { code: 'idempotency_key_reused', field: 'Idempotency-Key' } });
    // Another user's key of the same name is theirs.
    const viewer = await comment(t, 'viewer', 'first', 'shared');
    expect(viewer.statusCode).toBe(201);
    expect(viewer.headers['idempotent-replayed']).toBeUndefined();
    expect(await stored(t)).toEqual(['first', 'first']);
    for (const bad of ['', 'with space', 'x'.repeat(256), 'é']) {
      const r = await comment(t, 'admin', 'bad key', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json()).toMatchObject({ error: { field: 'Idempotency-Key' } });
    }
    expect(await stored(t)).toEqual(['first', 'first']);
  });

  it('writes whose answer shows a secret once take no key, and keep nothing', async ({ skip }) => {
    const t = await open(skip);
    const token = await t.as('admin', { method: 'POST', url: '/api/tokens', payload: { name: 'ci', scope: 'read' }, headers: { 'idempotency-key': 'k-token' } });
    expect(token.statusCode).toBe(400);
    expect(token.json()).toMatchObject({ error: { field: 'Idempotency-Key' } });
    const user = await t.as('admin', { method: 'POST', url: '/api/users', payload: { username: 'newbie', display_name: 'New', role: 'viewer' }, headers: { 'idempotency-key': 'k-user' } });
    expect(user.statusCode).toBe(400);
    // Single-use links are secrets too: refused before the survey or round is even looked up.
    for (const url of ['/api/pulse/surveys/ps_none/links', '/api/assessment/rounds/ar_none/invitations']) {
      const links = await t.as('admin', { method: 'POST', url, payload: { count: 1 }, headers: { 'idempotency-key': `k-${url}` } });
      expect([links.statusCode, (links.json() as { error: { message: string } }).error.message], url).toEqual([400, expect.stringMatching(/takes no Idempotency-Key: its answer shows a secret once/)]);
    }
    const session = await t.login('admin');
    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': 'k-out' } });
    expect(logout.statusCode).toBe(400);
    expect(await t.store.db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
    // Without the key they work as before.
    expect((await t.as('admin', { method: 'POST', url: '/api/tokens', payload: { name: 'ci', scope: 'read' } })).statusCode).toBe(201);
  });

  it('a refusal by the action is kept and given again; nothing is written either time', async ({ skip }) => {
    const t = await open(skip);
    const refused = await comment(t, 'admin', '', 'k-empty');
    expect(refused.statusCode).toBe(400);
    const again = await comment(t, 'admin', '', 'k-empty');
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([400, 'true']);
    expect(again.json()).toEqual(refused.json());
    expect(await stored(t)).toEqual([]);
  });

  it('a key claimed by an attempt that died before writing: the repeat carries the request out', async ({ skip }) => {
    const t = await open(skip);
    // What a replica killed between claiming the key and committing leaves: a claim, nothing written.
    await t.store.db
      .insertInto('idempotency_keys')
      .values({ scope: `user:${await userId(t, 'admin')}`, key: 'k-dead', fingerprint: 'unknown until the repeat', attempt: 'att_dead', created_at: T0.toISOString(), expires_at: new Date(T0.getTime() + 3600_000).toISOString(), committed_at: null, status: null, headers: null, body: null, answered_at: null })
      .execute();
    // The fingerprint differs, so this is refused: a claim binds its key to its request even before writing.
    expect((await comment(t, 'admin', 'retried', 'k-dead')).statusCode).toBe(422);
    await t.store.db.updateTable('idempotency_keys').set({ fingerprint: fingerprintOf('retried') }).where('key', '=', 'k-dead').execute();
    const r = await comment(t, 'admin', 'retried', 'k-dead');
    expect(r.statusCode).toBe(201);
    expect(await stored(t)).toEqual(['retried']);
    expect((await comment(t, 'admin', 'retried', 'k-dead')).headers['idempotent-replayed']).toBe('true');
    expect(await stored(t)).toEqual(['retried']);
  });

  it('a key whose attempt wrote and died before answering: never written again; after a wait, 409 done', async ({ skip }) => {
    const t = await open(skip);
    const scope = `user:${await userId(t, 'admin')}`;
    await t.store.db
      .insertInto('idempotency_keys')
      .values({ scope, key: 'k-lost', fingerprint: fingerprintOf('lost answer'), attempt: 'att_dead', created_at: T0.toISOString(), expires_at: new Date(T0.getTime() + 3600_000).toISOString(), committed_at: T0.toISOString(), status: null, headers: null, body: null, answered_at: null })
      .execute();
    const started = Date.now();
    const lost = await comment(t, 'admin', 'lost answer', 'k-lost');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900); // it waited for the answer first
    expect(lost.statusCode).toBe(409);
    expect(lost.json()).toMatchObject({ error: { code: 'idempotency_key_done', field: 'Idempotency-Key' } });
    expect(await stored(t)).toEqual([]);
  }, 15_000);

  it('a repeat that arrives while the first attempt is answering waits for that answer', async ({ skip }) => {
    const t = await open(skip);
    const key = { scope: `user:${await userId(t, 'admin')}`, key: 'k-slow', fingerprint: fingerprintOf('slow answer') };
    const first = await claimKey(t.store.db, key, () => T0);
    if (first.kind !== 'run') throw new Error('should run');
    await t.store.transaction((tx) => fenceWrite(tx, key, first.attempt, T0));
    const answer = { status: 201, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"id":"c_first"}' };
    setTimeout(() => void finishAttempt(t.store.db, key, first.attempt, answer, T0), 500);
    const repeat = await comment(t, 'admin', 'slow answer', 'k-slow');
    expect([repeat.statusCode, repeat.headers['idempotent-replayed'], repeat.body]).toEqual([201, 'true', '{"id":"c_first"}']);
    expect(await stored(t)).toEqual([]);
  });

  it('an attempt taken over by a repeat cannot commit its write; the repeat can', async ({ skip }) => {
    const t = await open(skip);
    const key = { scope: 'user:u_x', key: 'k-race', fingerprint: 'f' };
    const now = () => T0;
    const a = await claimKey(t.store.db, key, now);
    const b = await claimKey(t.store.db, key, now); // nothing written under a yet: b takes the key over
    if (a.kind !== 'run' || b.kind !== 'run') throw new Error('both attempts should run');
    expect(a.attempt).not.toBe(b.attempt);
    const write = (attempt: string, body: string) =>
      t.store.transaction(async (tx) => {
        await tx.insertInto('comments').values({ id: `c_${body}`, use_case_id: 'churn-alerts', author: 'admin', body, created_at: T0.toISOString() }).execute();
        await fenceWrite(tx, key, attempt, T0);
      });
    await expect(write(a.attempt, 'from-a')).rejects.toMatchObject({ code: 'idempotency_key_taken_over' });
    await write(b.attempt, 'from-b');
    expect(await stored(t)).toEqual(['from-b']);
    // Written under b: a third attempt neither takes over nor runs; once b answers, it gets b's answer.
    await finishAttempt(t.store.db, key, b.attempt, { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }, T0);
    expect(await claimKey(t.store.db, key, now)).toEqual({ kind: 'replay', answer: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' } });
  });

  it('an attempt that failed (5xx) before writing frees its key; one that failed after writing keeps it', async ({ skip }) => {
    const t = await open(skip);
    const now = () => T0;
    const before = { scope: 'user:u_x', key: 'k-500', fingerprint: 'f' };
    const a = await claimKey(t.store.db, before, now);
    if (a.kind !== 'run') throw new Error('should run');
    await finishAttempt(t.store.db, before, a.attempt, { status: 500, headers: {}, body: '{}' }, T0);
    expect((await claimKey(t.store.db, before, now)).kind).toBe('run');
    const after = { scope: 'user:u_x', key: 'k-500-written', fingerprint: 'f' };
    const b = await claimKey(t.store.db, after, now);
    if (b.kind !== 'run') throw new Error('should run');
    await t.store.transaction((tx) => fenceWrite(tx, after, b.attempt, T0));
    await finishAttempt(t.store.db, after, b.attempt, { status: 500, headers: {}, body: '{"error":{}}' }, T0);
    expect(await claimKey(t.store.db, after, now)).toMatchObject({ kind: 'replay', answer: { status: 500 } });
  });

  it('keys expire after 24 hours: the key may then name a new request', async ({ skip }) => {
    const t = await open(skip);
    expect((await comment(t, 'admin', 'monday', 'k-day')).statusCode).toBe(201);
    t.clock.now = new Date(T0.getTime() + 24 * 3600_000 + 1);
    await t.login('admin'); // the session of the day before has ended
    const r = await comment(t, 'admin', 'tuesday', 'k-day');
    expect([r.statusCode, r.headers['idempotent-replayed']]).toEqual([201, undefined]);
    expect(await stored(t)).toEqual(['monday', 'tuesday']);
  });
});

async function userId(t: TestApp, username: string): Promise<string> {
  return (await t.store.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** The fingerprint the server gives a comment request with this body (JSON as inject sends it). */
const fingerprintOf = (body: string) => requestFingerprint('POST', URL, { body });
