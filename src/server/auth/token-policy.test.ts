// The bounds on a token created by a token, directly (the route refuses a read token
// earlier, in authorize; this rule is the second line behind it).
import { describe, expect, it } from 'vitest';
import type { User } from '../../store/user-repository.js';
import type { Principal } from './principal.js';
import { mintedTokenExpiry } from './token-policy.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const user: User = { id: 'usr_1', username: 'ci', displayName: 'CI', role: 'contributor', mustChangePassword: false, createdAt: '', updatedAt: '', disabledAt: null };
const viaToken = (scope: 'read' | 'write' | 'ingest', expiresAt: string | null): Principal => ({ via: 'token', user, tokenId: 'tok_1', scope, expiresAt });

describe('mintedTokenExpiry', () => {
  it('leaves a session free: no expiry, or the days asked for', () => {
    const session: Principal = { via: 'session', user, session: { idHash: 'h', userId: 'usr_1', csrfToken: 'c', createdAt: '', expiresAt: '', revokedAt: null } };
    expect(mintedTokenExpiry(session, { scope: 'write' }, NOW)).toBeNull();
    expect(mintedTokenExpiry(session, { scope: 'write', expiresInDays: 3650 }, NOW)?.toISOString()).toBe('2036-02-28T09:00:00.000Z');
  });

  it('refuses a write token asked for by a read token, naming the scope field', () => {
    expect(() => mintedTokenExpiry(viaToken('read', null), { scope: 'write' }, NOW)).toThrow(expect.objectContaining({ statusCode: 403, code: 'token_scope', field: 'scope' }));
    expect(mintedTokenExpiry(viaToken('read', null), { scope: 'read' }, NOW)).toBeNull();
    // An ingest token may only ever make another ingest token; a write token may make one.
    expect(() => mintedTokenExpiry(viaToken('ingest', null), { scope: 'read' }, NOW)).toThrow(expect.objectContaining({ code: 'token_scope' }));
    expect(() => mintedTokenExpiry(viaToken('read', null), { scope: 'ingest' }, NOW)).toThrow(expect.objectContaining({ code: 'token_scope' }));
    expect(mintedTokenExpiry(viaToken('write', null), { scope: 'ingest' }, NOW)).toBeNull();
  });

  it('allows exactly the minting token\'s expiry and refuses a day more', () => {
    const parentExpiry = '2026-03-04T09:00:00.000Z'; // two days after NOW
    expect(mintedTokenExpiry(viaToken('write', parentExpiry), { scope: 'write', expiresInDays: 2 }, NOW)?.toISOString()).toBe(parentExpiry);
    expect(mintedTokenExpiry(viaToken('write', parentExpiry), { scope: 'write' }, NOW)?.toISOString()).toBe(parentExpiry);
    expect(() => mintedTokenExpiry(viaToken('write', parentExpiry), { scope: 'write', expiresInDays: 3 }, NOW)).toThrow(expect.objectContaining({ code: 'token_lifetime', field: 'expires_in_days' }));
  });

  it('tells a token with less than a day left to omit the lifetime', () => {
    expect(() => mintedTokenExpiry(viaToken('write', '2026-03-02T20:00:00.000Z'), { scope: 'read', expiresInDays: 1 }, NOW)).toThrow(/omit it to expire together$/);
  });
});
