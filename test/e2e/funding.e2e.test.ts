// Funding in real headless Chromium against a real server over Northwind: a sponsor (an
// approver account) saves two scenarios on the roadmap page, compares them side by side, commits
// one after a confirmation, and the use-case page then says it is funded and for which quarters.
// On a laptop (1366x768) and a phone (390x844): axe-clean, nothing scrolls sideways on the
// phone (a chart may scroll inside its own panel). Screenshots go to test-results/screenshots (funding-*).
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { ADMIN_PASSWORD, CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';

const SPONSOR = { username: 'sofia.sponsor', password: 'sponsor-password-1' };

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  server = await startNorthwindServer(await northwindStore('funding'));
  browser = await launchChromium();
  // The admin makes the sponsor's account (an approver) through the API, with a chosen password.
  const admin = await browser.newContext();
  const login = await admin.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  const made = await admin.request.post(`${server.url}/api/users`, { data: { ...SPONSOR, display_name: 'Sofia Sponsor', role: 'approver' }, headers: { 'x-csrf-token': csrf } });
  expect(made.status()).toBe(201);
  await admin.close();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function axeViolations(selector: string): Promise<string[]> {
  return axe(page, selector, { seriousOnly: true });
}

/** The elements reaching past the right edge of the window (none on a page that does not scroll sideways). */
const sideways = async (within = 'main') => {
  // Charts re-measure their container after a resize: let them settle first.
  await page.waitForTimeout(800);
  return wideElements(within);
};
const wideElements = (within: string) =>
  page.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(`${within}, ${within} *`)})]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
    // A wide chart or table that scrolls inside its own panel does not move the page.
    .filter((el) => { for (let a = el.parentElement; a; a = a.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false; return true; })
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + (el.textContent || '').slice(0, 30))`);
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `funding-${name}.png`), fullPage: true });

async function saveScenario(name: string, budget: string, quarters = ''): Promise<void> {
  await page.getByRole('button', { name: 'New scenario' }).click();
  const form = page.getByRole('form', { name: 'New scenario' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Budget per quarter').fill(budget);
  await form.getByLabel('Quarters').fill(quarters);
  await form.getByRole('button', { name: 'Save scenario' }).click();
  await page.locator('.scenario-list li').filter({ hasText: name }).waitFor();
}

it('a sponsor compares two scenarios, commits one, and the use case shows it is funded', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/`);
  await page.getByLabel('Username').fill(SPONSOR.username);
  await page.getByLabel('Password').fill(SPONSOR.password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.getByRole('link', { name: 'Roadmap' }).click();
  await page.getByRole('heading', { name: 'Scenarios' }).waitFor({ timeout: 60_000 });
  expect(await page.locator('.notice').first().innerText()).toContain('Nothing is funded yet');
  expect(await page.title()).toBe('Roadmap · Traction');

  // A wrong amount is named on its field; nothing is saved.
  await page.getByRole('button', { name: 'New scenario' }).click();
  const form = page.getByRole('form', { name: 'New scenario' });
  await form.getByLabel('Name').fill('Broken');
  await form.getByLabel('Budget per quarter').fill('lots');
  await form.getByRole('button', { name: 'Save scenario' }).click();
  await expect.poll(() => form.locator('.error').allInnerTexts()).toEqual(['an amount of 0 or more']);
  await page.getByRole('button', { name: 'Close the form' }).click();
  expect(await page.locator('.scenario-list li').count()).toBe(0);

  await saveScenario('Growth', '400000');
  // Northwind's teams, not its budget, bind: one year instead of two is what funds less.
  await saveScenario('One year', '240000', '4');
  for (const name of ['Growth', 'One year']) await page.locator('.scenario-list li').filter({ hasText: name }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Compare 2 scenarios' }).click();
  await page.getByRole('heading', { name: 'Funded differently' }).waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
    await shot('00-failed');
    throw new Error(`${String(e)}; the page says: ${await page.locator('section.funding').innerText()}`);
  });
  const cards = page.locator('.scenario-card');
  expect(await cards.locator('h3').allInnerTexts()).toEqual(['Growth', 'One year']);
  // The larger budget funds more, and its NPV is marked the highest.
  expect(await cards.nth(0).innerText()).toContain('highest');
  expect(await page.locator('table.differences tbody tr').count()).toBeGreaterThan(0);
  expect(await page.locator('table.differences td.not-funded').count()).toBeGreaterThan(0);
  expect(await axeViolations('section.funding')).toEqual([]);
  await shot('01-compare-laptop');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await sideways()).toEqual([]);
  await shot('02-compare-phone');
  await page.locator('section.funding').screenshot({ path: path.join(SHOTS, 'funding-02b-compare-phone-section.png') });
  await page.setViewportSize({ width: 1366, height: 768 });

  // Committing asks first; cancelling records nothing.
  const growth = page.locator('.scenario-list li').filter({ hasText: 'Growth' });
  await growth.getByRole('button', { name: 'Commit…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  expect(await page.getByRole('alertdialog').count()).toBe(0);
  await growth.getByRole('button', { name: 'Commit…' }).click();
  expect(await page.getByRole('alertdialog').innerText()).toContain('Commit “Growth”?');
  await page.getByRole('button', { name: 'Yes, commit and fund' }).click();
  const funded = page.locator('section[aria-labelledby="funded-plan"]');
  await funded.waitFor();
  expect(await funded.innerText()).toContain('Scenario Growth, committed by sofia.sponsor');

  // What the page says is what the funding log holds; the use case shows it.
  const log = (await (await page.request.get(`${server.url}/api/funding/decisions`)).json()) as { total: number; items: { funded: { id: string; title: string; span: string }[] }[] };
  expect(log.total).toBe(1);
  const first = log.items[0]!.funded.find((f) => f.span.includes('–'))!;
  expect(await funded.getByRole('listitem').filter({ hasText: first.title }).innerText()).toContain(`funded in ${first.span}`);
  // The funding sections (the Gantt's team colours are the Gantt's own business).
  expect(await axeViolations('section[aria-labelledby="funded-plan"]')).toEqual([]);
  expect(await axeViolations('section.funding')).toEqual([]);
  await shot('03-committed-laptop');
  // The portfolio says it too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
  const onPortfolio = page.locator('section[aria-labelledby="funded-plan"]');
  await onPortfolio.waitFor();
  expect(await onPortfolio.getByRole('listitem').filter({ hasText: first.title }).innerText()).toContain(`funded in ${first.span}`);
  await onPortfolio.screenshot({ path: path.join(SHOTS, 'funding-03b-portfolio-laptop.png') });
  await onPortfolio.getByRole('link', { name: first.title }).click();
  const status = page.locator('.funding-status');
  await status.waitFor();
  expect(await status.innerText()).toContain(`Funded in ${first.span}`);
  expect(await status.innerText()).toContain('Scenario “Growth”, committed by sofia.sponsor');
  expect(await axeViolations('.funding-status')).toEqual([]);
  await shot('04-use-case-laptop');
  await page.setViewportSize({ width: 390, height: 844 });
  // The funding line (the rest of the use-case page is not this test's).
  expect(await sideways('.funding-status')).toEqual([]);
  await shot('05-use-case-phone');
  await page.setViewportSize({ width: 1366, height: 768 });
}, 240_000);
