// "Import" in real headless Chromium against a real server over the Northwind workspace: a
// contributor chooses a workbook built here (one good row, one with text in a number column and
// one merged cell), sees each problem at its row and column, changes what a column fills, and
// imports the good row; it shows in My proposals. No sideways scrolling on a phone (390x844);
// axe-core finds no WCAG 2 A/AA violation at either size. Screenshots: test-results/screenshots.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { type RunningServer } from '../../src/server/server.js';
import { createUser } from '../../src/store/user-repository.js';
import { T0 } from '../support/server-app.js';
import { axeViolations, CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer } from '../support/e2e.js';
import { goodRow, HEADERS, workbook } from '../support/xlsx-builder.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let file = '';

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await northwindStore('imports');
  await createUser(store.db, { username: 'carla', displayName: 'Carla Contributor', role: 'contributor', passwordHash: await hashPassword('carla-password-1'), mustChangePassword: false }, 'seed', T0);
  server = await startNorthwindServer(store);
  browser = await launchChromium();
  const good = goodRow('Delivery slot advisor');
  good[HEADERS.indexOf('Team')] = 'digital';
  const bad = goodRow('Quote assistant with a rather long title to see it wrap on a phone');
  bad[HEADERS.indexOf('Team')] = 'digital';
  bad[HEADERS.indexOf('Build cost')] = 'about 5k';
  const third = goodRow('Returns triage');
  third[HEADERS.indexOf('Team')] = 'digital';
  file = path.join(mkdtempSync(path.join(tmpdir(), 'traction-import-e2e-')), 'ideas.xlsx');
  writeFileSync(file, await workbook([good, bad, third], (ws) => ws.mergeCells('F3:F4')));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function contributorPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser!.newPage({ viewport, bypassCSP: true });
  const r = await page.request.post(`${server!.url}/api/auth/login`, { data: { username: 'carla', password: 'carla-password-1' } });
  expect(r.status()).toBe(200);
  return page;
}

async function previewed(page: Page, rows = /Rows: 1 ready, 2 with problems/): Promise<void> {
  await page.goto(`${server!.url}/import`);
  await page.getByRole('heading', { name: 'Import use cases' }).waitFor();
  await page.getByLabel('Spreadsheet file').setInputFiles(file);
  await page.getByRole('heading', { name: rows }).waitFor({ timeout: 20000 });
}

it('previews a workbook with every problem at its row and column, and imports the good row', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await contributorPage({ width: 1366, height: 768 });
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: 'Propose a use case' }).click();
  await page.getByRole('link', { name: 'Import them' }).click();
  await previewed(page);
  await expect.poll(() => page.getByText('Column K (Build cost): text where a number belongs: "about 5k": type the number in digits').count()).toBe(1);
  expect(await page.getByText('Column F (Department): is part of the merged cells F3:F4').count()).toBe(2);
  expect(await page.getByRole('button', { name: 'Import all 3 use cases' }).isDisabled()).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'import-desktop.png'), fullPage: true });
  expect(await axeViolations(page, 'main')).toEqual([]);

  // Leaving the build cost out makes every row short of a required field: the page says so.
  await page.getByLabel('What column K (Build cost) fills').selectOption('');
  await page.getByText(/no column for build_cost/).waitFor();
  await page.getByLabel('What column K (Build cost) fills').selectOption('build_cost');
  await page.getByRole('heading', { name: /Rows: 1 ready, 2 with problems/ }).waitFor();

  await page.getByRole('button', { name: 'Import the 1 good row, leave out 2' }).click();
  await page.getByText('Imported 1 use case as proposals; 2 rows left out.').waitFor();
  await page.getByRole('link', { name: 'See them in My proposals' }).click();
  await page.getByText('Delivery slot advisor').first().waitFor();
  await page.close();
});

it('fits a phone: no sideways scrolling, no axe violation', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await contributorPage({ width: 390, height: 844 });
  // After the first test's import the good row is a duplicate of a stored use case.
  await previewed(page, /Rows: \d ready, \d with problems/);
  await page.screenshot({ path: path.join(SHOTS, 'import-phone.png'), fullPage: true });
  expect(await page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)')).toBe(0);
  expect(await axeViolations(page, 'main')).toEqual([]);
  await page.close();
});
