// `traction export` writes what the portfolio holds: a proposal not yet accepted stays in the
// store (named in the output), an accepted one is exported like any use case, and applying the
// export to the same store changes nothing and leaves the proposal where it was.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createFromIntake } from '../src/application/use-cases.js';
import { runCli } from '../src/cli/run-cli.js';
import { getDefinition } from '../src/store/definition-repository.js';
import { getProposal, setProposalStatus } from '../src/store/proposal-repository.js';
import { openStore } from '../src/store/store.js';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, { NO_COLOR: '1' });
  return { code, stdout, stderr };
}

const intake = (title: string) => ({ title, problem: `Nobody handles ${title.toLowerCase()} in time today`, objective: 'Handle it in time', owner: 'Ana Lead', sponsor: 'Ben Boss', department: 'Finance', team: 'data', monthly_value: { low: 2000, likely: 4000, high: 9000 }, build_cost: 20000, run_monthly: 800, effort_person_weeks: 8, probability_of_success: 0.7 });

it('leaves unaccepted proposals out of the export, and says so', async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-export-')), 'ws');
  expect((await cli('init', dir)).code).toBe(0);
  expect((await cli('apply', '-w', dir)).code).toBe(0);
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
  try {
    const deps = { store, now: () => new Date(), workspaceRoot: dir };
    const caller = { actor: 'carla', role: 'contributor' as const, username: 'carla' };
    await createFromIntake(deps, intake('Late payment alerts'), caller);
    await createFromIntake(deps, intake('Duplicate invoice finder'), caller);
    const accepted = (await getProposal(store.db, 'duplicate-invoice-finder'))!;
    await setProposalStatus(store.db, accepted, { status: 'accepted', decided: true }, 'owner', new Date());
  } finally {
    await store.close();
  }

  const out = path.join(path.dirname(dir), 'export');
  const r = await cli('export', '-w', dir, '--out', out, '--json');
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).proposals_left_out).toEqual(['late-payment-alerts']);
  expect(readdirSync(path.join(out, 'usecases')).sort()).toEqual(['duplicate-invoice-finder.yaml', 'invoice-automation.yaml']);
  const human = await cli('export', '-w', dir, '--out', out, '--force');
  expect(human.stderr + human.stdout).toContain('left out 1 proposal not yet accepted by a portfolio owner (late-payment-alerts)');

  // The export applied over the workspace: nothing changes, the proposal is still in the store.
  expect((await cli('export', '-w', dir, '--out', dir, '--force')).code).toBe(0);
  const again = JSON.parse((await cli('apply', '-w', dir, '--json')).stdout);
  expect(again.summary).toMatchObject({ created: 0, archived: 0 });
  const check = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
  try {
    expect((await getDefinition(check.db, 'use_case', 'late-payment-alerts'))?.archivedAt).toBeNull();
  } finally {
    await check.close();
  }
});
