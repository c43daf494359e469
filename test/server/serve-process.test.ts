// `traction serve` as a real process: prints where it runs and how to log in, answers on
// its port, and on SIGTERM stops gracefully with exit code 0.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { seedWorkspace } from '../support/server-app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('serves the workspace store and shuts down cleanly on SIGTERM', async () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'traction-serve-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(ws, '.traction', 'traction.db') });
  await seedWorkspace(store);
  await store.close();

  // The workspace's SQLite store, whatever the calling shell points TRACTION_DATABASE_URL at.
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'TRACTION_DATABASE_URL')), TRACTION_ADMIN_PASSWORD: 'from-the-environment' };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'traction.js'), '-w', ws, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line in 20 s:\n${stderr}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  expect(stderr).toContain('created the admin account "admin" with the password from TRACTION_ADMIN_PASSWORD');
  expect(await (await fetch(`${url}/api/ready`)).json()).toEqual({ status: 'ready', store: 'sqlite' });
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'from-the-environment' }) });
  expect(login.status).toBe(200);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stderr).toMatch(/stopped\n$/);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
  expect(lines.map((l) => l.msg)).toContain('shutting down: finishing in-flight requests');
  expect(stdout).not.toContain('from-the-environment');
});
