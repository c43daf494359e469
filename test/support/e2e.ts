// What every dashboard test in Chromium sets up the same way: Debian's Chromium (required under
// CI, a skip elsewhere), the dashboard built from the current sources, a SQLite store holding
// Northwind's definitions, a server on a free port, and a headless browser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readEnv } from '../../src/env.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { IN_CI } from './databases.js';
import { T0 } from './server-app.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const NORTHWIND = path.join(ROOT, 'examples', 'northwind');
export const ADMIN_PASSWORD = 'admin-password-1';

/** False when Chromium is missing outside CI (the tests skip); otherwise builds the dashboard. */
export function prepareBrowserTests(): boolean {
  if (!existsSync(CHROMIUM)) {
    if (IN_CI) throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`);
    return false;
  }
  const build = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    encoding: 'utf8',
    // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle: test what ships.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);
  mkdirSync(SHOTS, { recursive: true });
  return true;
}

/** A fresh SQLite store with Northwind's definitions applied. */
export async function northwindStore(prefix: string): Promise<Store> {
  const store = await openStore({ kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), `traction-${prefix}-e2e-`)), 'traction.db') });
  const { workspace } = await loadWorkspace(NORTHWIND);
  await applyDefinitions(store, workspaceDefinitions(workspace!), 'seed', T0);
  return store;
}

/**
 * The server over Northwind on a free port, serving the built dashboard; `admin` has ADMIN_PASSWORD.
 * Its scheduler is off unless asked for, so that a journey running at 06:00 UTC does not meet
 * Northwind's nightly checks half-way.
 */
export function startNorthwindServer(store: Store, options: { scheduler?: boolean; notifyIntervalSeconds?: number } = {}): Promise<RunningServer> {
  const { scheduler, ...rest } = options;
  const env = readEnv({ TRACTION_ADMIN_PASSWORD: ADMIN_PASSWORD, TRACTION_LOG_LEVEL: 'warn', TRACTION_SCHEDULER: scheduler ? 'on' : 'off' });
  return startServer({ store, env, port: 0, host: '127.0.0.1', webDir: path.join(ROOT, 'web', 'dist'), workspaceRoot: NORTHWIND, logDestination: { write: () => undefined }, ...rest });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/**
 * axe-core's WCAG 2 A and AA violations inside `selector` (the whole document for `document`),
 * one "rule: element" line each; `seriousOnly` keeps the serious and critical ones.
 */
export async function axeViolations(page: Page, selector = 'main', options: { seriousOnly?: boolean } = {}): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const context = selector === 'document' ? 'document' : `{ include: [${JSON.stringify(selector)}] }`;
  const keep = options.seriousOnly ? ".filter((v) => v.impact === 'serious' || v.impact === 'critical')" : '';
  return page.evaluate(`axe.run(${context}, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => r.violations${keep}.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' ').slice(0, 80))))`);
}
