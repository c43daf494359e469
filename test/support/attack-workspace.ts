// A throw-away workspace for attack tests: one source and the datasets under attack, checked
// through the real product path (`traction data check` in-process, as a user would run it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { cli } from './cli.js';

export interface CheckedDataset {
  datasetId: string;
  error?: string;
  outcomes: { name: string; status: string; message?: string }[];
}

/** A new workspace (traction init) whose only source and datasets are the given YAML files. */
export async function attackWorkspace(files: Record<string, string>): Promise<string> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-attack-')), 'ws');
  const init = await cli(['init', dir]);
  if (init.code !== 0) throw new Error(`traction init failed: ${init.stderr}`);
  // The starter dataset and use case of `init`; the attacks bring their own.
  for (const folder of ['datasets', 'usecases']) rmSync(path.join(dir, folder), { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** `traction data check --json` on the workspace; the datasets as reported. */
export async function dataCheck(dir: string, env: Record<string, string>, extra: string[] = []): Promise<{ code: number; datasets: CheckedDataset[]; stderr: string }> {
  const r = await cli(['data', 'check', '-w', dir, '--json', '--no-store', ...extra], env);
  const out = JSON.parse(r.stdout || '{}') as { datasets?: CheckedDataset[] };
  if (!out.datasets) throw new Error(`data check did not run (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, datasets: out.datasets, stderr: r.stderr };
}

/** A file path no test has used, for "no file was written" assertions. */
export function untouchedPath(label: string): string {
  return path.join(tmpdir(), `traction-${label}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
}
