// The executive report on Northwind, end to end: a copy of the example workspace applied, its
// data checked, the pilot's KPI history and experiment recorded, the steering committee's
// evidence and the assessment rounds seeded, a scenario committed through the API. Then the
// report is fetched from the API as HTML and as PDF, the PDF is turned into text
// (poppler's pdftotext) and its key figures are compared with the API's own JSON; each PDF page
// is kept as a PNG (pdftoppm) and the HTML is looked at in Chromium at 1366x768 and 390x844.
// The CLI writes the same HTML the API answers. Without Chromium or poppler-utils the tests
// skip outside CI (`.ci/run` installs both).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/env.js';
import { money, signedPercent } from '../../src/report/report-format.js';
import { sampleReportModel } from '../../src/report/report-fixture.js';
import { renderReportHtml } from '../../src/report/report-html.js';
import { renderReportPdf } from '../../src/application/report-pdf.js';
import { buildApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedAssessment } from '../../examples/northwind/assessment/seed-assessment.js';
import { seedEvidence } from '../../examples/northwind/seed-evidence.js';
import { cli } from '../support/cli.js';
import { IN_CI } from '../support/databases.js';
import { ADMIN_PASSWORD, axeViolations, CHROMIUM, launchChromium, NORTHWIND, prepareBrowserTests, ROOT } from '../support/e2e.js';

const PAGES = path.join(ROOT, 'test-results', 'report');
const PILOT = 'customer-service-assistant';
const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;
const ready = existsSync(CHROMIUM) && hasPoppler;
if (!ready && IN_CI) throw new Error('the report test needs /usr/bin/chromium and poppler-utils (pdftotext, pdftoppm) under CI: apt-get install -y chromium poppler-utils');

const quiet = { stdout: { write: () => true }, stderr: process.stderr };

describe.skipIf(!ready)('the executive report of Northwind', () => {
  let ws: string;
  let store: Store;
  let server: RunningServer;
  let cookie: string;
  let browser: Browser;
  const get = async (url: string) => fetch(`${server.url}${url}`, { headers: { cookie } });
  const json = async <T>(url: string): Promise<T> => {
    const r = await get(url);
    expect(r.status, url).toBe(200);
    return (await r.json()) as T;
  };

  beforeAll(async () => {
    prepareBrowserTests(); // builds the dashboard, for the download button
    ws = path.join(mkdtempSync(path.join(tmpdir(), 'traction-report-')), 'northwind');
    cpSync(NORTHWIND, ws, { recursive: true, filter: (f) => !f.includes(`${path.sep}.traction`) });
    const step = async (args: string[], ok: number[] = [0]) => {
      const r = await cli(['-w', ws, ...args]);
      expect(ok, `traction ${args.join(' ')}: ${r.stderr}`).toContain(r.code);
    };
    await step(['apply']);
    await step(['data', 'check', '--as-of', '2026-11-15'], [0, 1]); // the planted defects fail some checks
    await step(['kpi', 'import', path.join(ws, 'kpis', `${PILOT}.csv`)]);
    await step(['experiment', 'analyze', '-i', path.join(ws, 'experiments', `${PILOT}.csv`), '-m', 'handle-time', '-g', 'csat', '--covariate', 'handle-time=pre_handle_time', '--margin', '0.02', '--usecase', PILOT], [0, 1]);
    await seedEvidence(ws, quiet, { ...process.env, NO_COLOR: '1' });
    store = await openStore({ kind: 'sqlite', file: path.join(ws, '.traction', 'traction.db') });
    await seedAssessment(store, ws, new Date());
    server = await startServer({ store, env: readEnv({ TRACTION_ADMIN_PASSWORD: ADMIN_PASSWORD, TRACTION_LOG_LEVEL: 'warn' }), port: 0, host: '127.0.0.1', workspaceRoot: ws, webDir: path.join(ROOT, 'web', 'dist'), logDestination: { write: () => undefined } });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
    const post = (url: string, body?: unknown) => fetch(`${server.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const saved = await post('/api/roadmap/scenarios', { name: 'Board plan 2027' });
    expect(saved.status).toBe(201);
    const committed = await post(`/api/roadmap/scenarios/${((await saved.json()) as { id: string }).id}/commit`);
    expect(committed.status).toBe(201);
    browser = await launchChromium();
    rmSync(PAGES, { recursive: true, force: true });
    mkdirSync(PAGES, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await store?.close();
  });

  it("prints a PDF whose text carries the API's figures, and keeps a picture of each page", async () => {
    const response = await get('/api/report?format=pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="northwind-trading-gmbh-report-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(PAGES, 'northwind-report.pdf');
    writeFileSync(file, pdf);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\u00a0/g, ' ');

    const portfolio = await json<{ use_cases: { title: string; npv: { expected: number; p10: number; p90: number } }[] }>('/api/portfolio');
    for (const u of portfolio.use_cases.slice(0, 3)) {
      expect(text, u.title).toContain(u.title);
      for (const v of [u.npv.expected, u.npv.p10, u.npv.p90]) expect(text, `${u.title} ${v}`).toContain(money(v));
    }
    const roadmap = await json<{ value: number }>('/api/roadmap');
    expect(text).toMatch(new RegExp(`total risk-adjusted NPV\\s+${money(roadmap.value)} EUR`));
    const decisions = await json<{ items: { scenario: { name: string }; funded: { title: string }[] }[] }>('/api/funding/decisions');
    const funded = decisions.items[0]!;
    expect(funded.funded.length).toBeGreaterThan(0);
    expect(text).toContain(`Funded by the plan ${funded.scenario.name}`);
    const fundedLine = text.slice(text.indexOf('Funded by the plan')).replace(/\s+/g, ' ');
    for (const f of funded.funded) expect(fundedLine).toContain(f.title);

    const evidence = await json<{ items: { payload: { kpi: string; relative_lift: number; relative_ci: [number, number] } }[] }>(`/api/use-cases/${PILOT}/evidence?kind=experiment_result`);
    const verdict = evidence.items[0]!.payload; // newest first
    expect(text).toContain(`${signedPercent(verdict.relative_ci[0])} to ${signedPercent(verdict.relative_ci[1])}`);
    expect(text).toContain(signedPercent(verdict.relative_lift));

    const kpis = await json<{ realised_value: { realised_to_date: number; costs_to_date: number } }>(`/api/use-cases/${PILOT}/kpis`);
    expect(kpis.realised_value.realised_to_date).toBeGreaterThan(0);
    expect(text).toContain(money(kpis.realised_value.realised_to_date));
    expect(text).toContain(money(kpis.realised_value.costs_to_date));

    const datasets = await json<{ items: { id: string; title: string | null; latest: { score: number | null } | null }[] }>('/api/datasets');
    const scored = datasets.items.filter((d) => d.latest?.score !== null && d.latest?.score !== undefined);
    expect(scored.length).toBeGreaterThan(3);
    const readiness = text.slice(text.indexOf('Data readiness'));
    for (const d of scored) expect(readiness, d.id).toMatch(new RegExp(`${(d.title ?? d.id).slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*\\s${Math.round(d.latest!.score!)}\\s`));

    const trend = await json<{ rounds: { title: string; overall: number | null; respondents: number }[] }>('/api/assessment/trend');
    const round = trend.rounds.filter((r) => r.respondents > 0).at(-1)!;
    expect(text).toContain(`overall ${round.overall!.toFixed(1)} of 5`);

    // The charts are vector graphics: their axis titles are text in the PDF, and the PDF holds no raster image at all (no logo here).
    for (const axis of ['Feasibility score (0–100)', 'Risk-adjusted expected NPV (EUR)', 'Readiness score (0–100)', 'Cumulative value (EUR)']) expect(text).toContain(axis);
    const images = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(images.length).toBe(2); // the header lines only

    // One picture per page, kept as an artefact; the cover is page 1 and each section starts a page.
    const pages = spawnSync('pdftoppm', ['-png', '-r', '60', file, path.join(PAGES, 'page')], { encoding: 'utf8' });
    expect(pages.status, pages.stderr).toBe(0);
    const pngs = readdirSync(PAGES).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(7);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pngs.length);
  }, 120_000);

  it('writes from the CLI the same HTML the API answers', async () => {
    const api = await (await get('/api/report?format=html')).text();
    const out = path.join(path.dirname(ws), 'report.html');
    const r = await cli(['-w', ws, 'report', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${out} (HTML`);
    expect(readFileSync(out, 'utf8')).toBe(api);
  }, 120_000);

  it('stands alone: no script, nothing fetched, no sideways scrolling, readable at 1366x768 and 390x844', async () => {
    const html = await (await get('/api/report?format=html')).text();
    expect(html).not.toMatch(/<script|\bhttps?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    for (const [name, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
      // bypassCSP lets the test add axe-core; the document's own policy would refuse any script.
      const context = await browser.newContext({ viewport, offline: true, bypassCSP: true });
      const requests: string[] = [];
      context.on('request', (q) => {
        if (!q.url().startsWith('data:')) requests.push(q.url());
      });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      expect(requests).toEqual([]);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(4);
      await page.screenshot({ path: path.join(PAGES, `html-${name}.png`), fullPage: true });
      expect(await axeViolations(page, 'document')).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('says what to install when no Chromium is found: 503 from the API, exit 2 from the CLI, no file written', async () => {
    const out = path.join(path.dirname(ws), 'never.pdf');
    const r = await cli(['-w', ws, 'report', '--format', 'pdf', '--out', out], { TRACTION_CHROMIUM: '/nonexistent/chromium' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('none was found at /nonexistent/chromium');
    expect(r.stderr).toContain('apt-get install chromium');
    expect(existsSync(out)).toBe(false);

    // The same store behind an app told of a Chromium that is not there (startServer's stop would close the store).
    const { app } = await buildApp({ store, workspaceRoot: ws, chromium: '/nonexistent/chromium', logLevel: 'warn', logDestination: { write: () => undefined } });
    try {
      const a = await app.inject({ method: 'GET', url: '/api/report?format=pdf', headers: { cookie } });
      expect(a.statusCode).toBe(503);
      const body = a.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('renderer_unavailable');
      expect(body.error.message).toContain('TRACTION_CHROMIUM');
    } finally {
      await app.close();
    }
  }, 60_000);
  it('downloads the report from the portfolio page, as a PDF and as a web page', async () => {
    for (const [name, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
      // bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP.
      const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
      expect((await context.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } })).status()).toBe(200);
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const pdfButton = page.getByRole('button', { name: 'Download report (PDF)' });
      await pdfButton.waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
      await page.locator('.page-head').screenshot({ path: path.join(PAGES, `dashboard-${name}.png`) });
      expect(await axeViolations(page, '.page-head')).toEqual([]);
      if (name === 'phone') {
        await context.close();
        continue;
      }
      const [pdf] = await Promise.all([page.waitForEvent('download'), pdfButton.click()]);
      expect(pdf.suggestedFilename()).toMatch(/^northwind-trading-gmbh-report-\d{4}-\d{2}-\d{2}\.pdf$/);
      const saved = path.join(PAGES, 'downloaded.pdf');
      await pdf.saveAs(saved);
      expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
      const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report (web page)' }).click()]);
      expect(html.suggestedFilename()).toMatch(/\.html$/);
      await html.saveAs(path.join(PAGES, 'downloaded.html'));
      expect(readFileSync(path.join(PAGES, 'downloaded.html'), 'utf8')).toContain('<h2>The portfolio</h2>');
      await context.close();
    }
  }, 120_000);

  it('prints with a browser that reaches neither the network nor files, even when a document asks it to', async () => {
    let hits = 0;
    const receiver = createServer((_q, res) => {
      hits += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const at = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      // Not a document Traction makes (it escapes all of this): one that tries every way out.
      const html = `<html><head><link rel="stylesheet" href="${at}/css"><style>@import "${at}/import"; body { background: url(${at}/bg) }</style></head>
        <body><img src="${at}/img"><img src="file:///etc/hostname"><iframe src="file:///etc/passwd"></iframe><script>fetch("${at}/script")</script><p>printed</p></body></html>`;
      const pdf = await renderReportPdf(html, CHROMIUM);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = path.join(path.dirname(ws), 'attack.pdf');
      writeFileSync(file, pdf);
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('printed');
      expect(text).not.toMatch(/root:|localhost/);
      expect(hits).toBe(0);
    } finally {
      receiver.close();
    }
  }, 60_000);

  it('keeps a hostile title inert and a 10,000-character word inside the page', async () => {
    const hostile = `<script>window.ran = 1</script></style><img src=x onerror="window.ran = 2">${'w'.repeat(10_000)}`;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, offline: true });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await page.setContent(renderReportHtml(sampleReportModel(hostile, hostile)), { waitUntil: 'load' });
    expect(await page.evaluate<number>('document.scripts.length + document.images.length')).toBe(0);
    expect(await page.evaluate<unknown>('window.ran')).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await context.close();
  }, 60_000);

  it("puts the client's name and logo on the cover, and refuses an active SVG or a logo outside the workspace, writing nothing", async () => {
    const dir = path.dirname(ws);
    const png = path.join(dir, 'logo.png');
    writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    const out = path.join(dir, 'branded.html');
    const ok = await cli(['-w', ws, 'report', '--client', 'Acme <Holding>', '--logo', png, '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Prepared for Acme &lt;Holding&gt;');
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo');

    const evil = path.join(dir, 'logo.svg');
    writeFileSync(evil, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>');
    const never = path.join(dir, 'never.html');
    const refused = await cli(['-w', ws, 'report', '--logo', evil, '--out', never]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('SVG refused: it contains an event handler attribute');
    expect(existsSync(never)).toBe(false);

    // The last test: it changes the stored traction.yaml.
    const yaml = path.join(ws, 'traction.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}\nreport:\n  client_name: Northwind board\n  logo: ../logo.png\n`);
    expect((await cli(['-w', ws, 'apply'])).code).toBe(0);
    const outside = await get('/api/report?format=html');
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as { error: { message: string } }).error.message).toContain('traction.yaml report.logo: "../logo.png" is outside the workspace');
  }, 120_000);
});
