// `traction roadmap --scenario` and `traction roadmap commit` on a workspace in a temp folder:
// the scenario's budget and forced choices are planned, a commitment is recorded with who and
// when, an unknown scenario is a usage error, and a rejected gate holds a use case back.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { insertScenario, latestFundingDecision } from '../src/store/funding-repository.js';
import { recordSignoff } from '../src/store/signoff-repository.js';
import { openStore } from '../src/store/store.js';

const CONFIG = `organisation: Test Co
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2027-Q1
quarters: 4
budget_per_quarter: 200000
simulation: { draws: 2000, seed: 7 }
teams:
  - { id: data, name: Data, capacity_person_weeks_per_quarter: 80 }
`;

const useCase = (id: string, build: number) => `id: ${id}
title: Use case ${id}
problem: p
objective: o
owner: o@example.com
sponsor: s@example.com
department: Ops
team: data
value_streams:
  - { id: saving, name: Saving, kind: cost_saving, formula: hours * 50, inputs: { hours: { low: 100, likely: 150, high: 250 } } }
costs: { build: ${build}, run_monthly: 500 }
probability_of_success: 0.8
effort_person_weeks: 20
risk: { eu_ai_act: minimal }
`;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, { NO_COLOR: '1', TRACTION_ACTOR: 'sam.sponsor' });
  return { code, stdout, stderr };
}

it('plans under a saved scenario, commits it, and holds back a rejected use case', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-roadmap-cli-'));
  mkdirSync(path.join(dir, 'usecases'));
  writeFileSync(path.join(dir, 'traction.yaml'), CONFIG);
  for (const [id, build] of [['a', 100000], ['b', 120000], ['c', 90000]] as const) writeFileSync(path.join(dir, 'usecases', `${id}.yaml`), useCase(id, build));
  expect((await run(['apply', '-w', dir])).code).toBe(0);
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
  try {
    // 100,000 a quarter funds one use case a quarter at most; a is kept out by the scenario.
    await insertScenario(store.db, { name: 'Tight', budget_per_quarter: 100000, quarters: 2, must_do: [], must_not: ['a'] }, 'test', new Date('2026-01-01T00:00:00Z'));
    const plain = JSON.parse((await run(['roadmap', '-w', dir, '--json'])).stdout) as { plan: { id: string }[] };
    expect(plain.plan.map((p) => p.id).sort()).toEqual(['a', 'b', 'c']);
    const r = await run(['roadmap', '-w', dir, '--scenario', 'Tight', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const tight = JSON.parse(r.stdout) as { scenario: string; quarters: string[]; plan: { id: string; start: string }[]; budget: { used: number; limit: number }[]; excluded: { id: string; reason: string }[] };
    expect(tight.scenario).toBe('Tight');
    expect(tight.quarters).toEqual(['2027-Q1', '2027-Q2']);
    expect(tight.plan.map((p) => p.id).sort()).toEqual(['c']);
    expect(tight.excluded.find((e) => e.id === 'a')!.reason).toMatch(/scenario leaves it out/);
    for (const b of tight.budget) expect(b.used).toBeLessThanOrEqual(b.limit);
    const human = await run(['roadmap', '-w', dir, '--scenario', 'Tight']);
    expect(human.stdout).toContain('scenario Tight');

    const missing = await run(['roadmap', '-w', dir, '--scenario', 'Nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no scenario "Nope" (there are: Tight)');
    expect(await latestFundingDecision(store.db)).toBeUndefined();

    const c = await run(['roadmap', 'commit', 'Tight', '-w', dir]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/committed scenario Tight .* by sam\.sponsor/);
    const decision = await latestFundingDecision(store.db);
    expect(decision).toMatchObject({ scenarioName: 'Tight', actor: 'sam.sponsor', funded: [{ useCaseId: 'c', quarters: ['2027-Q1'] }] });

    // The business owner rejects b's gate: b is left out, with that reason, until resubmitted.
    await store.transaction((tx) => recordSignoff(tx, { useCaseId: 'b', role: 'business_owner', person: 'olga', decision: 'reject', fromStage: 'idea', toStage: 'qualified', note: null, at: new Date(), by: 'olga' }));
    const held = JSON.parse((await run(['roadmap', '-w', dir, '--json'])).stdout) as { plan: { id: string }[]; excluded: { id: string; reason: string; would_take: string }[] };
    expect(held.plan.map((p) => p.id).sort()).toEqual(['a', 'c']);
    expect(held.excluded.find((e) => e.id === 'b')).toMatchObject({ reason: expect.stringMatching(/business owner \(olga\) rejected its idea gate/), would_take: expect.stringMatching(/resubmit/) });
  } finally {
    await store.close();
  }
});
