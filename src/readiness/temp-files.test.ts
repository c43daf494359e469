// Temporary files of the embedded engines on every exit path, with real processes: a child
// starts a profile (its Parquet copy is on disk), then ends normally, fails, is stopped by
// SIGINT/SIGTERM, or is killed outright. Only the last can leave its folder behind, and the
// next process that starts removes it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTempDirs, tempRoot } from './temp-files.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(REPO, 'test/support/profile-child.ts');
const TMP = mkdtempSync(path.join(tmpdir(), 'traction-temp-files-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

interface Child {
  pid: number;
  dir: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts the child with its own TMPDIR and resolves once its copy is on disk. */
function start(mode: 'wait' | 'exit' | 'error'): Promise<Child> {
  const root = mkdtempSync(path.join(TMP, 'root-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, root], { cwd: REPO, env: { ...process.env, TMPDIR: TMP }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!out.includes('\n')) return;
      const { pid, dir } = JSON.parse(out.split('\n')[0] as string) as { pid: number; dir: string };
      resolve({ pid, dir, exited, kill: (signal) => proc.kill(signal) });
    });
    void exited.then(({ stderr: err }) => reject(new Error(`child ended before its copy was written: ${err}`)));
  });
}

const copiesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.parquet')) : []);

describe('temporary files of a profile', () => {
  it('a normal exit mid-profile leaves nothing', async () => {
    const child = await start('exit');
    expect((await child.exited).code).toBe(0);
    expect(existsSync(child.dir)).toBe(false);
  }, 60_000);

  it('an uncaught error mid-profile leaves nothing', async () => {
    const child = await start('error');
    const end = await child.exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toContain('planted failure mid-profile');
    expect(existsSync(child.dir)).toBe(false);
  }, 60_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-profile leaves nothing, and the process still ends by the signal', async (signal) => {
    const child = await start('wait');
    expect(copiesIn(child.dir)).toHaveLength(1);
    child.kill(signal);
    expect((await child.exited).signal).toBe(signal);
    expect(existsSync(child.dir)).toBe(false);
  }, 60_000);

  it('a process killed outright leaves its copy, and the next one to start removes it', async () => {
    const killed = await start('wait');
    killed.kill('SIGKILL');
    await killed.exited;
    expect(copiesIn(killed.dir)).toHaveLength(1);
    const next = await start('exit');
    await next.exited;
    expect(existsSync(killed.dir)).toBe(false);
    expect(existsSync(next.dir)).toBe(false);
  }, 60_000);
});

describe('the sweep on start', () => {
  it('removes the folders and old-style copies of dead pids only', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = mkdtempSync(path.join(TMP, 'sweep-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
      const alive = process.ppid;
      const root = tempRoot();
      for (const dir of [String(dead), String(alive), String(process.pid)]) mkdirSync(path.join(root, dir), { recursive: true });
      for (const file of [`copy-${dead}-1.parquet`, `copy-${alive}-1.parquet`, 'notes.txt']) writeFileSync(path.join(root, file), 'x');
      expect(removeStaleTempDirs().sort()).toEqual([String(dead), `copy-${dead}-1.parquet`].sort());
      expect(readdirSync(root).sort()).toEqual([String(alive), String(process.pid), `copy-${alive}-1.parquet`, 'notes.txt'].sort());
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
