// The skills gap on the roadmap page in real headless Chromium against a real server over
// Northwind: skills needed against available per quarter with the shortfall marked, and the
// change-management partner bought for the pilots in flight, with the use cases that needed
// it; on a laptop (1366x768) and a phone (390x844), never scrolling sideways on the phone,
// axe-clean. Screenshots go to test-results/screenshots.
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';


let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await northwindStore('skills');
  server = await startNorthwindServer(store);
  browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: 'admin-password-1' } });
  expect(r.status()).toBe(200);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function axeViolations(selector: string): Promise<string[]> {
  return axe(page, selector);
}

const overflow = (selector: string) => page.locator(selector).evaluate((el) => Math.max(0, Math.ceil(el.getBoundingClientRect().right) - el.ownerDocument.documentElement.clientWidth, el.scrollWidth - el.clientWidth));

it('shows skills needed against available per quarter, the shortfall, and what was bought for whom', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/roadmap`);
  await page.getByRole('heading', { name: 'Skills: needed against available' }).waitFor({ timeout: 60_000 });
  const skills = page.locator('section[aria-labelledby="skills"]');
  const change = skills.locator('tbody tr').filter({ hasText: 'Change management' });
  expect((await change.locator('td').first().innerText()).replace(/\s+/g, ' ')).toBe('3 / 2 +6 bought short 1');
  expect(await skills.locator('td.short').count()).toBe(2);
  expect(await skills.textContent()).toContain('Not needed by the plan: Domain expertise, IoT and sensors.');
  const bought = page.locator('section[aria-labelledby="bought"]');
  expect(await bought.locator('li').count()).toBe(2);
  expect(await bought.locator('li').first().innerText()).toContain('Change-management partner (roll-out and training) (partner) in 2027-Q1: 6 person-weeks of change management a quarter, €15,000.');
  expect(await bought.locator('li').first().getByRole('link').allTextContents()).toHaveLength(2);
  expect(await axeViolations('section[aria-labelledby="skills"]')).toEqual([]);
  expect(await axeViolations('section[aria-labelledby="bought"]')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'roadmap-skills-01-laptop.png'), fullPage: true });
  await skills.screenshot({ path: path.join(SHOTS, 'roadmap-skills-02-laptop-section.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow('section[aria-labelledby="skills"]')).toBe(0);
  expect(await overflow('section[aria-labelledby="bought"]')).toBe(0);
  expect(await axeViolations('section[aria-labelledby="skills"]')).toEqual([]);
  await skills.screenshot({ path: path.join(SHOTS, 'roadmap-skills-03-phone-section.png') });
  await page.locator('section[aria-labelledby="bought"]').screenshot({ path: path.join(SHOTS, 'roadmap-skills-04-phone-bought.png') });
  await page.setViewportSize({ width: 1366, height: 768 });
}, 120_000);
