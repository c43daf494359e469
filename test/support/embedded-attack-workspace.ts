// A workspace for attacks on the embedded engines (DuckDB, SQLite), in a temporary folder:
// the readiness fixture (a files source over data/) plus the datasets and sources a test
// adds. Runs `traction data ...` on it in-process and returns the exit code, output and JSON.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/run-cli.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');

export interface AttackWorkspace {
  dir: string;
  /** The files source's root (data/). */
  root: string;
}

export function attackWorkspace(): AttackWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-attack-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, root: path.join(dir, 'data') };
}

/** Adds definition files (datasets/<id>.yaml, sources/<id>.yaml) to the workspace. */
export function addDefinitions(ws: AttackWorkspace, files: { datasets?: object[]; sources?: object[] }): void {
  for (const d of files.datasets ?? []) writeFileSync(path.join(ws.dir, 'datasets', `${(d as { id: string }).id}.yaml`), stringify(d));
  for (const s of files.sources ?? []) writeFileSync(path.join(ws.dir, 'sources', `${(s as { id: string }).id}.yaml`), stringify(s));
}

export interface DataRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function data(args: string[]): Promise<DataRun> {
  let stdout = '';
  let stderr = '';
  const streams = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(['data', ...args], streams, { ...process.env, NO_COLOR: '1', TRACTION_ACTOR: 'attacker' });
  return { code, stdout, stderr };
}

export interface Outcome {
  name: string;
  status: string;
  message?: string;
}

/** `data check --json` of the given datasets: each dataset's error and outcomes by name. */
export async function checkJson(dir: string, datasetIds: string[]): Promise<{ run: DataRun; datasets: Map<string, { error?: string; outcomes: Map<string, Outcome> }> }> {
  const run = await data(['check', '-w', dir, '--json', ...datasetIds]);
  const out = JSON.parse(run.stdout) as { datasets: { datasetId: string; error?: string; outcomes: Outcome[] }[] };
  const datasets = new Map(out.datasets.map((d) => [d.datasetId, { ...(d.error ? { error: d.error } : {}), outcomes: new Map(d.outcomes.map((o) => [o.name, o])) }]));
  return { run, datasets };
}
