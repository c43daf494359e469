// The dashboard in real headless Chromium (Debian's, driven by playwright-core) against a
// real server on a loopback port: log in with the keyboard, submit the intake form (first
// with a mistake), find the new use case in the portfolio, open a use case page.
// Screenshots of each page go to test-results/screenshots for review.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readEnv } from '../../src/env.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { openStore } from '../../src/store/store.js';
import { createUser } from '../../src/store/user-repository.js';
import { IN_CI } from '../support/databases.js';
import { sampleUseCase, seedWorkspace, T0 } from '../support/server-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const WEB_DIR = path.join(ROOT, 'web', 'dist');

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    if (IN_CI) throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`);
    return;
  }
  // Build the dashboard from the current sources (vite with rolldown: about a second).
  const build = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);
  mkdirSync(SHOTS, { recursive: true });

  const store = await openStore({ kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), 'traction-e2e-')), 'traction.db') });
  await seedWorkspace(store, [
    sampleUseCase('churn-alerts', { title: 'Churn early warning', stage: 'pilot', value_streams: [{ id: 'kept', name: 'Kept revenue', kind: 'revenue', formula: 'customers * value', inputs: { customers: { low: 10, likely: 25, high: 60 }, value: 900 } }] }),
    sampleUseCase('invoice-matching', { title: 'Invoice matching', stage: 'production', team: 'ops' }),
    sampleUseCase('demand-forecast', { title: 'Demand forecasting', stage: 'poc' }),
    sampleUseCase('contract-review', { title: 'Contract clause review', stage: 'qualified' }),
  ]);
  await createUser(store.db, { username: 'carla', displayName: 'Carla Contributor', role: 'contributor', passwordHash: await hashPassword('carla-password-1'), mustChangePassword: false }, 'seed', T0);
  const env = readEnv({ TRACTION_ADMIN_PASSWORD: 'admin-password-1', TRACTION_LOG_LEVEL: 'warn' });
  server = await startServer({ store, env, port: 0, host: '127.0.0.1', webDir: WEB_DIR, logDestination: { write: () => undefined } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

it('logs in with the keyboard, takes an intake, and shows the new use case in the portfolio', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Traction' }).waitFor();
  await shot('01-login');
  // Keyboard only: the username field has focus; Tab to the password; Enter submits.
  await page.keyboard.type('carla');
  await page.keyboard.press('Tab');
  await page.keyboard.type('carla-password-1');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  await expect.poll(() => page.locator('table.grid tbody tr').count()).toBe(4);
  // Ranked furthest along first: production before pilot.
  expect(await page.locator('table.grid tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Invoice matching', 'Churn early warning', 'Demand forecasting', 'Contract clause review']);
  await shot('02-portfolio-table');

  await page.getByRole('link', { name: 'Propose a use case' }).click();
  await page.getByRole('heading', { name: 'Propose a use case' }).waitFor();
  await page.getByLabel('Title').fill('Smart ticket routing');
  await page.getByLabel('What goes wrong today, and for whom?').fill('Support tickets bounce between three teams before anyone works on them');
  await page.getByLabel('What should be true afterwards?').fill('Every ticket reaches the right team first time');
  await page.getByLabel('Sponsor').fill('Head of Support');
  await page.getByLabel('Department').fill('Customer Support');
  await page.getByLabel('Delivery team').selectOption('ops');
  await page.getByLabel('At least').fill('9000');
  await page.getByLabel('Most likely').fill('4000'); // a mistake: below the lower bound
  await page.getByLabel('At most').fill('12000');
  await page.getByLabel('One-off build cost').fill('40000');
  await page.getByLabel('Run cost per month').fill('600');
  await page.getByLabel('Effort (person-weeks)').fill('8');
  await page.getByRole('button', { name: 'Submit proposal' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).toContain('Please check the marked field: a range needs low <= likely <= high');
  expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('value_low');
  await shot('03-intake-error');

  await page.getByLabel('At least').fill('2000');
  await page.getByRole('button', { name: 'Submit proposal' }).click();
  await page.getByRole('heading', { name: 'Smart ticket routing' }).waitFor();
  expect(page.url()).toBe(`${server.url}/use-cases/smart-ticket-routing`);
  expect(await page.locator('.stage-path li[aria-current="step"]').textContent()).toBe('Idea');
  await shot('04-use-case-new');

  await page.getByRole('link', { name: 'Portfolio' }).first().click();
  await page.getByRole('link', { name: 'Smart ticket routing' }).waitFor();
  await page.getByRole('button', { name: 'Board' }).click();
  const ideaColumn = page.getByRole('region', { name: /^Idea: / });
  expect(await ideaColumn.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Smart ticket routing')]);
  await shot('05-portfolio-board');

  await page.getByRole('link', { name: /Churn early warning/ }).click();
  await page.getByRole('heading', { name: 'Churn early warning' }).waitFor();
  await page.locator('.recharts-surface').first().waitFor();
  expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(6);
  await shot('06-use-case-page');
});
