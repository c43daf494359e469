// Notifications in real headless Chromium against a real server over Northwind: a person sets
// the address notifications go to and how to hear about each kind (kept by the server); an
// admin reads the delivery log, shows only the deliveries that gave up and sends one again.
// On a laptop (1366x768) and a phone (390x844): axe-clean, nothing scrolls sideways.
// Screenshots go to test-results/screenshots (notifications-*).
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { insertDeliveries, insertEvent } from '../../src/store/notification-repository.js';
import type { Store } from '../../src/store/store.js';
import { ADMIN_PASSWORD, CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let store: Store;
let page: Page;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  store = await northwindStore('notifications');
  const at = new Date('2026-11-30T09:12:00Z');
  await insertEvent(store.db, 'evt_plan', { kind: 'plan_committed', title: 'Roadmap plan "Base 2027" committed', audience: {} }, at, true);
  await insertEvent(store.db, 'evt_gate', { kind: 'gate_ready', title: 'invoice-processing: the gate pilot -> production is passed', audience: {} }, at, true);
  await insertDeliveries(
    store.db,
    [
      { id: 'dlv_teams', event_id: 'evt_plan', channel: 'teams:board', recipient: '', status: 'dead' },
      { id: 'dlv_slack', event_id: 'evt_plan', channel: 'slack:ai-portfolio', recipient: '', status: 'delivered' },
      { id: 'dlv_mail', event_id: 'evt_gate', channel: 'email', recipient: 'admin', status: 'pending' },
    ],
    at,
  );
  await store.db.updateTable('notification_deliveries').set({ attempts: 8, last_error: 'board.webhook.office.com answered 503: Service Unavailable (gave up after 8 attempts)' }).where('id', '=', 'dlv_teams').execute();
  await store.db.updateTable('notification_deliveries').set({ attempts: 2, last_error: 'SMTP smtp.northwind.example:587: Connection timeout' }).where('id', '=', 'dlv_mail').execute();
  // 0: the dispatcher stays off, so the rows stay as seeded while the page is looked at.
  server = await startNorthwindServer(store, { notifyIntervalSeconds: 0 });
  browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  await page.goto(`${server.url}/`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Portfolio' }).waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** How far the page reaches past the window's right edge (a wide table scrolling inside its own panel does not count). */
async function sideways(): Promise<number> {
  await page.waitForTimeout(300);
  return page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - window.innerWidth)');
}

async function bothSizes(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `notifications-${name}-laptop.png`), fullPage: true });
  expect(await axe(page, 'document', { seriousOnly: true })).toEqual([]);
  expect(await sideways()).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SHOTS, `notifications-${name}-phone.png`), fullPage: true });
  expect(await sideways()).toBe(0);
  expect(await axe(page, 'document', { seriousOnly: true })).toEqual([]);
  await page.setViewportSize({ width: 1366, height: 768 });
}

it('a person chooses where and how to be told, and the server keeps it', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  // The person's name in the header opens their settings; My work links there too.
  await page.getByRole('link', { name: 'Administrator: notification settings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
  expect(await page.title()).toBe('Notification settings · Traction');
  await page.getByLabel('E-mail address for notifications').fill('admin@northwind.example');
  await page.getByLabel('Every criterion of a gate is met').selectOption('digest');
  await page.getByLabel('A KPI value is off track').selectOption('off');
  await page.getByLabel('A use case in production is not used, used less, over budget or slower than promised').selectOption('digest');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();
  await bothSizes('settings');

  const kept = (await (await page.request.get(`${server.url}/api/notifications/settings`)).json()) as { email: string; preferences: { kind: string; mode: string }[] };
  expect(kept.email).toBe('admin@northwind.example');
  expect(kept.preferences.filter((p) => p.mode !== 'immediate')).toEqual([
    { kind: 'gate_ready', label: 'Every criterion of a gate is met', mode: 'digest' },
    { kind: 'kpi_off_track', label: 'A KPI value is off track', mode: 'off' },
    { kind: 'usage_alert', label: 'A use case in production is not used, used less, over budget or slower than promised', mode: 'digest' },
  ]);
  await page.reload();
  await expect.poll(() => page.getByLabel('E-mail address for notifications').inputValue()).toBe('admin@northwind.example');
});

it('an admin reads the delivery log and sends a dead-lettered delivery again', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/admin/notifications`);
  await page.getByRole('heading', { level: 2, name: 'Notification deliveries' }).waitFor();
  const table = page.locator('main table');
  await table.waitFor();
  expect(await table.locator('tbody tr').count()).toBe(3);
  await bothSizes('log');

  await page.getByRole('button', { name: /^Gave up/ }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
  expect(await table.locator('tbody tr').first().textContent()).toContain('Teams (board)');
  await page.getByRole('button', { name: /^Send again: Roadmap plan "Base 2027" committed, Teams \(board\)/ }).click();
  await page.getByText('No deliveries with this status.').waitFor();
  const row = await store.db.selectFrom('notification_deliveries').select(['status', 'attempts']).where('id', '=', 'dlv_teams').executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'pending', attempts: 0 });
});
