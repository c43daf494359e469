// Administration in real headless Chromium against a real server over Northwind: an admin
// creates an account (its one-time password shown once), creates an API token (its secret shown
// once, with a copy button) and revokes it; the API then refuses the revoked token; the audit
// log shows it, filtered. On a laptop (1366x768) and a phone (390x844): axe-clean, nothing
// scrolls sideways on the phone. Screenshots go to test-results/screenshots (admin-*).
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { ADMIN_PASSWORD, CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  server = await startNorthwindServer(await northwindStore('admin'));
  browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function axeViolations(selector: string): Promise<string[]> {
  return axe(page, selector, { seriousOnly: true });
}

/** Elements reaching past the right edge of the window, after charts and lists settle. */
async function sideways(): Promise<string[]> {
  await page.waitForTimeout(500);
  return page.evaluate<string[]>(`[...document.querySelectorAll('main, main *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + '.' + String(el.className) + ' ' + (el.textContent || '').slice(0, 30))`);
}

async function bothSizes(name: string): Promise<void> {
  expect(await axeViolations('main')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `admin-${name}-laptop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await sideways()).toEqual([]);
  expect(await axeViolations('main')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `admin-${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
}

it('an admin creates an account and a token, revokes the token, and the API refuses it', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  // The Idempotency-Key each write of the dashboard sends (none where the answer shows a secret).
  const keys: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET') keys.push(`${r.method()} ${new URL(r.url()).pathname.replace(/\/tok_[^/]+$/, '/:id')} ${r.headers()['idempotency-key'] ? 'key' : 'none'}`);
  });
  await page.goto(`${server.url}/`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  expect(await page.title()).toBe('Administration: Accounts · Traction');

  // An account: the one-time password is shown once and logs the new person in.
  const form = page.getByRole('form', { name: 'New account' });
  await form.getByLabel('Username').fill('maria@northwind.example');
  await form.getByLabel('Full name').fill('Maria Lopez');
  await form.getByLabel('Role').selectOption('approver');
  await form.getByRole('button', { name: 'Create account' }).click();
  const otp = (await page.locator('.copy-once code').innerText()).trim();
  expect(otp).toMatch(/^[A-Za-z0-9]{20}$/);
  await page.locator('.admin-list li').filter({ hasText: 'Maria Lopez' }).waitFor();
  expect(await page.locator('.admin-list li').filter({ hasText: 'Maria Lopez' }).innerText()).toContain('first login pending');
  // Outside the browser, so the admin's session cookie stays as it is.
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maria@northwind.example', password: otp }) });
  expect(login.status).toBe(200);
  await bothSizes('01-accounts');

  // A token: its secret is shown once, copied with the button, and works.
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'API tokens' }).click();
  const tokenForm = page.getByRole('form', { name: 'New API token' });
  await tokenForm.getByLabel('What it is for').fill('nightly report');
  await tokenForm.getByLabel('Access').selectOption('read');
  await tokenForm.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.locator('.copy-once code').innerText()).trim();
  expect(secret).toMatch(/^trc_/);
  await page.locator('.copy-once').getByRole('button', { name: 'Copy' }).click();
  await page.locator('.copy-once').getByRole('button', { name: 'Copied' }).waitFor();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
  const asMachine = (url: string) => fetch(`${server!.url}${url}`, { headers: { authorization: `Bearer ${secret}` } });
  expect((await asMachine('/api/workspace')).status).toBe(200);
  await bothSizes('02-token-created');

  // Revoked: the list says so, and the API refuses the token.
  const row = page.locator('.admin-list li').filter({ hasText: 'nightly report' });
  await row.getByRole('button', { name: 'Revoke token nightly report' }).click();
  await row.getByText(/^revoked/).waitFor();
  const refused = await asMachine('/api/workspace');
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/revoked/);
  await bothSizes('03-token-revoked');
  expect(keys).toEqual(['POST /api/auth/login none', 'POST /api/users none', 'POST /api/tokens none', 'DELETE /api/tokens/:id key']);

  // The audit log, filtered to API tokens: created and revoked, by the admin.
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
  const filter = page.getByRole('form', { name: 'Filter the audit log' });
  await filter.getByLabel('What').selectOption('api_token');
  await filter.getByLabel('Who').selectOption('admin');
  await filter.getByRole('button', { name: 'Show' }).click();
  await page.getByText('Entries 1–2 of 2, newest first.').waitFor();
  expect(await page.locator('.audit-list li strong').allInnerTexts()).toEqual(['API tokens: revoked', 'API tokens: created']);
  await bothSizes('04-audit');
}, 240_000);

it('keeps administration from everyone else: no link, and the page says so', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const other = await context.newPage();
  try {
    const r = await other.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
    const csrf = ((await r.json()) as { csrf_token: string }).csrf_token;
    await other.request.post(`${server.url}/api/users`, { data: { username: 'victor', display_name: 'Victor Viewer', role: 'viewer', password: 'viewer-password-1' }, headers: { 'x-csrf-token': csrf } });
    await other.request.post(`${server.url}/api/auth/logout`, { headers: { 'x-csrf-token': csrf } });
    await other.request.post(`${server.url}/api/auth/login`, { data: { username: 'victor', password: 'viewer-password-1' } });
    await other.goto(`${server.url}/admin/tokens`);
    await other.getByText('Administration is for administrators.').waitFor();
    expect(await other.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    expect((await other.request.get(`${server.url}/api/users`)).status()).toBe(403);
  } finally {
    await context.close();
  }
}, 120_000);
