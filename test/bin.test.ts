// The real binary: tsx registration, the current folder as default workspace, exit codes
// and NO_COLOR/piped output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/traction.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, TRACTION_DATABASE_URL: '' } });

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
});
