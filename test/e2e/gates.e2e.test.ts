// A use case through its gate in real headless Chromium, against a real server over the
// Northwind workspace (churn-prediction, in pilot; its gate to production asks for an
// experiment verdict, the production-readiness rubric, a benchmark and four sign-offs). The AI
// lead records KPI values (a bad file is refused with its rows named), uploads the pilot's
// experiment and answers the rubric; each approver signs off with a note, the criterion
// waiting for the others in amber meanwhile; the final approver advances it from the page.
// The benchmark comes from the load-test tool, so it is seeded as evidence. Desktop and phone
// sizes, axe-core on each state, screenshots in test-results/screenshots.
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { type RunningServer } from '../../src/server/server.js';
import { listDecisions } from '../../src/store/decision-repository.js';
import { listEvidence, recordEvidence } from '../../src/store/evidence-repository.js';
import type { Store } from '../../src/store/store.js';
import { createUser } from '../../src/store/user-repository.js';
import { T0 } from '../support/server-app.js';
import { CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';

const LEAD = 'j.becker@northwind.example'; // Head of Data & AI: technical lead
const APPROVERS = [
  { user: 's.huber@northwind.example', role: 'business owner' },
  { user: 'a.jansen@northwind.example', role: 'risk compliance' },
  { user: 'k.wagner@northwind.example', role: 'final approver' },
];
const PASSWORD = 'northwind-password-1';
const USE_CASE = '/use-cases/churn-prediction';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let store: Store | undefined;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  store = await northwindStore('gates');
  for (const username of [LEAD, ...APPROVERS.map((a) => a.user)])
    await createUser(store.db, { username, displayName: username.split('@')[0]!, role: 'approver', passwordHash: await hashPassword(PASSWORD), mustChangePassword: false }, 'seed', T0);
  await recordEvidence(store.db, {
    useCaseId: 'churn-prediction',
    kind: 'benchmark_result',
    at: T0,
    by: 'seed',
    source: 'load test of the scoring service',
    payload: { run_id: 'bench_e2e', url: 'http://scoring.internal', requests: 2000, p95_ms: 640, error_rate: 0.002, cost_per_1k_requests: null, slo_met: true },
  });
  server = await startNorthwindServer(store);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageAs(username: string, viewport: { width: number; height: number }, useCase = USE_CASE, gate = /^Gate Pilot → Production/): Promise<Page> {
  const page = await browser!.newPage({ viewport, bypassCSP: true });
  const r = await page.request.post(`${server!.url}/api/auth/login`, { data: { username, password: PASSWORD } });
  expect(r.status()).toBe(200);
  await page.goto(`${server!.url}${useCase}`);
  await page.getByRole('heading', { name: gate }).waitFor();
  return page;
}

/** WCAG 2 A and AA violations (serious or critical) inside `selector`, as "rule: element". */
async function axeViolations(page: Page, selector = 'article.use-case'): Promise<string[]> {
  return axe(page, selector, { seriousOnly: true });
}

async function shoot(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, `gates-${name}.png`), fullPage: true });
}

const row = (page: Page, criterion: RegExp) => page.locator('table.checklist tr', { hasText: criterion });

/** 200 accounts per arm; churned 1/0: 30% in control, 12% with the churn alerts. */
function experimentCsv(): string {
  const lines = ['unit,arm,churn-rate'];
  for (let i = 0; i < 200; i++) lines.push(`c${i},control,${i % 10 < 3 ? 1 : 0}`);
  for (let i = 0; i < 200; i++) lines.push(`t${i},treatment,${i % 25 < 3 ? 1 : 0}`);
  return `${lines.join('\n')}\n`;
}

it('takes churn-prediction from pilot to production in the browser: evidence, sign-offs with notes, advance', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const lead = await pageAs(LEAD, { width: 1366, height: 768 });
  expect(await row(lead, /Pilot experiment/).textContent()).toContain('no evidence yet');
  // The gate, KPI, rubric and decision panels name no command: the page does what they ask.
  await lead.locator('#rubric').waitFor();
  expect(await lead.locator('section:has(#gate), section:has(#kpis), section:has(#rubric), section:has(#decisions)').filter({ hasText: /traction |--as|--score/ }).count()).toBe(0);
  await shoot(lead, '01-lead-start-desktop');

  // KPI values: one from the form, a file refused with its bad row named, then a good file.
  await lead.getByLabel('Value', { exact: true }).fill('11.4');
  await lead.getByRole('button', { name: 'Record value' }).click();
  await lead.getByText(/Recorded Annual churn of active trade customers = 11.4/).waitFor();
  const file = lead.getByLabel(/Or upload a CSV file/);
  await file.setInputFiles({ name: 'churn.csv', mimeType: 'text/csv', buffer: Buffer.from('use_case,kpi,at,value\nchurn-prediction,churn-rate,2026-10-01,11.8\nchurn-prediction,churn-rate,2026-11-31,11.1\n') });
  await lead.getByRole('button', { name: 'Upload values' }).click();
  await lead.getByText('line 3, at:').waitFor();
  await shoot(lead, '02-kpi-file-refused-desktop');
  await file.setInputFiles({ name: 'churn.csv', mimeType: 'text/csv', buffer: Buffer.from('use_case,kpi,at,value\nchurn-prediction,churn-rate,2026-10-01,11.8\nchurn-prediction,churn-rate,2026-11-01,11.1\n') });
  await lead.getByRole('button', { name: 'Upload values' }).click();
  await lead.getByText('Imported 2 values.').waitFor();

  // The pilot's experiment: verdict and interval on the page, and the criterion met.
  await lead.getByLabel(/Results per unit/).setInputFiles({ name: 'pilot.csv', mimeType: 'text/csv', buffer: Buffer.from(experimentCsv()) });
  await lead.getByRole('button', { name: 'Analyse' }).click();
  await lead.getByText('It worked: the pilot improved its KPIs.').waitFor();
  expect(await lead.locator('.experiment-result td').nth(3).textContent()).toBe('-60.0%');
  await expect.poll(() => row(lead, /Pilot experiment/).textContent()).toContain('met');
  await shoot(lead, '03-experiment-desktop');

  // The rubric: two automated tests per section give a score of 2.
  await lead.getByText('Answer the tests').click();
  for (const test of ['Feature expectations are captured in a schema.', 'All features are beneficial.', 'Model specs are reviewed and submitted.', 'Offline and online metrics correlate.', 'Training is reproducible.', 'Model specs are unit tested.', 'Dependency changes result in notification.', 'Data invariants hold for inputs.'])
    await lead.getByRole('radiogroup', { name: test }).getByLabel('Automated').check();
  await shoot(lead, '04-rubric-desktop');
  await lead.getByRole('button', { name: 'Save answers' }).click();
  await lead.getByText('Answers saved; the score is now 2 of 7.').waitFor();
  await expect.poll(() => row(lead, /Production-readiness score/).textContent()).toMatch(/^✓ met/);

  // The technical lead signs off with a note: the sign-off criterion now waits for the others, in amber.
  await lead.getByLabel('Note with your technical lead sign-off (optional)').fill('Model card reviewed; rollback tested.');
  await lead.getByRole('button', { name: 'Approve as technical lead' }).click();
  await lead.getByText('Approved as technical lead.').waitFor();
  const waiting = row(lead, /Sign-off by/).locator('td').first();
  await expect.poll(() => waiting.textContent()).toContain('waiting for business owner and risk compliance and final approver sign-off');
  expect(await waiting.getAttribute('class')).toBe('status-warn');
  expect(await lead.getByRole('button', { name: /^Advance to/ }).count()).toBe(0);
  await shoot(lead, '05-waiting-desktop');
  await lead.close();

  for (const [i, a] of APPROVERS.entries()) {
    const page = await pageAs(a.user, { width: 1366, height: 768 });
    await page.getByLabel(`Note with your ${a.role} sign-off (optional)`).fill(`Checked by the ${a.role}.`);
    await page.getByRole('button', { name: `Approve as ${a.role}` }).click();
    await page.getByText(`Approved as ${a.role}.`).waitFor();
    if (i < APPROVERS.length - 1) {
      await page.close();
      continue;
    }
    // The last approval makes the gate pass: the final approver moves it on from the page.
    await page.getByText('4 of 4 criteria met, ready to move on').waitFor();
    // Everyone's notes are there for the one who decides.
    await page.getByText('“Model card reviewed; rollback tested.”').waitFor();
    await page.getByText('“Checked by the business owner.”').waitFor();
    await shoot(page, '06-ready-desktop');
    await page.getByRole('button', { name: 'Advance to Production' }).click();
    await page.getByText('Moved on to Production.').waitFor();
    await page.locator('#decisions ~ ol li', { hasText: 'Pilot → Production' }).waitFor();
    // Its value shows: the KPI panel with the value realised from the recorded values.
    await page.getByText('Realised to date').waitFor();
    await shoot(page, '07-advanced-desktop');
    await page.close();
  }
  const decisions = await listDecisions(store!.db, { useCaseId: 'churn-prediction' });
  expect(decisions.map((d) => [d.from, d.to, d.forced, d.actor])).toEqual([['pilot', 'production', false, 'k.wagner@northwind.example']]);
  const notes = (await listEvidence(store!.db, { useCaseId: 'churn-prediction', kind: 'signoff' })).map((e) => (e.payload as { note?: string }).note);
  expect(notes).toEqual(['Model card reviewed; rollback tested.', 'Checked by the business owner.', 'Checked by the risk compliance.', 'Checked by the final approver.']);
}, 240_000);

it('fits a phone: the gate checklist, the sign-off form, the rubric and the KPI forms without sideways scrolling', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  // dynamic-pricing waits at qualified -> poc; the technical lead's sign-off form shows there.
  const page = await pageAs(LEAD, { width: 390, height: 844 }, '/use-cases/dynamic-pricing', /^Gate Qualified → PoC/);
  await page.getByLabel('Note with your technical lead sign-off (optional)').waitFor();
  await page.getByRole('button', { name: 'Record value' }).waitFor();
  await page.getByRole('button', { name: 'Analyse' }).waitFor();
  await shoot(page, '08-signoff-kpis-phone');
  await page.getByText('Answer the tests').click();
  await shoot(page, '09-rubric-phone');
  await page.close();
}, 120_000);
