// The store_revision row (migration 0021) on SQLite and PostgreSQL: the database raises `content`
// with every insert, update and delete of definitions, evidence, gate decisions and proposals, and
// `access` with every one of users, sessions and API tokens, whoever writes (the statements below
// are hand-written SQL as often as repository calls); nothing else moves either counter, and
// concurrent writers never lose a raise.
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/store-suite.js';
import { insertApiToken, revokeApiToken } from './api-token-repository.js';
import { appendAudit } from './audit-repository.js';
import type { Database } from './database.js';
import { recordEvidence } from './evidence-repository.js';
import { insertProposal, getProposal, setProposalStatus } from './proposal-repository.js';
import { insertSession, revokeSession } from './session-repository.js';
import { storeFingerprint } from './store-fingerprint.js';
import { openStore } from './store.js';
import { createUser, updateUser } from './user-repository.js';

const T0 = new Date('2026-03-01T10:00:00Z');

async function revision(db: Kysely<Database>): Promise<{ content: number; access: number; contentAt: string; accessAt: string }> {
  const r = await db.selectFrom('store_revision').selectAll().executeTakeFirstOrThrow();
  return { content: Number(r.content), access: Number(r.access), contentAt: r.content_at, accessAt: r.access_at };
}

describeEachStore('store revision', (open, factory) => {
  it('raises content with every write a computed view reads, access with every write a principal is read from, and nothing else', async ({ skip }) => {
    const store = await open(skip);
    const db = store.db;
    let last = await revision(db);
    /** Runs `write` and expects exactly these raises (SQLite raises per row, PostgreSQL per statement: one row each here; PostgreSQL also for a statement that changed no row). */
    const expectRaised = async (what: string, write: () => Promise<unknown>, raised: { content?: number; access?: number }) => {
      await write();
      const now = await revision(db);
      expect({ content: now.content - last.content, access: now.access - last.access }, what).toEqual({ content: raised.content ?? 0, access: raised.access ?? 0 });
      if (raised.content) expect(now.contentAt >= last.contentAt, `${what}: content_at stamped`).toBe(true);
      last = now;
    };
    const definition = { kind: 'use_case', id: 'a', version: 1, content_hash: 'h1', body: '{}', archived_at: null, created_at: T0.toISOString(), updated_at: T0.toISOString(), pending_base_hash: null, pending_base_body: null, pending_since: null, pending_by: null };
    await expectRaised('definition inserted', () => db.insertInto('definitions').values(definition).execute(), { content: 1 });
    await expectRaised('definition updated', () => sql`update definitions set version = 2 where id = 'a'`.execute(db), { content: 1 });
    await expectRaised('definition deleted', () => sql`delete from definitions where id = 'a'`.execute(db), { content: 1 });
    await expectRaised('evidence recorded', () => recordEvidence(db, { useCaseId: 'a', kind: 'kpi_baseline', at: T0, by: 'test', source: 'test', payload: { value: 1 } }), { content: 1 });
    const decision = { id: 'dec_a', use_case_id: 'a', number: 1, at: T0.toISOString(), actor: 'a', from_stage: 'idea', to_stage: 'qualified', forced: 0, reason: null, evaluation: '{}' };
    await expectRaised('gate decision', () => db.insertInto('gate_decisions').values(decision).execute(), { content: 1 });
    await expectRaised('proposal made', () => insertProposal(db, { useCaseId: 'a', author: 'someone', at: T0 }), { content: 1 });
    await expectRaised('proposal decided', async () => setProposalStatus(db, (await getProposal(db, 'a'))!, { status: 'accepted', decided: true }, 'owner', T0), { content: 1 });

    let userId = '';
    await expectRaised('user created', async () => (userId = (await createUser(db, { username: 'ann', displayName: 'Ann', role: 'viewer', passwordHash: 'x', mustChangePassword: false }, 'test', T0)).id), { access: 1 });
    await expectRaised('user changed', () => updateUser(db, userId, { disabled: true }, 'test', T0), { access: 1 });
    await expectRaised('session opened', () => insertSession(db, { idHash: 'sess', userId, csrfToken: 'c', createdAt: T0, expiresAt: T0 }), { access: 1 });
    await expectRaised('session ended', () => revokeSession(db, 'sess', T0), { access: 1 });
    await expectRaised('session deleted', () => sql`delete from sessions`.execute(db), { access: 1 });
    await expectRaised('token created', () => insertApiToken(db, { id: 'tok', userId, name: 'n', scope: 'read', tokenHash: 'th', expiresAt: null }, 'test', T0), { access: 1 });
    await expectRaised('token revoked', () => revokeApiToken(db, 'tok', 'test', T0), { access: 1 });

    // Writes elsewhere move neither: the audit log, login attempts, usage.
    await expectRaised('audit only', () => appendAudit(db, { at: T0, actor: 'test', action: 'x', objectKind: 'x', objectId: 'x', detail: {} }), {});
    await expectRaised('a statement that changes no row', () => sql`update definitions set version = 9 where id = 'none'`.execute(db), factory.name === 'postgres' ? { content: 1 } : {});
    // The fingerprint is the content counter with its time.
    expect(await storeFingerprint(db)).toBe(`${last.content}@${last.contentAt}`);
  });

  // PostgreSQL only: SQLite lets one writer at a time hold its file, so its writers never overlap.
  if (factory.name === 'postgres')
  it('loses no raise when writers on two connections commit at once', async ({ skip }) => {
    const store = await open(skip);
    const other = await openStore(store.location);
    try {
      const before = await revision(store.db);
      const writes = 20;
      await Promise.all(
        Array.from({ length: writes }, (_, i) =>
          (i % 2 ? other : store).transaction(async (tx) => {
            await recordEvidence(tx, { useCaseId: `u${i}`, kind: 'kpi_baseline', at: T0, by: 'test', source: 'test', payload: { i } });
            await recordEvidence(tx, { useCaseId: `u${i}`, kind: 'kpi_baseline', at: T0, by: 'test', source: 'test', payload: { i, again: true } });
          }),
        ),
      );
      expect((await revision(store.db)).content - before.content).toBe(2 * writes);
      expect((await revision(other.db)).content).toBe((await revision(store.db)).content);
    } finally {
      await other.close();
    }
  });
});
