// The request's lookup (request-lookups.ts) on SQLite and PostgreSQL: it finds what the store's
// own functions find (token, session, user), its fingerprint is storeFingerprint's after every
// kind of write that moves it, and a write through another connection (another replica, the CLI)
// shows in the next lookup. On PostgreSQL a replica keeps a credential's rows between requests
// while the store's access revision holds, and only then.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { findApiTokenByHash, insertApiToken, revokeApiToken } from '../store/api-token-repository.js';
import { recordEvidence } from '../store/evidence-repository.js';
import { findSession, insertSession, revokeSession } from '../store/session-repository.js';
import { storeFingerprint } from '../store/store-fingerprint.js';
import { openStore, type Store } from '../store/store.js';
import { getUser, updateUser } from '../store/user-repository.js';
import { describeEachStore, sampleUseCase, seedWorkspace, T0 } from '../../test/support/server-app.js';
import { sha256 } from './auth/principal.js';
import { requestLookups } from './request-lookups.js';

describeEachStore('request lookups', (open) => {
  it('find the token or session and its user as the store does, with the fingerprint when asked', async ({ skip }) => {
    const t = await open(skip);
    const lookups = requestLookups(t.store);
    const opened: Store[] = [];
    try {
      const viewer = (await t.store.db.selectFrom('users').select('id').where('username', '=', 'viewer').executeTakeFirstOrThrow()).id;
      await insertApiToken(t.store.db, { id: 'tok1', userId: viewer, name: 'ci', scope: 'read', tokenHash: sha256('trc_one'), expiresAt: null }, 'test', T0);
      await insertSession(t.store.db, { idHash: sha256('s-one'), userId: viewer, csrfToken: 'csrf-1', createdAt: T0, expiresAt: new Date(T0.getTime() + 3_600_000) });

      const byToken = await lookups.find({ via: 'token', hash: sha256('trc_one') }, true);
      expect(byToken.token).toEqual(await findApiTokenByHash(t.store.db, sha256('trc_one')));
      expect(byToken.user).toEqual(await getUser(t.store.db, viewer));
      expect(byToken.session).toBeUndefined();
      expect(byToken.fingerprint).toBe(await storeFingerprint(t.store.db));

      const bySession = await lookups.find({ via: 'session', hash: sha256('s-one') }, false);
      expect(bySession.session).toEqual(await findSession(t.store.db, sha256('s-one')));
      expect(bySession.user).toEqual(await getUser(t.store.db, viewer));
      expect(bySession.fingerprint).toBeUndefined();

      // Unknown credentials: nothing found, the fingerprint all the same.
      expect(await lookups.find({ via: 'token', hash: sha256('trc_none') }, true)).toEqual({ fingerprint: await storeFingerprint(t.store.db) });
      expect(await lookups.find({ via: 'session', hash: sha256('none') }, false)).toEqual({});

      // Writes through another connection, each of a kind the fingerprint counts: the next lookup sees them.
      const other = await openStore(t.store.location);
      opened.push(other);
      const seen = new Set([byToken.fingerprint]);
      const expectFingerprintMoved = async () => {
        const now = (await lookups.find({ via: 'token', hash: sha256('trc_one') }, true)).fingerprint!;
        expect(now).toBe(await storeFingerprint(t.store.db));
        expect(seen.has(now), now).toBe(false);
        seen.add(now);
      };
      await seedWorkspace(other, [sampleUseCase('churn-alerts', { title: 'Renamed elsewhere' }), sampleUseCase('invoice-matching', { stage: 'pilot', team: 'ops' })]);
      await expectFingerprintMoved();
      await seedWorkspace(other, [sampleUseCase('churn-alerts'), sampleUseCase('invoice-matching', { stage: 'pilot', team: 'ops' }), sampleUseCase('third-one')]);
      await expectFingerprintMoved();
      await recordEvidence(other.db, { useCaseId: 'churn-alerts', kind: 'kpi_baseline', at: T0, by: 'test', source: 'test', payload: { value: 1 } });
      await expectFingerprintMoved();
      const decision = { id: 'dec_a', use_case_id: 'churn-alerts', number: 1, at: T0.toISOString(), actor: 'a', from_stage: 'idea', to_stage: 'qualified', forced: 0, reason: null, evaluation: '{}' };
      await other.db.insertInto('gate_decisions').values(decision).execute();
      await expectFingerprintMoved();

      // A token revoked, a session ended, a user disabled elsewhere: the next lookup says so.
      await revokeApiToken(other.db, 'tok1', 'test', T0);
      expect((await lookups.find({ via: 'token', hash: sha256('trc_one') }, false)).token?.revokedAt).toBe(T0.toISOString());
      await revokeSession(other.db, sha256('s-one'), T0);
      expect((await lookups.find({ via: 'session', hash: sha256('s-one') }, false)).session?.revokedAt).toBe(T0.toISOString());
      await updateUser(other.db, viewer, { disabled: true }, 'test', T0);
      expect((await lookups.find({ via: 'session', hash: sha256('s-one') }, false)).user?.disabledAt).not.toBeNull();
    } finally {
      await lookups.close();
      for (const s of opened) await s.close();
    }
  });

  it('keeps a credential only while no user, session or token has been written since', async ({ skip }) => {
    const t = await open(skip);
    const lookups = requestLookups(t.store);
    const other = await openStore(t.store.location);
    try {
      const viewer = (await t.store.db.selectFrom('users').select('id').where('username', '=', 'viewer').executeTakeFirstOrThrow()).id;
      await insertApiToken(t.store.db, { id: 'tok1', userId: viewer, name: 'ci', scope: 'read', tokenHash: sha256('trc_one'), expiresAt: null }, 'test', T0);
      const credential = { via: 'token', hash: sha256('trc_one') } as const;
      expect((await lookups.find(credential, false)).token?.id).toBe('tok1');
      if (t.store.location.kind !== 'postgres') {
        // SQLite keeps nothing: it reads the credential in-process on every request.
        await sql`delete from api_tokens where id = 'tok1'`.execute(other.db);
        expect(await lookups.find(credential, false)).toEqual({});
        return;
      }
      // The token's row deleted behind the database's back (triggers off, as a data-only restore
      // may do): the access revision did not move, so the kept row is still answered. This shows
      // the row is kept, and why the store's writes must go through its triggers.
      await sql`begin; set local session_replication_role = replica; delete from api_tokens where id = 'tok1'; commit`.execute(other.db);
      expect((await lookups.find(credential, false)).token?.id).toBe('tok1');
      // Any write that raises the access revision (here, another user's session) makes the next
      // lookup read the credential again: the deletion shows.
      await insertSession(other.db, { idHash: sha256('s-other'), userId: viewer, csrfToken: 'c', createdAt: T0, expiresAt: new Date(T0.getTime() + 3_600_000) });
      expect(await lookups.find(credential, true)).toEqual({ fingerprint: await storeFingerprint(t.store.db) });
      // A hand-written change to the user, through another connection: seen at once.
      await insertApiToken(other.db, { id: 'tok2', userId: viewer, name: 'ci', scope: 'read', tokenHash: sha256('trc_two'), expiresAt: null }, 'test', T0);
      const two = { via: 'token', hash: sha256('trc_two') } as const;
      expect((await lookups.find(two, false)).user?.role).toBe('viewer');
      await sql`update users set role = 'admin' where id = ${viewer}`.execute(other.db);
      expect((await lookups.find(two, false)).user?.role).toBe('admin');
      // A content write moves the fingerprint, not the kept principal.
      const before = (await lookups.find(two, true)).fingerprint;
      await recordEvidence(other.db, { useCaseId: 'churn-alerts', kind: 'kpi_baseline', at: T0, by: 'test', source: 'test', payload: { value: 2 } });
      const after = await lookups.find(two, true);
      expect(after.fingerprint).not.toBe(before);
      expect(after.fingerprint).toBe(await storeFingerprint(t.store.db));
      expect(after.user?.role).toBe('admin');
    } finally {
      await lookups.close();
      await other.close();
    }
  });
});
