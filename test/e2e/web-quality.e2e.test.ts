// Quality a person notices, on every page of the dashboard, in real headless Chromium against a
// real server over Northwind (plus one use case whose title, owner and problem are a single
// 10,000-character word): on a laptop (1366x768) and a phone (390x844) each page names itself in
// the tab, never scrolls sideways, and has no serious or critical axe-core violation; unknown
// addresses get a not-found page; the scripts come compressed and cached by content hash; sort
// arrows say the order the rows are in; the Gantt's quarter headings do not overlap; the tornado
// names inputs as people say them. Screenshots go to test-results/screenshots (web-quality-*).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useCaseSchema } from '../../src/domain/use-case.js';
import { type RunningServer } from '../../src/server/server.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore } from '../../src/store/store.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { T0 } from '../support/server-app.js';
import { ADMIN_PASSWORD, CHROMIUM, launchChromium, NORTHWIND, prepareBrowserTests, SHOTS, startNorthwindServer, axeViolations as axe } from '../support/e2e.js';

const WORD = 'Supercalifragilisticexpialidocious'.repeat(300).slice(0, 10_000);
let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
let round = '';

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  const store = await openStore({ kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), 'traction-quality-e2e-')), 'traction.db') });
  const { workspace } = await loadWorkspace(NORTHWIND);
  const model = workspace!.useCases.find((u) => u.id === 'invoice-processing')!;
  const long = useCaseSchema.parse({ ...model, id: 'long-word', title: WORD, owner: WORD, problem: WORD, department: WORD, depends_on: [] });
  await applyDefinitions(store, workspaceDefinitions({ ...workspace!, useCases: [...workspace!.useCases, long] }), 'seed', T0);
  server = await startNorthwindServer(store);
  browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(r.status()).toBe(200);
  const csrf = ((await r.json()) as { csrf_token: string }).csrf_token;
  const opened = await page.request.post(`${server.url}/api/assessment/rounds`, { data: { title: `Round ${WORD}` }, headers: { 'x-csrf-token': csrf } });
  // A round title is at most 120 characters: the long word is refused there, and a plain one is used.
  round = opened.ok() ? ((await opened.json()) as { id: string }).id : ((await (await page.request.post(`${server.url}/api/assessment/rounds`, { data: { title: 'AI readiness December 2026' }, headers: { 'x-csrf-token': csrf } })).json()) as { id: string }).id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every page, the heading it shows when ready, and the title its tab should carry. */
const PAGES = () => [
  { name: 'portfolio', url: '/', heading: 'Portfolio', title: 'Portfolio · Traction' },
  { name: 'roadmap', url: '/roadmap', heading: 'Roadmap', title: 'Roadmap · Traction' },
  { name: 'usage', url: '/usage', heading: 'Usage', title: 'Usage · Traction' },
  { name: 'data', url: '/data', heading: 'Data readiness', title: 'Data readiness · Traction' },
  { name: 'dataset', url: '/data/invoices', heading: 'Data readiness', title: /· Data readiness · Traction$/ },
  { name: 'intake', url: '/intake', heading: 'Propose a use case', title: 'Propose a use case · Traction' },
  { name: 'import', url: '/import', heading: 'Import use cases', title: 'Import use cases · Traction' },
  { name: 'use-case', url: '/use-cases/invoice-processing', heading: 'Supplier invoice processing automation', title: 'Supplier invoice processing automation · Traction' },
  { name: 'long-word', url: '/use-cases/long-word', heading: WORD, title: `${WORD} · Traction` },
  { name: 'assessment', url: '/assessment', heading: 'AI readiness', title: 'AI readiness · Traction' },
  { name: 'round', url: `/assessment/rounds/${round}`, heading: /^Round|AI readiness December/, title: /· Traction$/ },
  { name: 'answer', url: `/assessment/rounds/${round}/answer`, heading: null, title: /^Answer: .* · Traction$/ },
  { name: 'notification-settings', url: '/settings/notifications', heading: 'Notification settings', title: 'Notification settings · Traction' },
  { name: 'admin-notifications', url: '/admin/notifications', heading: 'Administration', title: 'Administration: Notifications · Traction' },
  { name: 'not-found', url: '/no/such/page', heading: 'Page not found', title: 'Page not found · Traction' },
  { name: 'pulse-link', url: '/pulse/respond', heading: 'This link cannot be used', title: 'A short survey · Traction' },
];

/** Serious and critical WCAG 2 A/AA violations axe-core finds in the page, as "rule: element". */
async function axeViolations(): Promise<string[]> {
  return axe(page, 'document', { seriousOnly: true });
}

/** How far the page reaches past the window's right edge, in CSS pixels, and the widest culprits. */
const sideways = () =>
  page.evaluate<{ over: number; culprits: string[] }>(`(() => {
    const width = window.innerWidth;
    const over = document.documentElement.scrollWidth - width;
    const culprits = over > 0 ? [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1).slice(-3).map((e) => e.tagName.toLowerCase() + '.' + e.className) : [];
    return { over: Math.max(0, over), culprits };
  })()`);

async function visit(p: ReturnType<typeof PAGES>[number]) {
  await page.goto(`${server!.url}${p.url}`);
  if (p.heading) await page.getByRole('heading', { level: 1, name: p.heading }).first().waitFor();
  else await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.title()).toMatch(typeof p.title === 'string' ? new RegExp(`^${p.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : p.title);
}

for (const [size, viewport] of [
  ['laptop', { width: 1366, height: 768 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  it(`at ${viewport.width}x${viewport.height} every page names itself, fits the width and passes axe-core`, async ({ skip }) => {
    if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
    await page.setViewportSize(viewport);
    const problems: string[] = [];
    for (const p of PAGES()) {
      await visit(p);
      const s = await sideways();
      if (s.over > 0) problems.push(`${p.name}: ${s.over} px sideways (${s.culprits.join(', ')})`);
      for (const v of await axeViolations()) problems.push(`${p.name}: ${v}`);
// Full pages on the phone, except where the 10,000-character word makes them too tall to view.
      await page.screenshot({ path: path.join(SHOTS, `web-quality-${size}-${p.name}.png`), fullPage: size === 'phone' && !['long-word', 'portfolio', 'answer'].includes(p.name) });
    }
    expect(problems).toEqual([]);
  }, 240_000);
}

it('shows a not-found page for an unknown address, with the way back', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${server.url}/use-case/typo`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  expect(await page.locator('main').textContent()).toContain('/use-case/typo');
  await page.getByRole('link', { name: 'Go to the portfolio' }).click();
  await page.getByRole('heading', { level: 1, name: 'Portfolio' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
});

it('sends each page its own script, compressed and cached by content hash', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  const scripts: { url: string; encoding: string | undefined; cache: string | undefined }[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.push({ url: new URL(r.url()).pathname, encoding: r.headers()['content-encoding'], cache: r.headers()['cache-control'] });
  });
  await page.goto(`${server.url}/`);
  await page.locator('table.ranking').waitFor();
  const first = scripts.map((s) => s.url);
  await page.getByRole('link', { name: 'Roadmap', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Roadmap' }).waitFor();
  // The roadmap's script arrives only when the roadmap opens: scripts are split per page.
  const later = scripts.map((s) => s.url).filter((u) => !first.includes(u));
  expect(later.some((u) => /\/assets\/roadmap-page-[\w-]+\.js$/.test(u))).toBe(true);
  expect(first.some((u) => /roadmap-page/.test(u))).toBe(false);
  expect(scripts.length).toBeGreaterThan(1);
  for (const s of scripts) expect([s.url, s.encoding, s.cache]).toEqual([s.url, 'br', 'public, max-age=31536000, immutable']);
  const html = await page.request.get(`${server.url}/roadmap`, { headers: { accept: 'text/html' } });
  expect(html.headers()['cache-control']).toBe('no-cache');
});

it('sorts a column the way its arrow says, from the first click', async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${server.url}/`);
  await page.locator('table.ranking').waitFor();
  const header = page.locator('table.ranking th', { hasText: 'Risk-adj. NPV' });
  const column = async () => {
    const i = await page.locator('table.ranking thead th').evaluateAll((ths) => ths.findIndex((th) => th.textContent?.includes('Risk-adj. NPV')));
    return page.locator(`table.ranking tbody tr td:nth-child(${i + 1})`).allTextContents();
  };
  const money = (s: string) => {
    const m = /(-?)[^\d-]*([\d.]+)([KMB]?)/.exec(s.replace(/,/g, ''))!;
    return (m[1] ? -1 : 1) * Number(m[2]) * ({ '': 1, K: 1e3, M: 1e6, B: 1e9 } as Record<string, number>)[m[3]!]!;
  };
  await header.getByRole('button').click();
  expect(await header.getAttribute('aria-sort')).toBe('descending');
  expect(await header.textContent()).toContain('▼');
  const down = (await column()).map(money);
  expect(down).toEqual([...down].sort((a, b) => b - a));
  await header.getByRole('button').click();
  expect(await header.getAttribute('aria-sort')).toBe('ascending');
  expect(await header.textContent()).toContain('▲');
  const up = (await column()).map(money);
  expect(up).toEqual([...up].sort((a, b) => a - b));
});

it("keeps the Gantt's quarter headings apart and names the tornado's inputs as people do", async ({ skip }) => {
  if (!browser || !server) return skip(`no Chromium at ${CHROMIUM}`);
  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto(`${server.url}/roadmap`);
    await page.locator('table.gantt').waitFor();
    const boxes = await page.locator('table.gantt thead th').evaluateAll((ths) =>
      ths.map((th) => {
        const r = th.getBoundingClientRect();
        return { left: r.left, right: r.right, fits: th.scrollWidth <= th.clientWidth + 1, text: th.textContent };
      }),
    );
    for (const [i, b] of boxes.entries()) {
      expect([b.text, b.fits]).toEqual([b.text, true]);
      if (i > 0) expect(b.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 1);
    }
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${server.url}/use-cases/invoice-processing`);
  const tornado = page.locator('figure.chart', { has: page.locator('.recharts-wrapper') }).filter({ hasText: 'input at low' });
  const ticks = tornado.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await ticks.first().waitFor();
  const labels = await ticks.allTextContents();
  // The API names inputs `<stream id>.<input_key>`; people read "Stream: input".
  const api = (await (await page.request.get(`${server.url}/api/use-cases/invoice-processing/business-case`)).json()) as { tornado: { input: string }[] };
  expect(api.tornado.some((t) => /[._]/.test(t.input))).toBe(true);
  expect(labels.length).toBe(Math.min(8, api.tornado.length));
  for (const l of labels) expect(l).not.toMatch(/[._]/);
  expect(labels.some((l) => l.includes(': '))).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'web-quality-laptop-tornado.png'), fullPage: true });
});
