// The dashboard in real headless Chromium (Debian's, driven by playwright-core) against a
// real server on a loopback port, on a laptop screen (1366x768): log in with the keyboard,
// submit the intake form (first with a mistake), have the portfolio owner accept it, find it in the ranked
// portfolio; as an approver run the readiness checks, open a use case with its charts and
// sign off its gate; open the roadmap. Screenshots of each page go to
// test-results/screenshots for review.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
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
import { CONFIG, sampleUseCase, T0 } from '../support/server-app.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { recordBenchRun } from '../../src/store/bench-run-repository.js';
import { recordMeasurements } from '../../src/store/kpi-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const WEB_DIR = path.join(ROOT, 'web', 'dist');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'readiness-ws');

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
  // The readiness fixture's source and datasets (files under FIXTURE), Testco's teams, and
  // "olivia" holding the business_owner sign-off role.
  const { workspace } = await loadWorkspace(FIXTURE);
  const useCases = [
    sampleUseCase('churn-alerts', {
      title: 'Churn early warning',
      stage: 'pilot',
      datasets: [{ dataset: 'crm_customers', columns: ['customer_id', 'segment'] }],
      kpis: [{ id: 'churn-rate', name: 'Monthly churn', unit: '%', direction: 'down', baseline: 3.1, target: 2, role: 'primary' }],
      value_streams: [{ id: 'kept', name: 'Kept revenue', kind: 'revenue', formula: 'customers * value', inputs: { customers: { low: 10, likely: 25, high: 60 }, value: { low: 600, likely: 900, high: 1100 } } }],
    }),
    sampleUseCase('invoice-matching', { title: 'Invoice matching', stage: 'production', team: 'ops' }),
    sampleUseCase('demand-forecast', { title: 'Demand forecasting', stage: 'poc' }),
    sampleUseCase('contract-review', { title: 'Contract clause review', stage: 'qualified', costs: { build: 250000, run_monthly: 4000 } }),
  ];
  await applyDefinitions(store, workspaceDefinitions({ ...workspace!, config: { ...CONFIG, roles: { business_owner: ['olivia'], technical_lead: ['admin'], portfolio_owner: ['olivia'] } }, useCases }), 'seed', T0);
  await recordBenchRun(store.db, { id: 'bench_e2e', useCaseId: 'churn-alerts', startedAt: T0.toISOString(), finishedAt: T0.toISOString(), url: 'http://127.0.0.1:8000/v1/chat/completions', api: 'openai-chat', mode: 'closed', status: 'completed', sloMet: true, result: BENCH_RESULT }, 'seed', T0);
  const churn = [3.1, 3.0, 3.2, 2.8, 2.6, 2.5];
  await recordMeasurements(store.db, churn.map((value, i) => ({ useCaseId: 'churn-alerts', kpiId: 'churn-rate', at: `2026-0${i + 1}-01`, value, source: 'seed' })), 'seed', T0);
  await createUser(store.db, { username: 'carla', displayName: 'Carla Contributor', role: 'contributor', passwordHash: await hashPassword('carla-password-1'), mustChangePassword: false }, 'seed', T0);
  await createUser(store.db, { username: 'olivia', displayName: 'Olivia Approver', role: 'approver', passwordHash: await hashPassword('olivia-password-1'), mustChangePassword: false }, 'seed', T0);
  const env = readEnv({ TRACTION_ADMIN_PASSWORD: 'admin-password-1', TRACTION_LOG_LEVEL: 'warn' });
  server = await startServer({ store, env, port: 0, host: '127.0.0.1', webDir: WEB_DIR, workspaceRoot: FIXTURE, logDestination: { write: () => undefined } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The screen a laptop user sees first, and the whole page. */
const shot = async (name: string) => {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await page.screenshot({ path: path.join(SHOTS, `${name}-full.png`), fullPage: true });
};

/** A stored bench result as `traction bench run` writes it, trimmed to what the API reads. */
const BENCH_RESULT = {
  model: 'mock',
  slo_spec: 'p95_ms=2000',
  steps: [{ load: { mode: 'closed', concurrency: 4 }, requests: { completed: 200 }, error_rate: 0, throughput: { requests_per_s: 31.5, output_tokens_per_s: 2016 }, latency_ms: { e2e: { p50: 120, p95: 180, p99: 240 }, ttft: { p95: 60 } } }],
  chosen_step: 0,
  cost: { figures: { cost_per_1k_requests: 0.42 }, monthly: null },
};

async function login(username: string, password: string): Promise<void> {
  await page.goto(`${server!.url}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
}

it('logs in with the keyboard, takes an intake, and shows the new use case in the portfolio once accepted', async ({ skip }) => {
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
  await page.locator('table.ranking').waitFor();
  await expect.poll(() => page.locator('table.ranking tbody tr').count()).toBe(4);
  // Ranked as the portfolio API ranks them, with the NPV percentiles.
  const ranking = (await page.evaluate(() => fetch('/api/portfolio').then((r) => r.json()))) as { use_cases: { title: string }[] };
  expect(await page.locator('table.ranking tbody tr td:nth-child(2) a').allTextContents()).toEqual(ranking.use_cases.map((u) => u.title));
  expect(await page.locator('table.ranking thead th').allTextContents()).toEqual(expect.arrayContaining(['P10', 'P50', 'P90']));
  // The value-vs-feasibility matrix: one dot per use case.
  await expect.poll(() => page.locator('figure[aria-label^="Value against feasibility"] .recharts-scatter-symbol').count()).toBe(4);
  await shot('02-portfolio');

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
  expect(await page.getByRole('alert').textContent()).toBe('One field needs a look; it is marked above.');
  await page.getByText('Value per month: the low estimate cannot be above the likely one, nor the likely above the high one').waitFor();
  expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('value_low');
  await shot('03-intake-error');

  await page.getByLabel('At least').fill('2000');
  await page.getByRole('button', { name: 'Submit proposal' }).click();
  // A proposal: it waits for the portfolio owner, and is not ranked until accepted.
  await page.getByRole('heading', { name: 'My proposals' }).waitFor();
  await page.getByRole('link', { name: 'Smart ticket routing' }).click();
  await page.getByRole('heading', { name: 'Smart ticket routing' }).waitFor();
  expect(page.url()).toBe(`${server.url}/use-cases/smart-ticket-routing`);
  expect(await page.locator('.stage-path li[aria-current="step"]').textContent()).toBe('Idea');
  await page.getByText('Waiting for review').waitFor();
  await shot('04-use-case-new');
  const proposed = (await page.evaluate(() => fetch('/api/portfolio').then((r) => r.json()))) as { use_cases: { id: string }[] };
  expect(proposed.use_cases.map((u) => u.id)).not.toContain('smart-ticket-routing');
  await page.getByRole('button', { name: 'Log out' }).click();
  await login('olivia', 'olivia-password-1');
  await page.getByRole('link', { name: 'Proposals', exact: true }).click();
  await page.getByRole('article', { name: 'Smart ticket routing' }).getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('status').filter({ hasText: 'Accepted “Smart ticket routing”' }).waitFor();

  await page.getByRole('link', { name: 'Portfolio' }).first().click();
  await page.getByRole('link', { name: 'Smart ticket routing' }).waitFor();
  await page.getByRole('button', { name: 'Board' }).click();
  const ideaColumn = page.getByRole('region', { name: /^Idea: / });
  expect(await ideaColumn.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Smart ticket routing')]);
  await shot('05-portfolio-board');

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('Username').waitFor();
});

it('runs the readiness checks as an approver and shows datasets, failing checks and history', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await login('olivia', 'olivia-password-1');
  await page.getByRole('link', { name: 'Data readiness' }).click();
  await page.getByRole('heading', { name: 'Data readiness' }).waitFor();
  expect(await page.locator('table.grid tbody tr').first().textContent()).toContain('not run');
  await page.getByRole('button', { name: 'Run checks' }).click();
  await page.getByRole('status').filter({ hasText: /^The run finished: .* checks on 2 datasets/ }).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('table.grid tbody .score').count()).toBe(2);
  await page.locator('table.grid tbody tr').filter({ hasText: 'crm_customers' }).getByRole('link').click();
  await page.getByRole('table', { name: /Not passing/ }).waitFor();
  expect(await page.locator('section[aria-labelledby="dataset"] tbody').first().textContent()).toContain('unique(customer_id)');
  // Each check's kind in words under its name, not the workspace's type name.
  expect(await page.locator('section[aria-labelledby="dataset"] tbody').first().textContent()).toContain('Unique values · uniqueness');
  await page.locator('figure[aria-label^="row_count of crm_customers over 1 runs"]').waitFor();
  await shot('06-data-readiness');
  // The same dataset on a phone, in a page that lets the test inject axe-core (bypassCSP only
  // for that; the app's scripts still run under its CSP): no sideways scrolling, axe clean.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  try {
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(page.url());
    await phone.getByRole('table', { name: /Not passing/ }).waitFor();
    await phone.screenshot({ path: path.join(SHOTS, '06-data-readiness-390.png'), fullPage: true });
    // The checks' tables scroll nothing sideways inside their panel, nor does the page.
    const table = phone.locator('section[aria-labelledby="dataset"] table').first();
    expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await phone.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await phone.evaluate(
      `axe.run({ include: ['section[aria-labelledby="dataset"]'] }, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))))`,
    );
    expect(violations).toEqual([]);
  } finally {
    await phone.close();
  }
});

it('shows a use case with its charts and lets an approver sign off its gate', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/use-cases/churn-alerts`);
  await page.getByRole('heading', { name: 'Churn early warning' }).waitFor();
  await page.locator('figure[aria-label^="NPV if it works over 10000 draws"] .recharts-bar-rectangle').first().waitFor();
  // Two uncertain inputs, each with a bar for its low and one for its high.
  expect(await page.locator('figure[aria-label^="Tornado"] .recharts-bar-rectangle').count()).toBe(4);
  expect(await page.locator('figure[aria-label^="Tornado"]').getAttribute('aria-label')).toMatch(/Kept: customers from 10 to 60 .*; Kept: value from 600 to 1100/);
  await page.locator('figure[aria-label^="Readiness by dimension"]').waitFor();
  // The KPI against its baseline and target: six measurements, 2.5 % latest.
  expect(await page.locator('figure[aria-label^="Monthly churn (%)"]').getAttribute('aria-label')).toContain('6 measurements, latest 2.5 on 2026-06-01; baseline 3.1, target 2, lower is better');
  expect(await page.locator('section[aria-labelledby="bench"] tbody').textContent()).toContain('180 ms');
  const gate = page.locator('section[aria-labelledby="gate"]');
  expect(await gate.getByRole('heading').textContent()).toMatch(/Gate Pilot → Production: 0 of 4 criteria met/);
  await shot('07-use-case');
  await gate.getByRole('button', { name: 'Approve as business owner' }).click();
  await gate.getByRole('status').filter({ hasText: 'Approved as business owner.' }).waitFor();
  const signoffRow = gate.locator('tbody tr').filter({ hasText: 'Sign-off by business owner' });
  // The checklist refetches the gate after the sign-off is stored: wait for its new answer.
  await expect.poll(() => signoffRow.locator('td').nth(2).textContent(), { timeout: 10_000 }).toContain('business owner: approved by olivia');
  await page.locator('section[aria-labelledby="evidence"] li').filter({ hasText: 'sign-off' }).waitFor();
  await shot('08-use-case-signed-off');
});

it('plans the roadmap as a Gantt by quarter with the budget line', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.getByRole('link', { name: 'Roadmap' }).click();
  await page.getByRole('heading', { name: 'Plan by quarter' }).waitFor();
  const planned = await page.locator('table.gantt tbody th a').allTextContents();
  expect(planned).toContain('Churn early warning');
  expect(await page.locator('table.gantt thead th').nth(1).textContent()).toBe('2026-Q2');
  await page.locator('figure[aria-label^="Planned spend per quarter"] .recharts-line-curve').waitFor({ state: 'attached' });
  expect(await page.locator('figure[aria-label^="Planned spend per quarter"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
  await shot('09-roadmap');
  // A budget too small for the work in flight: the page says why there is no plan.
  await page.getByRole('textbox', { name: 'Budget per quarter' }).fill('1000');
  await page.getByRole('button', { name: 'Re-plan' }).click();
  await page.getByRole('alert').filter({ hasText: 'No plan:' }).waitFor();
});
