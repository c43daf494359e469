// The readiness and "My work" journey in real headless Chromium against a real server over
// the Northwind workspace, each test with its own store, server and logins:
// the AI lead runs the readiness checks, opens the failing rows of a check and downloads
// them as CSV; a business owner finds the sign-off waiting in My work, opens it and signs
// off, and it leaves the list; a mention in a comment reaches the person mentioned. Every
// page is checked with axe-core (no serious or critical violation) at 1366x768 and 390x844,
// never scrolls sideways on the phone, and is kept as a screenshot in test-results/screenshots.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { type RunningServer } from '../../src/server/server.js';
import { createUser } from '../../src/store/user-repository.js';
import { T0 } from '../support/server-app.js';
import { CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';
import { parse } from 'csv-parse/sync';

const LEAD = 'j.becker@northwind.example'; // technical_lead in Northwind's traction.yaml
const OWNER = 's.huber@northwind.example'; // business_owner
const PASSWORD = 'northwind-password-1';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let browser: Browser | undefined;
let ready = false;

beforeAll(async () => {
  ready = prepareBrowserTests();
  if (ready) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A server of its own over a fresh Northwind store, with the AI lead and a business owner as approvers. */
async function ownServer(name: string): Promise<RunningServer> {
  const store = await northwindStore(`inbox-${name}`);
  for (const [username, displayName] of [
    [LEAD, 'Jonas Becker'],
    [OWNER, 'Sabine Huber'],
  ] as const)
    await createUser(store.db, { username, displayName, role: 'approver', passwordHash: await hashPassword(PASSWORD), mustChangePassword: false }, 'seed', T0);
  return startNorthwindServer(store);
}

async function signedIn(server: RunningServer, username: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser!.newPage({ viewport, bypassCSP: true, acceptDownloads: true });
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username, password: PASSWORD } });
  expect(r.status()).toBe(200);
  return page;
}

/** Serious and critical WCAG 2 A/AA violations in the page's main content, as "rule: element". */
async function axeViolations(page: Page): Promise<string[]> {
  return axe(page, 'main', { seriousOnly: true });
}

const sideways = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/**
 * Screenshot, axe, and on a phone no sideways scrolling: of the page, or only of `within`
 * where the rest of the page is another part's (the use-case page's gate and summary).
 */
async function look(page: Page, name: string, within?: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `inbox-${name}.png`), fullPage: true });
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${violations.join('; ')}`).toEqual([]);
  const width = page.viewportSize()?.width ?? 0;
  if (width >= 500) return;
  if (within === undefined) expect(await sideways(page), `${name} scrolls sideways`).toBe(0);
  else {
    const box = page.locator(within);
    expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth), `${name}: ${within} scrolls sideways`).toBeLessThanOrEqual(0);
    expect((await box.boundingBox())!.width, `${name}: ${within} is wider than the phone`).toBeLessThanOrEqual(width);
  }
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  it(`the AI lead runs the checks, opens the failing rows of a check and downloads them (${label})`, async ({ skip }) => {
    if (!ready || !browser) return skip(`no Chromium at ${CHROMIUM}`);
    const server = await ownServer(`readiness-${label}`);
    try {
      const page = await signedIn(server, LEAD, viewport);
      await page.goto(`${server.url}/data/crm_customers`);
      await page.getByRole('heading', { name: 'Data readiness' }).waitFor();
      expect(await page.getByText('traction data check').count()).toBe(0);
      await page.getByRole('button', { name: 'Run checks' }).click();
      await page.getByText('The run finished', { exact: false }).waitFor({ timeout: 180_000 });
      await page.getByRole('table', { name: /Passing/ }).waitFor();
      const notPassing = page.getByRole('table', { name: /Not passing/ });
      const row = notPassing.getByRole('row').filter({ hasText: 'country as ISO code' });
      await row.getByRole('button', { name: 'Show failing rows' }).click();
      const rows = page.getByRole('region', { name: /Failing rows of country as ISO code/ });
      await rows.waitFor({ timeout: 60_000 });
      // The dataset's key first, then the column checked.
      expect(await rows.locator('th').allInnerTexts()).toEqual(['customer_id', 'country']);
      const shown = await rows.locator('tbody tr').count();
      expect(shown).toBeGreaterThan(0);
      await look(page, `01-failing-rows-${label}`);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download all as CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('crm_customers--country_as_ISO_code.csv');
      const csv = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
      expect(csv[0]).toEqual(['customer_id', 'country']);
      // Every row of the CSV is a country outside the accepted codes, as on the page.
      const accepted = new Set(['DE', 'NL', 'AT']);
      expect(csv.slice(1).every((row) => !accepted.has(row.at(-1)!))).toBe(true);
      expect(csv.length - 1).toBeGreaterThanOrEqual(shown);
      await page.close();
    } finally {
      await server.stop();
    }
  }, 300_000);

  it(`a business owner signs off from My work, and a mention reaches them (${label})`, async ({ skip }) => {
    if (!ready || !browser) return skip(`no Chromium at ${CHROMIUM}`);
    const server = await ownServer(`signoff-${label}`);
    try {
      const lead = await signedIn(server, LEAD, viewport);
      await lead.goto(`${server.url}/use-cases/knowledge-base-qa`);
      await lead.getByRole('heading', { name: 'Comments' }).waitFor();
      await lead.getByLabel('Add a comment').fill(`@${OWNER} the sources are ready <b>for your look</b>`);
      await lead.getByRole('button', { name: 'Add comment' }).click();
      await lead.getByText('the sources are ready <b>for your look</b>', { exact: false }).waitFor();
      await look(lead, `02-comment-${label}`, 'section[aria-labelledby="comments"]');
      await lead.close();

      const owner = await signedIn(server, OWNER, viewport);
      await owner.goto(`${server.url}/`);
      const nav = owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /My work/ });
      await expect.poll(() => nav.innerText(), { timeout: 15_000 }).toMatch(/My work \d+/);
      await nav.click();
      await owner.getByRole('heading', { name: 'My work' }).waitFor();
      const mention = owner.getByRole('region', { name: /Mentions of you/ });
      await mention.getByText('Jonas Becker', { exact: false }).or(mention.getByText(LEAD, { exact: false })).first().waitFor();
      const signoffs = owner.getByRole('region', { name: /Sign-offs waiting for you/ });
      const item = signoffs.getByRole('link', { name: 'Sign off Internal knowledge-base Q&A: idea to qualified, as business owner' });
      await item.waitFor();
      await look(owner, `03-my-work-${label}`);

      await item.click();
      await owner.getByRole('heading', { name: 'Internal knowledge-base Q&A' }).waitFor();
      await owner.getByRole('button', { name: 'Approve as business owner' }).click();
      await owner.getByRole('status').filter({ hasText: /approve|sign/i }).first().waitFor();
      await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /My work/ }).click();
      await owner.getByRole('heading', { name: 'My work' }).waitFor();
      await signoffs.getByRole('link').first().waitFor();
      expect(await signoffs.getByRole('link', { name: 'Sign off Internal knowledge-base Q&A: idea to qualified, as business owner' }).count()).toBe(0);

      await mention.getByRole('button', { name: 'Mark as read' }).click();
      await mention.getByText('None.').waitFor();
      await owner.close();
    } finally {
      await server.stop();
    }
  }, 300_000);
}
