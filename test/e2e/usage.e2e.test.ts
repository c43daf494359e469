// The usage views in real headless Chromium against a real server over Northwind with 90
// simulated days (examples/northwind/simulate-usage.ts, sent by its own sender to the
// server's POST /v1/traces with an ingest token, as `npm run demo` does): the portfolio's Usage
// page and the usage section of a use case, on a laptop (1366x768) and a phone (390x844),
// never scrolling sideways on the phone. Screenshots go to test-results/screenshots.
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendSpans, simulateUsage } from '../../examples/northwind/simulate-usage.js';
import { sha256 } from '../../src/server/auth/principal.js';
import { type RunningServer } from '../../src/server/server.js';
import { insertApiToken } from '../../src/store/api-token-repository.js';
import { newId, recordEvidence } from '../../src/store/evidence-repository.js';
import { findCredentials } from '../../src/store/user-repository.js';
import { T0 } from '../support/server-app.js';
import { CHROMIUM, launchChromium, northwindStore, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';


let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await northwindStore('usage');
  await recordEvidence(store.db, {
    useCaseId: 'invoice-processing',
    kind: 'benchmark_result',
    at: T0,
    by: 'admin',
    source: 'traction bench run',
    payload: { run_id: 'run_1', url: 'http://model', requests: 500, p50_ms: 3900, p95_ms: 6100, p99_ms: 7000, error_rate: 0.01, cost_per_1k_requests: 14, slo_met: true, slo_verdicts: [{ key: 'p95_ms', threshold: 9000, observed: 6100, met: true }] },
  });
  server = await startNorthwindServer(store);
  const admin = (await findCredentials(store.db, 'admin'))!.user;
  const token = `trc_${newId('secret')}`;
  await insertApiToken(store.db, { id: newId('tok'), userId: admin.id, name: 'simulator', scope: 'ingest', tokenHash: sha256(token), expiresAt: null }, 'seed', T0);
  const sent = await sendSpans(simulateUsage(42, new Date()), server.url, token, 2048);
  expect([sent.failedBatches, sent.rejected]).toEqual([0, 0]);
  browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: 'admin-password-1' } });
  expect(r.status()).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = async (name: string) => {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await page.screenshot({ path: path.join(SHOTS, `${name}-full.png`), fullPage: true });
};

/** WCAG 2 A and AA violations inside `selector`, found by axe-core in the page, as "rule: element". */
async function axeViolations(selector: string): Promise<string[]> {
  return axe(page, selector);
}

/** How far the element reaches past the window's right edge, in CSS pixels (0: no sideways scrolling). */
const overflow = (selector: string) => page.locator(selector).evaluate((el) => Math.max(0, Math.ceil(el.getBoundingClientRect().right) - el.ownerDocument.documentElement.clientWidth, el.scrollWidth - el.clientWidth));

it('shows every deployed use case on the Usage page, with what needs a look', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/usage`);
  await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor();
  const cards = page.locator('.usage-card');
  expect(await cards.locator('h2').allTextContents()).toEqual(['Customer-service assistant on an LLM', 'Demand forecasting per SKU and warehouse', 'Supplier invoice processing automation', 'Product data enrichment with an LLM']);
  expect(await cards.filter({ hasText: 'Demand' }).locator('.flag').allTextContents()).toEqual(['Use is falling', 'Some models have no price']);
  expect(await axeViolations('.usage-cards')).toEqual([]);
  await shot('usage-01-portfolio');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow('.usage-cards')).toBe(0);
  expect(await overflow('header.top')).toBe(0);
  await shot('usage-02-portfolio-phone');
  await page.setViewportSize({ width: 1366, height: 768 });
});

it("shows a use case's adoption curve, cost against budget, response time against its limit and value from use", async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/use-cases/invoice-processing`);
  const usage = page.locator('section[aria-labelledby="usage"]');
  await usage.locator('figure').first().waitFor();
  expect(await usage.locator('figure[aria-label^="People using it per week"]').getAttribute('aria-label')).toContain('meant for 20 people');
  expect(await usage.locator('figure[aria-label^="Model cost per month"] .recharts-bar-rectangle').count()).toBe(4);
  await usage.locator('figure[aria-label^="Response time per day"] .recharts-line-curve').first().waitFor({ state: 'attached' });
  expect(await usage.textContent()).toMatch(/Response time limit 9,000 ms \(benchmarked 2026-03-02\): in production over the last 7 days, 99 in 100 requests took at most [\d,]+ ms (within|over) the limit/);
  expect(await usage.textContent()).not.toContain('Treasury');
  expect(await axeViolations('section[aria-labelledby="usage"]')).toEqual([]);
  await usage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'usage-03-use-case.png') });
  await usage.screenshot({ path: path.join(SHOTS, 'usage-03-use-case-section.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await usage.locator('figure').first().waitFor();
  expect(await overflow('section[aria-labelledby="usage"]')).toBe(0);
  await usage.screenshot({ path: path.join(SHOTS, 'usage-04-use-case-section-phone.png') });
  await page.goto(`${server.url}/use-cases/product-data-enrichment`);
  const spike = page.locator('section[aria-labelledby="usage"]');
  await spike.locator('figure').first().waitFor();
  await spike.screenshot({ path: path.join(SHOTS, 'usage-05-cost-spike-phone.png') });
  await page.setViewportSize({ width: 1366, height: 768 });
});

it('shows the value realised from use in the KPI panel, by itself, beside the KPI-based value', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.goto(`${server.url}/use-cases/invoice-processing`);
  const kpis = page.locator('section[aria-labelledby="kpis"]');
  const fromUse = kpis.locator('[aria-label="Value realised from use"]');
  await fromUse.waitFor();
  expect(await fromUse.locator('.label').allTextContents()).toEqual(['Realised from use to date', 'Costs to date', 'ROI to date (from use)', 'Last full month (from use)']);
  expect(await fromUse.locator('.value').first().textContent()).toMatch(/[1-9]/);
  expect(await axeViolations('section[aria-labelledby="kpis"]')).toEqual([]);
  await kpis.scrollIntoViewIfNeeded();
  await kpis.screenshot({ path: path.join(SHOTS, 'usage-06-kpi-value-from-use.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await fromUse.waitFor();
  expect(await overflow('section[aria-labelledby="kpis"]')).toBe(0);
  await kpis.screenshot({ path: path.join(SHOTS, 'usage-07-kpi-value-from-use-phone.png') });
  await page.setViewportSize({ width: 1366, height: 768 });
});
