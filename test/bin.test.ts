// The real binary: the bundle it builds (or tsx registration), the current folder as default
// workspace, exit codes and NO_COLOR/piped output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/traction.js');
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, TRACTION_DATABASE_URL: '', ...env } });

describe('bin/traction.js', () => {
  it('uses the current folder as the workspace and sets exit codes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-bin-'));
    expect(run(['init', 'ws'], dir).status).toBe(0);
    const ws = path.join(dir, 'ws');
    const ok = run(['validate'], ws);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('ok: Example Ltd: 1 use cases, 1 datasets, 1 sources\n'); // piped: no colour codes
    writeFileSync(path.join(ws, 'sources/files.yaml'), 'id: files\nkind: ftp\n');
    const bad = run(['validate'], ws);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('sources/files.yaml:2:7: kind:');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run(['--help'], ws).status).toBe(0);
  });

  it('runs a bundle at least as new as the sources, and the sources through tsx when told to', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-bin-'));
    const bundled = run(['--help'], dir);
    expect(bundled.status).toBe(0);
    const sources = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const newest = Math.max(...sources.map((f) => statSync(path.join('src', f)).mtimeMs));
    expect(statSync('dist/cli/traction.mjs').mtimeMs).toBeGreaterThanOrEqual(newest);
    const direct = run(['--help'], dir, { TRACTION_NO_BUNDLE: '1' });
    expect(direct.status).toBe(0);
    expect(direct.stdout).toContain('Usage: traction');
    expect(bundled.stdout).toBe(direct.stdout);
  });
});
