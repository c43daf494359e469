// `traction decisions` lists a committed funding scenario beside the stage transitions, in the
// table and in --json, for all use cases and for one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { insertScenario } from '../src/store/funding-repository.js';
import { openStore } from '../src/store/store.js';

const config = `organisation: Decision Co
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2027-Q1
quarters: 4
budget_per_quarter: 500000
simulation: { draws: 1000, seed: 3 }
teams:
  - { id: data, name: Data, capacity_person_weeks_per_quarter: 80 }
`;

const useCase = (id: string, streams: string) => `id: ${id}
title: Use case ${id}
problem: p
objective: o
owner: o@example.com
sponsor: s@example.com
department: Ops
team: data
value_streams: ${streams}
costs: { build: 50000, run_monthly: 500 }
probability_of_success: 0.8
effort_person_weeks: 10
risk: { eu_ai_act: minimal }
`;

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, { NO_COLOR: '1', TRACTION_ACTOR: 'fran.finance' });
  return { code, stdout, stderr };
}

it('shows a funding decision in the decision log', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-decisions-'));
  mkdirSync(path.join(dir, 'usecases'));
  writeFileSync(path.join(dir, 'traction.yaml'), config);
  writeFileSync(path.join(dir, 'usecases', 'good.yaml'), useCase('good', `\n  - { id: s, name: S, kind: cost_saving, formula: hours * 50, inputs: { hours: { low: 300, likely: 400, high: 500 } } }`));
  writeFileSync(path.join(dir, 'usecases', 'drain.yaml'), useCase('drain', '[]'));
  expect((await cli('apply', '-w', dir)).code).toBe(0);
  expect((await cli('decisions', '-w', dir)).stdout).toContain('no decisions recorded');

  const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
  try {
    await insertScenario(store.db, { name: 'Base', must_do: [], must_not: [] }, 'test', new Date());
  } finally {
    await store.close();
  }
  const commit = await cli('roadmap', 'commit', 'Base', '-w', dir);
  expect(commit.code, commit.stderr).toBe(0);

  const json = await cli('decisions', '-w', dir, '--json');
  const log = JSON.parse(json.stdout) as { kind: string; scenarioName: string; actor: string; funded: { useCaseId: string }[]; leftOut: { useCaseId: string }[] }[];
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ kind: 'funding', scenarioName: 'Base', actor: 'fran.finance', funded: [{ useCaseId: 'good' }], leftOut: [{ useCaseId: 'drain' }] });

  const table = await cli('decisions', '-w', dir);
  expect(table.stdout).toMatch(/funding: scenario "Base"; funded good 2027-Q1; left out drain\s+-\s+fran\.finance/);
  const drain = await cli('decisions', 'drain', '-w', dir);
  expect(drain.stdout).toMatch(/funding: scenario "Base"; left out drain .*not positive/);
  expect(drain.stdout).not.toContain('funded good');
});
