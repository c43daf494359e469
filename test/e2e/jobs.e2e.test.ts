// Scheduled jobs in real headless Chromium against a real server over Northwind (its
// scheduler running, SQLite): an admin opens Administration > Scheduled jobs, sees each
// scheduled job with its next run, runs the CRM accounts' checks and a KPI measure now; the
// checks succeed with their summary, the measure (whose table is missing here) shows its
// error and that it will be tried again. Laptop (1366x768) and phone (390x844): axe-clean,
// nothing scrolls sideways. Screenshots go to test-results/screenshots (jobs-*).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore } from '../../src/store/store.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { ADMIN_PASSWORD, axeViolations, CHROMIUM, launchChromium, NORTHWIND, prepareBrowserTests, SHOTS, startNorthwindServer } from '../support/e2e.js';
import { T0 } from '../support/server-app.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await openStore({ kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), 'traction-jobs-e2e-')), 'traction.db') });
  const { workspace } = await loadWorkspace(NORTHWIND);
  // The CSAT measure reads an export this copy of Northwind does not have: its job fails.
  const useCases = workspace!.useCases.map((u) => ({ ...u, kpis: u.kpis.map((k) => (k.measure ? { ...k, measure: { ...k.measure, sql: "select avg(csat) as value from 'helpdesk_archive.csv'" } } : k)) }));
  await applyDefinitions(store, workspaceDefinitions({ ...workspace!, useCases }), 'seed', T0);
  server = await startNorthwindServer(store, { scheduler: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function sideways(): Promise<string[]> {
  await page.waitForTimeout(500);
  return page.evaluate<string[]>(`[...document.querySelectorAll('main, main *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + '.' + String(el.className) + ' ' + (el.textContent || '').slice(0, 30))`);
}

it('an admin sees the scheduled jobs, runs two now, and sees one succeed and one fail with its error', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'Scheduled jobs' }).click();
  await page.getByRole('heading', { name: 'Scheduled jobs' }).waitFor();
  expect(await page.title()).toBe('Administration: Scheduled jobs · Traction');
  const checks = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Data readiness checks: crm_customers' }) });
  const csat = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'KPI measure: customer-service-assistant · csat' }) });
  await expect.poll(() => checks.textContent()).toMatch(/Next run: .*\(schedule “0 6 \* \* \*”, UTC\)/);
  expect(await checks.textContent()).toContain('Not run yet.');

  await checks.getByRole('button', { name: /Run now/ }).click();
  await csat.getByRole('button', { name: /Run now/ }).click();
  // The server's scheduler takes both; the page looks again while they are pending.
  await expect.poll(() => checks.textContent(), { timeout: 30_000 }).toMatch(/Succeeded.*run now by admin.*\d+ of \d+ checks passed/);
  await expect.poll(() => csat.textContent(), { timeout: 30_000 }).toMatch(/Failed, will try again.*helpdesk_archive\.csv/);
  expect(await page.getByRole('region', { name: 'Recent runs' }).textContent()).toMatch(/Data readiness checks: crm_customers\s*Succeeded/);

  expect(await axeViolations(page, 'main', { seriousOnly: true })).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'jobs-laptop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await sideways()).toEqual([]);
  expect(await axeViolations(page, 'main', { seriousOnly: true })).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'jobs-phone.png'), fullPage: true });

  // The audit log names who asked for the runs.
  const audit = await page.request.get(`${server.url}/api/audit?action=job`);
  expect((await audit.json()).items.map((e: { actor: string; action: string }) => `${e.actor} ${e.action}`)).toEqual(['admin job.run_now', 'admin job.run_now']);
});
