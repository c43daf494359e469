// A small workspace for the gate commands' tests, and an in-process CLI runner that captures
// output. Each call gets its own folder; with `postgres` the store is a fresh schema.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore, type Store } from '../../src/store/store.js';
import { dropSchema, PG_URL, uniqueSchema } from './databases.js';

export const CONFIG = `organisation: Gatekeepers Ltd
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2027-Q1
budget_per_quarter: 100000
teams:
  - id: data
    name: Data
    capacity_person_weeks_per_quarter: 50
roles:
  business_owner: [ann]
  technical_lead: [tom]
  risk_compliance: [rita]
  final_approver: [fay]
`;

export function useCaseYaml(id: string, stage: string): string {
  return `id: ${id}
title: Use case ${id}
problem: p
objective: o
owner: ann
sponsor: sam
department: Ops
team: data
stage: ${stage}
costs: {build: 1000, run_monthly: 10}
probability_of_success: 0.5
effort_person_weeks: 4
risk: {eu_ai_act: minimal}
kpis:
  - {id: cycle-time, name: Cycle time, unit: h, direction: down, target: 4}
`;
}

export interface TestWorkspace {
  dir: string;
  env: Record<string, string>;
  write(file: string, text: string): void;
  remove(file: string): void;
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  json<T = unknown>(...args: string[]): Promise<T>;
  openStore(): Promise<Store>;
  dispose(): Promise<void>;
}

export function gateWorkspace(db: 'sqlite' | 'postgres', files: Record<string, string>): TestWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-gates-'));
  const schema = db === 'postgres' ? uniqueSchema('g') : undefined;
  const url = schema ? `${PG_URL}?schema=${schema}` : undefined;
  const env: Record<string, string> = { TRACTION_ACTOR: 'tester', NO_COLOR: '1', ...(url ? { TRACTION_DATABASE_URL: url } : {}) };
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  for (const [f, t] of Object.entries(files)) write(f, t);
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['-w', dir, ...args], { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } }, env);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
  return {
    dir,
    env,
    write,
    remove: (file) => rmSync(path.join(dir, file)),
    cli,
    async json<T>(...args: string[]) {
      const r = await cli('--json', ...args);
      return JSON.parse(r.stdout) as T;
    },
    openStore: () => openStore(url ? { kind: 'postgres', url } : { kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') }),
    async dispose() {
      if (schema) await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
