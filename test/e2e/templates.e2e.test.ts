// "Start from a template" in real headless Chromium against a real server over the Northwind
// workspace: a contributor picks a template, the form fills in (with the template's value
// streams and the source or assumption of each number in place of the single estimate),
// edits it and submits; the stored use case carries the template's value streams and KPIs.
// On a phone (390x844) the form with a template never scrolls sideways; axe-core finds no
// WCAG 2 A/AA violation at either size. Screenshots go to test-results/screenshots.
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { type RunningServer } from '../../src/server/server.js';
import { createUser } from '../../src/store/user-repository.js';
import { T0 } from '../support/server-app.js';
import { CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';


let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await northwindStore('templates');
  await createUser(store.db, { username: 'carla', displayName: 'Carla Contributor', role: 'contributor', passwordHash: await hashPassword('carla-password-1'), mustChangePassword: false }, 'seed', T0);
  server = await startNorthwindServer(store);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in contributor's page at `viewport` (bypassCSP only so the test can inject axe-core). */
async function contributorPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser!.newPage({ viewport, bypassCSP: true });
  const r = await page.request.post(`${server!.url}/api/auth/login`, { data: { username: 'carla', password: 'carla-password-1' } });
  expect(r.status()).toBe(200);
  return page;
}

/** WCAG 2 A and AA violations inside `selector`, found by axe-core in the page, as "rule: element". */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  return axe(page, selector);
}

async function openIntakeWith(page: Page, templateId: string): Promise<void> {
  await page.goto(`${server!.url}/`);
  await page.getByRole('link', { name: 'Propose a use case' }).click();
  await page.getByRole('heading', { name: 'Propose a use case' }).waitFor();
  await expect.poll(() => page.locator('select[name="template"] option').count(), { timeout: 15000 }).toBeGreaterThan(20);
  await page.getByLabel('Common use case').selectOption(templateId);
  await page.getByText('Value per month, from the template').waitFor();
}

it('proposes a use case from a template: picked, pre-filled, edited and submitted', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await contributorPage({ width: 1366, height: 768 });
  await openIntakeWith(page, 'ticket-triage');
  expect(await page.getByLabel('Title').inputValue()).toBe('Support ticket triage and routing');
  expect(await page.getByLabel('Department').inputValue()).toBe('Customer Service');
  // Northwind writes numbers in en-GB: the template's figure as people there would type it.
  expect(await page.getByLabel('One-off build cost').inputValue()).toBe('40,000');
  expect(await page.locator('input[name="kpi_name"]').inputValue()).toBe('Tickets routed without a dispatcher');
  // The single estimate gives way to the template's figures, each with what it rests on.
  expect(await page.getByLabel('At least').count()).toBe(0);
  await page.getByText('Source: Eurostat, hourly labour costs (lc_lci_lev) (2023).').first().waitFor();
  expect(await axeViolations(page, 'form.intake')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'templates-01-intake-desktop.png') });
  await page.screenshot({ path: path.join(SHOTS, 'templates-01-intake-desktop-full.png'), fullPage: true });

  await page.getByLabel('Title').fill('E-mail triage for the service desk');
  await page.getByLabel('Sponsor').fill('Head of Customer Service');
  await page.getByLabel('Delivery team').selectOption('digital');
  await page.getByLabel('Effort (person-weeks)').fill('10');
  await page.getByRole('button', { name: 'Submit proposal' }).click();
  // A proposal now: the author lands on My proposals, where it waits for the portfolio owner.
  await page.getByRole('article', { name: 'E-mail triage for the service desk' }).getByText('Waiting for review').waitFor();
  const stored = (await page.evaluate(() => fetch('/api/use-cases/e-mail-triage-for-the-service-desk').then((r) => r.json()))) as { use_case: Record<string, unknown> };
  expect(stored.use_case).toMatchObject({
    team: 'digital',
    sponsor: 'Head of Customer Service',
    effort_person_weeks: 10,
    // Left at the template's likely value, the build cost keeps the template's range.
    costs: { build: { low: 25000, likely: 40000, high: 70000 } },
    value_streams: [{ id: 'dispatch-hours', kpi: 'auto-routed' }, { id: 'fewer-misroutes' }],
    kpis: [{ id: 'auto-routed', role: 'primary' }, { id: 'first-response-hours' }, { id: 'misroute-rate', role: 'guardrail' }],
  });
  expect(stored.use_case.tags).toContain('template:ticket-triage');
  await page.close();
});

it('fits a phone with a template picked, without sideways scrolling, and passes axe', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await contributorPage({ width: 390, height: 844 });
  await openIntakeWith(page, 'cv-screening');
  expect(await page.getByLabel('EU AI Act risk class').inputValue()).toBe('high');
  await page.getByText('(high risk under the EU AI Act)').waitFor();
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  expect(await axeViolations(page, 'form.intake')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'templates-02-intake-phone.png') });
  await page.screenshot({ path: path.join(SHOTS, 'templates-02-intake-phone-full.png'), fullPage: true });
  await page.close();
});
