// The assessment and the pulse in real headless Chromium against a real server over Northwind:
// a respondent without an account answers the assessment and a pulse survey on a phone
// (390x844) through their links; answering twice and a closed round are refused on the page in
// plain words; the results page shows the radar (with its table), every question and the gap
// report, whose action becomes a task in the browser; the pulse shows beside usage. Each page
// is checked with axe-core (WCAG 2 A/AA) and for sideways scrolling on the phone.
// Screenshots go to test-results/screenshots (assessment-*.png).
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../src/server/server.js';
import { CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';


let server: RunningServer | undefined;
let browser: Browser | undefined;
let admin: Page;
let phone: BrowserContext;
let csrf = '';
const state = { round: '', closedRound: '', links: [] as string[], closedLink: '', pulseLink: '' };

type Json = Record<string, unknown>;
async function post<T = Json>(url: string, data: unknown, headers: Record<string, string> = {}): Promise<T> {
  const r = await admin.request.post(`${server!.url}${url}`, { data, headers: { 'x-csrf-token': csrf, ...headers } });
  if (r.status() >= 300) throw new Error(`${url}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await northwindStore('assess');
  server = await startNorthwindServer(store);
  browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  admin = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const r = await admin.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: 'admin-password-1' } });
  expect(r.status()).toBe(200);
  csrf = ((await r.json()) as { csrf_token: string }).csrf_token;
  // A phone with no account and no cookie: only the links.
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });

  // A round with answers from leadership (the admin, logged in) and staff (through links), so the
  // results have scores and a disagreement; two more links for the phone.
  const round = await post<{ id: string }>('/api/assessment/rounds', { title: 'AI readiness December 2026' });
  state.round = round.id;
  const q = (await (await admin.request.get(`${server.url}/api/assessment/rounds/${round.id}/questionnaire`)).json()) as { pillars: { id: string; items: { id: string }[] }[] };
  const items = q.pillars.flatMap((p, pi) => p.items.map((i) => ({ item: i.id, pillar: pi })));
  await post(`/api/assessment/rounds/${round.id}/responses`, { group: 'leadership', answers: items.map((i) => ({ item: i.item, level: i.pillar < 2 ? 5 : 3 })) });
  const invites = await post<{ items: { token: string; path: string }[] }>(`/api/assessment/rounds/${round.id}/invitations`, { count: 4, expires_in_days: 14, note: 'warehouse staff' });
  for (const [k, inv] of invites.items.slice(0, 2).entries())
    await post('/api/assessment/respond', { group: 'staff', answers: items.map((i) => ({ item: i.item, level: i.pillar < 2 ? 2 : Math.min(5, 1 + ((i.pillar + k) % 4)) })) }, { 'x-invitation-token': inv.token });
  state.links = invites.items.slice(2).map((i) => i.path);
  const closed = await post<{ id: string }>('/api/assessment/rounds', { title: 'Closed round' });
  state.closedRound = closed.id;
  state.closedLink = (await post<{ items: { path: string }[] }>(`/api/assessment/rounds/${closed.id}/invitations`, { count: 1 })).items[0]!.path;
  await post(`/api/assessment/rounds/${closed.id}/close`, {});
  const survey = await post<{ id: string }>('/api/pulse/surveys', { use_case: 'invoice-processing' });
  state.pulseLink = (await post<{ links: { path: string }[] }>(`/api/pulse/surveys/${survey.id}/links`, { count: 1, department: 'Accounts Payable' })).links[0]!.path;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function axeViolations(page: Page, selector = 'main'): Promise<string[]> {
  return axe(page, selector);
}

/** How far the page reaches past the window's right edge, in CSS pixels (0: no sideways scrolling). */
const sideways = (page: Page) => page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)');

it('lets someone without an account answer the assessment on a phone through a link, once', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await phone.newPage();
  await page.goto(`${server.url}${state.links[0]}`);
  await page.getByRole('heading', { name: 'AI readiness December 2026', level: 1 }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  expect(await sideways(page)).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, 'assessment-01-link-phone.png') });
  // Sending without saying leadership or staff is refused on the page, nothing sent.
  await page.getByRole('button', { name: 'Send my answers' }).click();
  expect(await page.getByRole('alert').textContent()).toContain('leadership or as staff');
  await page.getByLabel(/^Staff/).check();
  const fieldsets = page.locator('.pillar fieldset');
  const n = await fieldsets.count();
  expect(n).toBeGreaterThan(30);
  for (let i = 0; i < n; i++) await fieldsets.nth(i).locator('input[type=radio]').nth(i % 5).check();
  await page.locator('.pillar fieldset').first().screenshot({ path: path.join(SHOTS, 'assessment-02-item-phone.png') });
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'assessment-03-thanks-phone.png') });
  // The same link again: refused, in words.
  await page.goto('about:blank');
  await page.goto(`${server.url}${state.links[0]}`);
  await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  expect(await page.getByRole('alert').textContent()).toMatch(/used already/);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'assessment-04-used-link-phone.png') });
  const round = (await (await admin.request.get(`${server.url}/api/assessment/rounds/${state.round}`)).json()) as { respondents: { total: number; staff: number } };
  expect(round.respondents).toMatchObject({ total: 4, staff: 3 });
  await page.close();
});

it('refuses a closed round on the page, and a link opened in two tabs answers once', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await phone.newPage();
  await page.goto(`${server.url}${state.closedLink}`);
  await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  expect(await page.getByRole('alert').textContent()).toMatch(/closed|no longer/i);
  await page.screenshot({ path: path.join(SHOTS, 'assessment-05-closed-round-phone.png') });
  // Two tabs on one link: the second send is refused with the reason, not lost silently.
  const [a, b] = [page, await phone.newPage()];
  for (const p of [a, b]) {
    await p.goto(`${server.url}${state.links[1]}`);
    await p.getByLabel(/^Leadership/).check();
    await p.locator('.pillar fieldset').first().locator('input[type=radio]').nth(3).check();
  }
  await a.getByRole('button', { name: 'Send my answers' }).click();
  await a.getByRole('heading', { name: 'Thank you' }).waitFor();
  await b.getByRole('button', { name: 'Send my answers' }).click();
  await b.locator('.submit-bar [role=alert]').waitFor();
  expect(await b.locator('.submit-bar [role=alert]').textContent()).toMatch(/used already/);
  await b.screenshot({ path: path.join(SHOTS, 'assessment-06-answered-twice-phone.png') });
  await a.close();
  await b.close();
});

it('shows the results with the radar and its table, every question, and the gap report whose action becomes a task', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await admin.goto(`${server.url}/assessment`);
  await admin.getByRole('heading', { name: 'AI readiness', level: 1 }).waitFor();
  expect(await axeViolations(admin)).toEqual([]);
  await admin.screenshot({ path: path.join(SHOTS, 'assessment-07-rounds.png'), fullPage: true });
  await admin.getByRole('link', { name: 'AI readiness December 2026' }).click();
  const radar = admin.locator('figure.radar svg[role=img]');
  await radar.waitFor();
  expect(await radar.getAttribute('aria-label')).toMatch(/^Radar chart of readiness by pillar, 1 to 5: Strategy \d\.\d/);
  expect(await admin.locator('figure.radar polygon[stroke="#3563c9"]').count()).toBe(1);
  await admin.locator('section[aria-labelledby="scores"]').screenshot({ path: path.join(SHOTS, 'assessment-08-radar.png') });
  const table = admin.locator('table.pillar-table');
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
  expect(await admin.getByRole('heading', { name: 'Where leadership and staff see it differently' }).count()).toBe(1);
  expect(await admin.getByRole('heading', { name: /gap report/ }).count()).toBe(1);
  expect(await admin.locator('.gap-action').count()).toBeGreaterThan(0);
  expect(await admin.locator('section[aria-labelledby="bench"] li').first().textContent()).toMatch(/20\d\d/);
  await admin.locator('details').first().locator('summary').click();
  expect(await axeViolations(admin)).toEqual([]);
  await admin.screenshot({ path: path.join(SHOTS, 'assessment-08-results.png') });
  await admin.screenshot({ path: path.join(SHOTS, 'assessment-08-results-full.png'), fullPage: true });
  const action = admin.locator('.gap-action').first();
  await action.getByRole('button', { name: 'Make it a task' }).click();
  await action.getByRole('status').waitFor();
  expect(await action.getByRole('status').textContent()).toMatch(/^Task “.+” added\.$/);
  await action.getByText(/^Task: /).first().waitFor();
  await admin.setViewportSize({ width: 390, height: 844 });
  await radar.waitFor();
  expect(await sideways(admin)).toBe(0);
  await admin.screenshot({ path: path.join(SHOTS, 'assessment-09-results-phone.png') });
  await admin.locator('section[aria-labelledby="scores"]').screenshot({ path: path.join(SHOTS, 'assessment-09-radar-phone.png') });
  await admin.locator('section[aria-labelledby="gap"]').screenshot({ path: path.join(SHOTS, 'assessment-10-gap-phone.png') });
  await admin.setViewportSize({ width: 1366, height: 768 });
});

it('runs a round from the browser: links to copy, and closing it', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await admin.goto(`${server.url}/assessment/rounds/${state.round}`);
  const section = admin.locator('section[aria-labelledby="admin"]');
  await section.waitFor();
  await section.getByLabel('Links to make').fill('2');
  await section.getByRole('button', { name: 'Make invitation links' }).click();
  const links = section.locator('textarea');
  await links.waitFor();
  const made = (await links.inputValue()).split('\n');
  expect(made).toHaveLength(2);
  expect(made[0]).toMatch(new RegExp(`^${server.url}/assessment/respond#inv_[A-Za-z0-9_-]{43}$`));
  expect(await axeViolations(admin, 'section[aria-labelledby="admin"]')).toEqual([]);
  await section.screenshot({ path: path.join(SHOTS, 'assessment-11-admin.png') });
  admin.once('dialog', (d) => void d.accept());
  await section.getByRole('button', { name: 'Close the round' }).click();
  await admin.getByText(/This round is closed/).waitFor();
  // A link made before closing no longer opens the questions.
  const page = await phone.newPage();
  await page.goto(made[0]!);
  await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  await page.close();
});

it('lets a user answer the pulse on a phone, once, and shows it beside usage', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const page = await phone.newPage();
  await page.goto(`${server.url}${state.pulseLink}`);
  await page.getByRole('heading', { name: /How is Supplier invoice processing automation working for you/ }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  expect(await sideways(page)).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, 'assessment-12-pulse-phone.png'), fullPage: true });
  await page.getByRole('button', { name: 'Send my answer' }).click();
  expect(await page.getByRole('alert').textContent()).toContain('4 left');
  for (const fs of await page.locator('fieldset.statement').all()) await fs.getByLabel('Agree', { exact: true }).check();
  await page.getByRole('button', { name: 'Send my answer' }).click();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  await page.goto('about:blank');
  await page.goto(`${server.url}${state.pulseLink}`);
  expect(await page.getByRole('alert').textContent()).toMatch(/used already/);
  await page.close();
  // One answer: fewer than five, so the use case's page shows no figures.
  await admin.goto(`${server.url}/use-cases/invoice-processing`);
  const pulse = admin.locator('section[aria-labelledby="pulse"]');
  await pulse.locator('table').waitFor();
  expect(await pulse.locator('tbody tr').first().textContent()).toContain('fewer than 5');
  expect(await axeViolations(admin, 'section[aria-labelledby="pulse"]')).toEqual([]);
  await pulse.screenshot({ path: path.join(SHOTS, 'assessment-13-pulse-panel.png') });
  await admin.setViewportSize({ width: 390, height: 844 });
  // The section itself: it neither reaches past the window nor scrolls sideways inside.
  expect(await pulse.evaluate((el) => Math.max(0, Math.ceil(el.getBoundingClientRect().right) - el.ownerDocument.documentElement.clientWidth, el.scrollWidth - el.clientWidth))).toBe(0);
  await pulse.screenshot({ path: path.join(SHOTS, 'assessment-14-pulse-panel-phone.png') });
  await admin.setViewportSize({ width: 1366, height: 768 });
});
