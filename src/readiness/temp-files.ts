// The temporary files of the embedded engines (DuckDB's spill files, the profile's Parquet
// copies) live in one folder per process, <tmp>/traction-duckdb/<pid>, so that:
// - every exit path removes it: a normal end or an error (the 'exit' event) and SIGINT/SIGTERM
//   (which would otherwise end the process without an 'exit' event);
// - a process killed outright (SIGKILL, power loss) cannot clean up, so the next process that
//   needs the folder removes the folders of pids that are no longer alive.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Parent of every process's folder. Read at call time, so a test's TMPDIR is honoured. */
export function tempRoot(): string {
  return path.join(tmpdir(), 'traction-duckdb');
}

let current: string | undefined;

/** This process's folder, created (and stale folders swept) on first use. */
export function processTempDir(): string {
  if (current !== undefined) return current;
  removeStaleTempDirs();
  const dir = path.join(tempRoot(), String(process.pid));
  mkdirSync(dir, { recursive: true });
  current = dir;
  registerCleanup();
  return dir;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders of processes that are gone. A pid reused by an unrelated live process
 * keeps its folder until that process ends too: late, never wrong (nothing of a live run is
 * removed). Returns the folders removed.
 */
export function removeStaleTempDirs(): string[] {
  const root = tempRoot();
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of entries) {
    // The per-process folders, and the copies earlier versions wrote beside them
    // (copy-<pid>-<n>.parquet); any other name is not ours to judge.
    const pid = /^(\d+)$|^copy-(\d+)-\d+\.parquet$/.exec(name)?.slice(1).find((g) => g !== undefined);
    if (pid === undefined || Number(pid) === process.pid || pidAlive(Number(pid))) continue;
    rmSync(path.join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Removes this process's folder now (also used by the exit and signal handlers). */
export function removeProcessTempDir(): void {
  if (current === undefined) return;
  rmSync(current, { recursive: true, force: true });
  current = undefined;
}

let registered = false;

function registerCleanup(): void {
  if (registered) return;
  registered = true;
  process.on('exit', removeProcessTempDir);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      removeProcessTempDir();
      // Alone, this handler would swallow the signal: hand it back so the default (the
      // process ends with 128 + signal number) happens. Where someone else listens (the
      // server's graceful shutdown), they decide, and 'exit' cleans up again afterwards.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
