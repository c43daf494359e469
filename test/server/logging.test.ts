// Logs are JSON lines with request ids, and no secret reaches them: not the password, the
// session cookie, the CSRF token or an API token, even when a request fails.
import { afterEach, expect, it } from 'vitest';
import { STORE_FACTORIES } from '../support/databases.js';
import { openTestApp, passwordOf, type TestApp } from '../support/server-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

it('writes JSON lines with the request id and never a secret', async () => {
  t = await openTestApp(STORE_FACTORIES[0]!, { logLevel: 'debug' });
  const s = await t.login('admin');
  const token = (await t.as('admin', { method: 'POST', url: '/api/tokens', payload: { name: 'ci', scope: 'write' } })).json().token as string;
  await t.app.inject({ url: '/api/use-cases', headers: { authorization: `Bearer ${token}`, 'x-request-id': 'lb-1234' } });
  await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong-but-secret-guess' } });
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: passwordOf('viewer') } });
  expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

  const lines = t.logs.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
  expect(lines.length).toBeGreaterThan(8);
  expect(lines.filter((l) => l.msg === 'incoming request').every((l) => typeof l.reqId === 'string')).toBe(true);
  expect(lines.some((l) => l.reqId === 'lb-1234')).toBe(true);
  const all = t.logs.join('');
  for (const secret of [passwordOf('admin'), passwordOf('viewer'), 'wrong-but-secret-guess', s.cookie.split('=')[1]!, s.csrf, token]) expect(all).not.toContain(secret);
});
