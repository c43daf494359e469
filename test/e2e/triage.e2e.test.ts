// The triage journey in real headless Chromium against a real server over Northwind, its
// traction.yaml set to a Swiss German locale and a portfolio owner: a contributor proposes a
// use case typing "5.000" for five thousand (and sees it understood so), is told every
// problem at once in plain words, then proposes a typo'd duplicate, seeing the first listed
// as similar while typing; the portfolio owner merges the duplicate and accepts the first,
// which then appears in the ranking. At 1366x768 and 390x844: no sideways scrolling, no
// serious or critical axe-core violation. Screenshots go to test-results/screenshots.
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { type RunningServer } from '../../src/server/server.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { createUser } from '../../src/store/user-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { CHROMIUM, launchChromium, NORTHWIND, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';
import { T0 } from '../support/server-app.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const TITLE = 'Supplier delivery risk radar';
const TYPO = 'Suplier delivery risk radr';

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await northwindStore('triage');
  // The same workspace, as a Swiss company would write it: numbers in de-CH, and Petra triages.
  const { workspace } = await loadWorkspace(NORTHWIND);
  const config = { ...workspace!.config, locale: 'de-CH', roles: { ...workspace!.config.roles, portfolio_owner: ['petra'] } };
  await applyDefinitions(store, workspaceDefinitions({ ...workspace!, config }), 'seed', T0);
  for (const [username, displayName, role] of [
    ['carla', 'Carla Contributor', 'contributor'],
    ['petra', 'Petra Portfolio', 'approver'],
  ] as const)
    await createUser(store.db, { username, displayName, role, passwordHash: await hashPassword(`${username}-password-1`), mustChangePassword: false }, 'seed', T0);
  server = await startNorthwindServer(store);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser!.newPage({ viewport, bypassCSP: true });
  const r = await page.request.post(`${server!.url}/api/auth/login`, { data: { username, password: `${username}-password-1` } });
  expect(r.status()).toBe(200);
  return page;
}

/** Serious and critical axe-core violations (WCAG 2 A and AA) inside `selector`, as "rule: element". */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  return axe(page, selector, { seriousOnly: true });
}

const sideways = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `triage-${name}.png`), fullPage: true });

async function fillIntake(page: Page, title: string, low: string): Promise<void> {
  await page.goto(`${server!.url}/`);
  await page.getByRole('link', { name: 'Propose a use case' }).click();
  await page.getByRole('heading', { name: 'Propose a use case' }).waitFor();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('What goes wrong today, and for whom?').fill('Buyers learn too late that a supplier will miss a delivery, and customers wait');
  await page.getByLabel('What should be true afterwards?').fill('Know three weeks ahead which deliveries will be late');
  await page.getByLabel('Sponsor').fill('Head of Purchasing');
  await page.getByLabel('Department').fill('Purchasing');
  await page.getByLabel('At least').fill(low);
  await page.getByLabel('Most likely').fill('8.000');
  await page.getByLabel('At most').fill("12'000");
  await page.getByLabel('One-off build cost').fill('20.000');
  await page.getByLabel('Run cost per month').fill('500');
  await page.getByLabel('Effort (person-weeks)').fill('6');
}

it('a contributor proposes in Swiss German numbers, the portfolio owner merges the duplicate and accepts the other, which is then ranked', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const carla = await signedIn('carla', { width: 1366, height: 768 });
  await fillIntake(carla, TITLE, 'about 2k');
  await carla.getByLabel('Chance of success (%)').fill('150');
  await carla.getByLabel('Most likely').fill('8.000');
  await carla.getByText(/^Understood as EUR\s8.000$/).waitFor();
  await carla.getByRole('button', { name: 'Submit proposal' }).click();
  // Both problems at once, each beside its field, in plain words.
  await carla.getByText('2 fields need a look; each is marked above.').waitFor();
  await carla.getByText(/^The lowest value type the number in digits/).waitFor();
  await carla.getByText('The chance of success is a percentage from 0 to 100, not 150').waitFor();
  expect(await axeViolations(carla, 'main')).toEqual([]);
  await shot(carla, '01-intake-problems-desktop');

  await carla.getByLabel('At least').fill('5.000');
  await carla.getByText(/^Understood as EUR\s5.000$/).waitFor();
  await carla.getByLabel('Chance of success (%)').fill('70');
  await carla.getByRole('button', { name: 'Submit proposal' }).click();
  await carla.getByRole('heading', { name: 'My proposals' }).waitFor();
  await carla.getByRole('article', { name: TITLE }).getByText('Waiting for review').waitFor();
  const stored = (await carla.evaluate(() => fetch('/api/use-cases/supplier-delivery-risk-radar').then((r) => r.json()))) as { use_case: { value_streams: { inputs: Record<string, unknown> }[]; costs: unknown; probability_of_success: number } };
  expect(stored.use_case.value_streams[0]!.inputs.monthly_value).toEqual({ low: 5000, likely: 8000, high: 12000 });
  expect(stored.use_case.costs).toEqual({ build: 20000, run_monthly: 500 });
  expect(stored.use_case.probability_of_success).toBe(0.7);
  expect(await axeViolations(carla, 'main')).toEqual([]);
  await shot(carla, '02-my-proposals-desktop');

  // The typo'd duplicate: the first is listed as similar while the title is typed.
  await fillIntake(carla, TYPO, '5.000');
  await carla.getByRole('status').filter({ hasText: 'reading alike' }).getByRole('link', { name: TITLE }).waitFor();
  await shot(carla, '03-intake-similar-desktop');
  await carla.getByRole('button', { name: 'Submit proposal' }).click();
  // On submit too: My proposals shows the new one beside what it reads like.
  await carla.getByRole('article', { name: TYPO }).getByRole('link', { name: TITLE }).waitFor();
  // Not ranked while proposed.
  const before = (await carla.evaluate(() => fetch('/api/portfolio').then((r) => r.json()))) as { use_cases: { id: string }[] };
  expect(before.use_cases.map((u) => u.id)).not.toContain('supplier-delivery-risk-radar');
  await carla.close();

  const petra = await signedIn('petra', { width: 1366, height: 768 });
  await petra.goto(`${server.url}/`);
  await petra.getByRole('link', { name: 'Proposals', exact: true }).click();
  const dup = petra.getByRole('article', { name: TYPO });
  await dup.getByRole('link', { name: TITLE }).waitFor();
  expect(await axeViolations(petra, 'main')).toEqual([]);
  await shot(petra, '04-proposals-desktop');
  await dup.getByLabel('Duplicate of').selectOption('supplier-delivery-risk-radar');
  await dup.getByRole('button', { name: 'Merge into it' }).click();
  await petra.getByRole('status').getByText(`Merged “${TYPO}” into “${TITLE}”.`).waitFor();
  expect(await dup.count()).toBe(0);
  const first = petra.getByRole('article', { name: TITLE });
  await first.getByRole('button', { name: 'Accept' }).click();
  await petra.getByRole('status').getByText(`Accepted “${TITLE}”: it now counts in the ranking and the roadmap.`).waitFor();
  await shot(petra, '05-proposals-decided-desktop');

  const after = (await petra.evaluate(() => fetch('/api/portfolio').then((r) => r.json()))) as { use_cases: { id: string }[] };
  expect(after.use_cases.map((u) => u.id)).toContain('supplier-delivery-risk-radar');
  expect(after.use_cases.map((u) => u.id)).not.toContain('suplier-delivery-risk-radr');
  await petra.goto(`${server.url}/use-cases/suplier-delivery-risk-radr`);
  await petra.getByText('Proposal by carla:').locator('..').getByRole('link', { name: TITLE }).waitFor();
  await petra.goto(`${server.url}/use-cases/supplier-delivery-risk-radar`);
  await petra.getByText('Proposal by carla:').waitFor();
  await petra.getByText('Accepted', { exact: true }).waitFor();
  await shot(petra, '06-use-case-accepted-desktop');
  await petra.goto(`${server.url}/`);
  await petra.getByRole('link', { name: TITLE }).first().waitFor();
  await petra.close();
}, 180_000);

it('fits a phone: the intake, my proposals and the proposals page scroll only downwards and pass axe', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const phone = { width: 390, height: 844 };
  const carla = await signedIn('carla', phone);
  await fillIntake(carla, 'Phone-made proposal for invoices', '5.000');
  await carla.getByText(/^Understood as EUR\s5.000$/).waitFor();
  expect(await sideways(carla)).toBe(0);
  expect(await axeViolations(carla, 'main')).toEqual([]);
  await shot(carla, '07-intake-phone');
  await carla.getByRole('button', { name: 'Submit proposal' }).click();
  await carla.getByRole('heading', { name: 'My proposals' }).waitFor();
  await carla.getByRole('article', { name: 'Phone-made proposal for invoices' }).getByRole('button', { name: 'Change it' }).click();
  await carla.getByLabel('What should be true afterwards?').fill('Every invoice matched within a day');
  await carla.getByRole('button', { name: 'Save changes' }).click();
  await carla.getByRole('button', { name: 'Change it' }).first().waitFor();
  expect(await sideways(carla)).toBe(0);
  expect(await axeViolations(carla, 'main')).toEqual([]);
  await shot(carla, '08-my-proposals-phone');
  await carla.close();

  const petra = await signedIn('petra', phone);
  await petra.goto(`${server.url}/proposals`);
  await petra.getByRole('article', { name: 'Phone-made proposal for invoices' }).waitFor();
  expect(await sideways(petra)).toBe(0);
  expect(await axeViolations(petra, 'main')).toEqual([]);
  await shot(petra, '09-proposals-phone');
  await petra.close();
}, 180_000);
