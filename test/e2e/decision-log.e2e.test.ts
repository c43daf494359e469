// The use-case page's decision log in real headless Chromium over Northwind: after a roadmap
// scenario is committed, a funded use case's log says for which quarters, a use case the plan
// left out says why. Laptop (1366x768) and phone (390x844): axe-clean, nothing sideways.
// Screenshots go to test-results/screenshots (decision-log-*).
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { ADMIN_PASSWORD, CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations } from '../support/e2e.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
let plan: { funded: { id: string; quarters: string[] }[]; left_out: { id: string; reason: string }[] };

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  server = await startNorthwindServer(await northwindStore('decision-log'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const login = await page.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
  const headers = { 'x-csrf-token': ((await login.json()) as { csrf_token: string }).csrf_token };
  expect((await page.request.post(`${server.url}/api/roadmap/scenarios`, { data: { name: 'Base plan' }, headers })).status()).toBe(201);
  const commit = await page.request.post(`${server.url}/api/roadmap/scenarios/Base%20plan/commit`, { headers, timeout: 120_000 });
  expect(commit.status()).toBe(201);
  plan = (await commit.json()) as typeof plan;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const wide = () =>
  page.evaluate<string[]>(`[...document.querySelectorAll('section[aria-labelledby="decisions"] *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + ' ' + (el.textContent || '').slice(0, 30))`);

async function logOf(id: string, name: string): Promise<string> {
  await page.goto(`${server!.url}/use-cases/${id}`);
  const log = page.locator('section[aria-labelledby="decisions"]');
  await log.locator('li').first().waitFor({ timeout: 60_000 });
  expect(await axeViolations(page, 'section[aria-labelledby="decisions"]')).toEqual([]);
  await log.screenshot({ path: path.join(SHOTS, `decision-log-${name}-laptop.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await wide()).toEqual([]);
  await log.screenshot({ path: path.join(SHOTS, `decision-log-${name}-phone.png`) });
  await page.setViewportSize({ width: 1366, height: 768 });
  return log.innerText();
}

it('shows the committed funding decision in the use case decision log', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/`); // the session cookie of the API login is the page's too
  const funded = plan.funded[0]!;
  const text = await logOf(funded.id, 'funded');
  expect(text).toContain(`Funded for ${funded.quarters.length === 1 ? funded.quarters[0] : `${funded.quarters[0]} to ${funded.quarters.at(-1)}`}`);
  expect(text).toContain('in the roadmap scenario “Base plan”, committed by admin');
  const left = plan.left_out[0];
  if (left) {
    const leftText = await logOf(left.id, 'left-out');
    expect(leftText).toContain('Not funded');
    expect(leftText).toContain(`Why: ${left.reason}`);
  }
  expect(left, 'Northwind leaves a use case out of its plan').toBeDefined();
}, 240_000);
