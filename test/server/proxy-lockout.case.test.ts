// Who the client is, and how long it is locked out: without a configured proxy the socket
// peer is the client (a forged X-Forwarded-For changes neither the lockout nor the logs);
// with the proxy listed, its header names the client. Every 429 says when to come back.
import { expect, it } from 'vitest';
import { readEnv } from '../../src/env.js';
import { startServer } from '../../src/server/server.js';
import { STORE_FACTORIES } from '../support/databases.js';
import { describeEachStore, passwordOf, T0, type TestApp } from '../support/server-app.js';

const PEER = '203.0.113.7';

/** 60 failed logins, each under a new username and a new forged client address. */
async function sixtyForgedFailures(t: TestApp) {
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: PEER,
      headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      payload: { username: `guess${i}`, password: 'not-the-password' },
    });
    statuses.push(r.statusCode);
  }
  return statuses;
}

const loggedAddresses = (t: TestApp) =>
  t.logs
    .map((l) => JSON.parse(l) as { msg?: string; req?: { remoteAddress?: string } })
    .filter((l) => l.msg === 'incoming request' && l.req?.remoteAddress !== undefined)
    .map((l) => l.req!.remoteAddress!);

describeEachStore('proxies and the login lockout', (open) => {
  it('ignores X-Forwarded-For without a configured proxy: 60 forged addresses still hit the per-address lockout', async ({ skip }) => {
    const t = await open(skip);
    const statuses = await sixtyForgedFailures(t);
    // The default limit is 50 failures per address in 15 minutes: 50 refusals, then 429s.
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(50)).toEqual(Array(10).fill(429));
    const rows = await t.store.db.selectFrom('login_attempts').select('ip').distinct().execute();
    expect(rows.map((r) => r.ip)).toEqual([PEER]);
    // The logs name the socket peer, never the forged header.
    const addresses = new Set(loggedAddresses(t));
    expect([...addresses]).toEqual([PEER]);
    expect(t.logs.join('')).not.toContain('198.51.100.');
    // The real user from that address is locked out too until the window has passed.
    const own = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: PEER, payload: { username: 'viewer', password: passwordOf('viewer') } });
    expect(own.statusCode).toBe(429);
    // Every failure was at T0, so the address is free again 15 minutes later.
    expect(own.headers['retry-after']).toBe('900');
  });

  it('believes X-Forwarded-For from a listed proxy, and only from it', async ({ skip }) => {
    const t = await open(skip, { trustProxy: ['203.0.113.0/24'] });
    const statuses = await sixtyForgedFailures(t);
    expect(statuses).toEqual(Array(60).fill(401));
    expect(new Set(loggedAddresses(t)).size).toBe(60);
    expect(loggedAddresses(t)[0]).toBe('198.51.100.1');
    // A peer outside the list is itself the client, whatever header it sends.
    await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.9', headers: { 'x-forwarded-for': '198.51.100.200' }, payload: { username: 'x1', password: 'wrong-password' } });
    const last = await t.store.db.selectFrom('login_attempts').select('ip').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.ip).toBe('192.0.2.9');
  });

  it('answers every 429 with Retry-After: the seconds until the oldest counted failure leaves the window', async ({ skip }) => {
    const t = await open(skip, { loginLimits: { windowMinutes: 15, maxFailuresPerUsername: 3, maxFailuresPerIp: 100 } });
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: 'wrong-password' } });
    // Failures at T0, T0+1 min, T0+2 min: locked until T0+15 min.
    for (let i = 0; i < 3; i++) {
      t.clock.now = new Date(T0.getTime() + i * 60_000);
      expect((await attempt()).statusCode).toBe(401);
    }
    t.clock.now = new Date(T0.getTime() + 5 * 60_000 + 30_000);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(9 * 60 + 30));
    expect(limited.json().error).toEqual({ code: 'too_many_attempts', message: 'too many failed logins; try again in 10 minutes' });
    // One second before the end: still locked, Retry-After 1; at the end: a login goes through.
    t.clock.now = new Date(T0.getTime() + 15 * 60_000 - 1000);
    expect((await attempt()).headers['retry-after']).toBe('1');
    t.clock.now = new Date(T0.getTime() + 15 * 60_000);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: passwordOf('viewer') } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['retry-after']).toBeUndefined();
  });
});

it('reads TRACTION_TRUST_PROXY as a list of addresses and CIDRs, and refuses anything else by name', () => {
  expect(readEnv({}).TRACTION_TRUST_PROXY).toBeUndefined();
  expect(readEnv({ TRACTION_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback' }).TRACTION_TRUST_PROXY).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback']);
  for (const [bad, named] of [['true', '"true"'], ['10.0.0.300', '"10.0.0.300"'], ['10.0.0.0/33', '"10.0.0.0/33"'], ['10.0.0.1,*', '"*"'], [',', 'expected']] as const)
    expect(() => readEnv({ TRACTION_TRUST_PROXY: bad })).toThrow(new RegExp(`^environment variable TRACTION_TRUST_PROXY: ${named.replace(/[.*]/g, '\\$&')}`));
});

it('takes the trusted proxies of a listening server from TRACTION_TRUST_PROXY, and none without it', async () => {
  const seen: Record<string, string> = {};
  for (const [name, extra] of [['unset', {}], ['listed', { TRACTION_TRUST_PROXY: '127.0.0.1' }]] as const) {
    const { store, dispose } = await STORE_FACTORIES[0]!.create();
    const server = await startServer({ store, env: readEnv({ TRACTION_ADMIN_PASSWORD: 'admin-password-1', ...extra }), port: 0, host: '127.0.0.1', webDir: '/nonexistent', logDestination: { write: () => undefined } });
    try {
      const r = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' }, body: JSON.stringify({ username: 'admin', password: 'wrong-password' }) });
      expect(r.status).toBe(401);
      seen[name] = (await store.db.selectFrom('login_attempts').select('ip').executeTakeFirstOrThrow()).ip;
    } finally {
      await server.stop();
      await dispose().catch(() => undefined);
    }
  }
  expect(seen).toEqual({ unset: '127.0.0.1', listed: '198.51.100.77' });
});
