// One owner per definition, in real headless Chromium against a real server over a copy of the
// Northwind workspace: a contributor changes a use case's title through the browser and
// proposes a new use case with the intake form; `traction apply` (in-process CLI) keeps both
// instead of reverting the title and archiving the proposal; `traction pull` writes them into
// the files; afterwards apply changes nothing and `export` holds what the files hold. The
// badge on the use-case page and in the dataset detail says where each definition is kept.
// Each test has its own workspace, store, server and login; axe-core finds no WCAG 2 A/AA
// violation at 1366x768 or 390x844, and nothing scrolls sideways on the phone.
// Screenshots go to test-results/screenshots.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { readEnv } from '../../src/env.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createUser } from '../../src/store/user-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { cli } from '../support/cli.js';
import { CHROMIUM, launchChromium, NORTHWIND, prepareBrowserTests, ROOT, SHOTS, axeViolations as axe } from '../support/e2e.js';
import { T0 } from '../support/server-app.js';

let browser: Browser | undefined;
const running: { server: RunningServer; store: Store }[] = [];

beforeAll(async () => {
  if (!prepareBrowserTests()) return;
  browser = await launchChromium();
});

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.server.stop();
    await r.store.close().catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
});

/** A copy of Northwind's definition files, applied by the CLI, served with its own store; a contributor signed in at `viewport`. */
async function setUp(viewport: { width: number; height: number }) {
  const ws = mkdtempSync(path.join(tmpdir(), 'traction-ownership-e2e-'));
  for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources', 'schemas']) cpSync(path.join(NORTHWIND, part), path.join(ws, part), { recursive: true });
  const applied = await cli(['apply', '-w', ws]);
  expect(applied.code).toBe(0);
  const store = await openStore({ kind: 'sqlite', file: path.join(ws, '.traction', 'traction.db') });
  await createUser(store.db, { username: 'carla', displayName: 'Carla Contributor', role: 'contributor', passwordHash: await hashPassword('carla-password-1'), mustChangePassword: false }, 'seed', T0);
  const env = readEnv({ TRACTION_LOG_LEVEL: 'warn' });
  const server = await startServer({ store, env, port: 0, host: '127.0.0.1', webDir: path.join(ROOT, 'web', 'dist'), workspaceRoot: ws, logDestination: { write: () => undefined } });
  running.push({ server, store });
  const page = await browser!.newPage({ viewport, bypassCSP: true });
  const login = await page.request.post(`${server.url}/api/auth/login`, { data: { username: 'carla', password: 'carla-password-1' } });
  expect(login.status()).toBe(200);
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return { ws, server, page, csrf: csrf_token };
}

async function axeViolations(page: Page, selector: string): Promise<string[]> {
  return axe(page, selector, { seriousOnly: true });
}

/** Every live definition as kind:id:hash, from the workspace files at `dir`. */
async function definitionsIn(dir: string): Promise<string[]> {
  const { workspace, problems } = await loadWorkspace(dir);
  expect(problems).toEqual([]);
  return workspaceDefinitions(workspace!).map((d) => `${d.kind}:${d.id}:${d.hash}`).sort();
}

const badge = (page: Page) => page.locator('.page-head .badge[class*="owner-"]');

it('keeps a title changed and a use case proposed in the browser through apply, and pull writes both into the files', async ({ skip }) => {
  if (!browser) return skip(`no Chromium at ${CHROMIUM}`);
  const { ws, server, page, csrf } = await setUp({ width: 1366, height: 768 });
  const file = path.join(ws, 'usecases/churn-prediction.yaml');
  const before = readFileSync(file, 'utf8');

  await page.goto(`${server.url}/use-cases/churn-prediction`);
  await page.getByRole('heading', { name: 'Churn prediction for trade customers' }).waitFor();
  expect(await badge(page).textContent()).toBe('In the workspace files');

  // The title changed through the browser's session, as the dashboard's api() sends it.
  const status = await page.evaluate(
    async ([token]) => (await fetch('/api/use-cases/churn-prediction', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': token! }, body: JSON.stringify({ title: 'Churn risk for trade customers' }) })).status,
    [csrf],
  );
  expect(status).toBe(200);
  await page.reload();
  await page.getByRole('heading', { name: 'Churn risk for trade customers' }).waitFor();
  expect(await badge(page).textContent()).toBe('Changed here, not yet in the files');
  expect(await axeViolations(page, 'article.use-case')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'ownership-01-changed-desktop.png') });

  // A proposal through the intake form.
  await page.goto(`${server.url}/intake`);
  await page.getByRole('heading', { name: 'Propose a use case' }).waitFor();
  await page.getByLabel('Title').fill('Supplier question assistant');
  await page.getByLabel('What goes wrong today, and for whom?').fill('Buyers answer the same supplier questions by e-mail every day');
  await page.getByLabel('What should be true afterwards?').fill('Suppliers find answers themselves, buyers handle exceptions');
  await page.getByLabel('Sponsor').fill('Head of Purchasing');
  await page.getByLabel('Department').fill('Purchasing');
  await page.getByLabel('Delivery team').selectOption('digital');
  await page.getByLabel('At least').fill('2000');
  await page.getByLabel('Most likely').fill('4000');
  await page.getByLabel('At most').fill('7000');
  await page.getByLabel('One-off build cost').fill('30000');
  await page.getByLabel('Run cost per month').fill('500');
  await page.getByLabel('Effort (person-weeks)').fill('6');
  await page.getByRole('button', { name: 'Submit proposal' }).click();
  // The intake lands on "My proposals"; the proposal's page shows where it is kept.
  await page.getByRole('heading', { name: 'My proposals' }).waitFor();
  await page.getByRole('link', { name: 'Supplier question assistant' }).first().click();
  await page.getByRole('heading', { name: 'Supplier question assistant' }).waitFor();
  expect(await badge(page).textContent()).toBe('Made here, not yet in the files');
  await page.screenshot({ path: path.join(SHOTS, 'ownership-02-proposed-desktop.png') });

  // apply: neither the title reverted nor the proposal archived; the file untouched.
  const applied = await cli(['apply', '-w', ws, '--json']);
  expect(applied.code).toBe(0);
  const { changes, summary } = JSON.parse(applied.stdout) as { changes: { id: string; change: string; reason?: string }[]; summary: Record<string, number> };
  expect(changes).toContainEqual(expect.objectContaining({ id: 'churn-prediction', change: 'kept', reason: 'pending_change' }));
  expect(changes).toContainEqual(expect.objectContaining({ id: 'supplier-question-assistant', change: 'kept', reason: 'store_owned' }));
  expect(summary).toMatchObject({ updated: 0, archived: 0, kept: 2 });
  expect(readFileSync(file, 'utf8')).toBe(before);
  const title = async (id: string) => page.evaluate(async (i) => ((await (await fetch(`/api/use-cases/${i}`)).json()) as { use_case: { title: string }; archived_at: string | null }), id);
  expect((await title('churn-prediction')).use_case.title).toBe('Churn risk for trade customers');
  expect((await title('supplier-question-assistant')).archived_at).toBeNull();

  // status names both as not yet in the files.
  const status2 = await cli(['status', '-w', ws, '--json']);
  const rows = JSON.parse(status2.stdout) as { id: string; defined_in: string; pending_change: boolean }[];
  expect(rows.find((r) => r.id === 'churn-prediction')).toMatchObject({ defined_in: 'files', pending_change: true });
  expect(rows.find((r) => r.id === 'supplier-question-assistant')).toMatchObject({ defined_in: 'store', pending_change: false });

  // pull: the title into its file (only that line changes), the proposal into a new file.
  const pulled = await cli(['pull', '-w', ws]);
  expect(pulled.code).toBe(0);
  expect(pulled.stdout).toContain('usecases/supplier-question-assistant.yaml');
  expect(readFileSync(file, 'utf8')).toBe(before.replace('title: Churn prediction for trade customers', 'title: Churn risk for trade customers'));
  expect(existsSync(path.join(ws, 'usecases/supplier-question-assistant.yaml'))).toBe(true);

  // The files and the store agree: apply changes nothing, and export holds what the files hold.
  const again = JSON.parse((await cli(['apply', '-w', ws, '--json'])).stdout) as { changes: { change: string }[] };
  expect(again.changes.filter((c) => c.change !== 'unchanged')).toEqual([]);
  const exported = mkdtempSync(path.join(tmpdir(), 'traction-ownership-export-'));
  expect((await cli(['export', '-w', ws, '--out', exported, '--force'])).code).toBe(0);
  expect(await definitionsIn(exported)).toEqual(await definitionsIn(ws));

  await page.goto(`${server.url}/use-cases/supplier-question-assistant`);
  await page.getByRole('heading', { name: 'Supplier question assistant' }).waitFor();
  expect(await badge(page).textContent()).toBe('In the workspace files');
  await page.screenshot({ path: path.join(SHOTS, 'ownership-03-pulled-desktop.png') });
  await page.close();
});

it('shows where a use case and a dataset are kept on a phone, without sideways scrolling', async ({ skip }) => {
  if (!browser) return skip(`no Chromium at ${CHROMIUM}`);
  const { server, page, csrf } = await setUp({ width: 390, height: 844 });
  await page.goto(`${server.url}/use-cases/churn-prediction`);
  await page.getByRole('heading', { name: 'Churn prediction for trade customers' }).waitFor();
  const status = await page.evaluate(
    async ([token]) => (await fetch('/api/use-cases/churn-prediction', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': token! }, body: JSON.stringify({ title: 'Churn risk for trade customers' }) })).status,
    [csrf],
  );
  expect(status).toBe(200);
  await page.reload();
  await page.getByRole('heading', { name: 'Churn risk for trade customers' }).waitFor();
  expect(await badge(page).textContent()).toBe('Changed here, not yet in the files');
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  expect(await axeViolations(page, 'article.use-case')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'ownership-04-changed-phone.png') });

  await page.goto(`${server.url}/data`);
  const datasetBadge = page.locator('section[aria-labelledby="dataset"] .badge[class*="owner-"]');
  await datasetBadge.waitFor();
  expect(await datasetBadge.textContent()).toBe('In the workspace files');
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  expect(await axeViolations(page, 'section[aria-labelledby="dataset"]')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'ownership-05-dataset-phone.png'), fullPage: true });
  await page.close();
});
