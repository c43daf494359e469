// The real binary: the bundle it builds (or tsx registration), the current folder as default
// workspace, exit codes and NO_COLOR/piped output.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('keeps the NPV of `status` in the workspace cache: the same answer from the cache as simulated, again after a change', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'traction-bin-npv-'));
    for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources']) cpSync(path.join('examples/northwind', part), path.join(ws, part), { recursive: true });
    expect(run(['apply'], ws).status).toBe(0);
    const cache = path.join(ws, '.traction/cache/npv.json');
    const simulated = run(['status', '--json'], ws);
    expect(simulated.status).toBe(0);
    const entries = () => Object.keys((JSON.parse(readFileSync(cache, 'utf8')) as { entries: object }).entries);
    const before = entries();
    expect(before.length).toBeGreaterThan(0);
    const cached = run(['status', '--json'], ws);
    expect(cached.stdout).toBe(simulated.stdout);
    expect(entries()).toEqual(before); // nothing simulated, nothing written

    // A use case whose next gate asks for the NPV, made worthless: a new entry, and the criterion no longer met.
    const met = (out: string, id: string) => (JSON.parse(out) as { id: string; next_gate: { kind: string; status: string }[] }[]).find((r) => r.id === id)!.next_gate.find((c) => c.kind === 'business_case_npv')?.status;
    const target = (JSON.parse(simulated.stdout) as { id: string }[]).map((r) => r.id).find((id) => met(simulated.stdout, id) === 'met');
    expect(target).toBeDefined();
    const file = path.join(ws, 'usecases', `${target}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^probability_of_success: .*$/m, 'probability_of_success: 0.0001'));
    expect(run(['apply'], ws).status).toBe(0);
    const changed = run(['status', '--json'], ws);
    expect(met(changed.stdout, target!)).not.toBe('met');
    expect(entries().length).toBe(before.length + 1);
    rmSync(cache);
    expect(run(['status', '--json'], ws).stdout).toBe(changed.stdout);
    expect(existsSync(cache)).toBe(true);
  });
});
