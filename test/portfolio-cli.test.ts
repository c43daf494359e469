// End to end: `traction portfolio`, `value` and `roadmap` on a workspace written to a temp
// folder, and the located errors for a bad formula, a cycle and an infeasible must-do set.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';

const CONFIG = `organisation: Test Co
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2027-Q1
quarters: 4
budget_per_quarter: 120000
simulation: { draws: 2000, seed: 7 }
teams:
  - id: data
    name: Data
    capacity_person_weeks_per_quarter: 40
    skills: [ml]
`;

function useCase(id: string, extra: string, costs = '{ build: 100000, run_monthly: 500 }'): string {
  return `id: ${id}
title: ${id}
problem: p
objective: o
owner: o@example.com
sponsor: s@example.com
department: Ops
team: data
value_streams:
  - id: saving
    name: Saving
    kind: cost_saving
    formula: hours * rate
    inputs:
      hours: { low: 100, likely: 150, high: 250 }
      rate: 50
costs: ${costs}
probability_of_success: 0.8
effort_person_weeks: 30
risk: { eu_ai_act: minimal }
${extra}`;
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-portfolio-'));
  mkdirSync(path.join(dir, 'usecases'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const streams = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(args, streams, { NO_COLOR: '1' });
  return { code, stdout, stderr };
}

const GOOD = {
  'traction.yaml': CONFIG,
  'usecases/a.yaml': useCase('a', 'strategic_alignment: 5\n'),
  'usecases/b.yaml': useCase('b', 'depends_on: [a]\nfeasibility: { data: 1, technical_complexity: 5, skills_required: [llm] }\n'),
  'usecases/c.yaml': useCase('c', '', '{ build: 300000, run_monthly: 9000 }'),
};

describe('traction portfolio / value / roadmap', () => {
  it('ranks, values and plans a workspace', async () => {
    const dir = workspace(GOOD);
    const p = await run(['portfolio', '-w', dir, '--json']);
    expect(p.code).toBe(0);
    const ranking = JSON.parse(p.stdout) as { use_cases: { id: string; quadrant: string; npv: { p10: number; p50: number; p90: number } }[] };
    expect(ranking.use_cases.map((u) => u.id)).toEqual(['a', 'b', 'c']);
    // b is worth as much as a but its data, complexity and missing skill make it a strategic bet.
    expect(ranking.use_cases.map((u) => u.quadrant)).toEqual(['quick_win', 'strategic_bet', 'fill_in']);
    for (const u of ranking.use_cases) expect(u.npv.p10).toBeLessThan(u.npv.p90);
    // Same seed, same numbers.
    expect((await run(['portfolio', '-w', dir, '--json'])).stdout).toBe(p.stdout);

    const v = await run(['value', 'a', '-w', dir]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('Tornado');
    expect(v.stdout).toContain('saving.hours');

    const r = await run(['roadmap', '-w', dir, '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { status: string; plan: { id: string; start: string }[]; excluded: { id: string; reason: string }[] };
    expect(plan.status).toBe('optimal');
    expect(plan.plan.map((x) => x.id).sort()).toEqual(['a', 'b']);
    expect(plan.plan.find((x) => x.id === 'b')!.start > plan.plan.find((x) => x.id === 'a')!.start).toBe(true);
    expect(plan.excluded).toEqual([{ id: 'c', reason: expect.stringContaining('not positive'), would_take: expect.any(String) }]);

    const text = await run(['roadmap', '-w', dir, '--budget-per-quarter', '50000']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Not in the plan');
  });

  it('locates a formula naming an unknown input', async () => {
    const dir = workspace({ ...GOOD, 'usecases/a.yaml': useCase('a', '').replace('hours * rate', 'hours * wage') });
    const r = await run(['portfolio', '-w', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usecases/a.yaml:13:14: value_streams[0].formula: unknown input "wage" in formula "hours * wage" (inputs: hours, rate)');
  });

  it('shows the others when a formula fails only on a drawn value, naming it with file and line (exit 2)', async () => {
    // Fine at the likely value (validate passes), a division by zero wherever rate < 2 is drawn.
    const fragile = useCase('c', '').replace('hours * rate', 'hours * 50 / floor(rate - 1)').replace('rate: 50', 'rate: { low: 1.5, likely: 2.5, high: 3 }');
    const dir = workspace({ ...GOOD, 'usecases/c.yaml': fragile });
    expect((await run(['validate', '-w', dir])).code).toBe(0);
    const p = await run(['portfolio', '-w', dir, '--json']);
    expect(p.code).toBe(2);
    const body = JSON.parse(p.stdout) as { use_cases: { id: string }[]; unvalued: { use_case: string; file: string; line: number; path: string; message: string }[] };
    expect(body.use_cases.map((u) => u.id).sort()).toEqual(['a', 'b']);
    expect(body.unvalued).toEqual([{ use_case: 'c', file: 'usecases/c.yaml', line: 13, column: 14, path: 'value_streams[0].formula', message: expect.stringMatching(/division by zero/) as unknown as string }]);
    const text = await run(['portfolio', '-w', dir]);
    expect(text.stderr).toMatch(/not valued, left out: usecases\/c\.yaml:13:14: value_streams\[0\]\.formula: .*division by zero/);
    const r = await run(['roadmap', '-w', dir, '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { excluded: { id: string; reason: string }[] }).excluded.find((e) => e.id === 'c')?.reason).toMatch(/cannot be valued/);
  });

  it('names the dependency cycle', async () => {
    const dir = workspace({ ...GOOD, 'usecases/a.yaml': useCase('a', 'depends_on: [b]\n') });
    const r = await run(['roadmap', '-w', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dependency cycle: (a -> b -> a|b -> a -> b)/);
  });

  it('says which constraint makes the must-do set infeasible, located in traction.yaml', async () => {
    const dir = workspace({ ...GOOD, 'traction.yaml': `${CONFIG}roadmap:\n  must_do: [a, c]\n`, 'usecases/c.yaml': useCase('c', '') });
    const r = await run(['roadmap', '-w', dir, '--quarters', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('traction.yaml:15:12: roadmap.must_do: the must-do and in-progress use cases (a, c) need 200,000 budget, the roadmap has 120,000');
  });

  it('rejects an unknown use case', async () => {
    const r = await run(['value', 'zzz', '-w', workspace(GOOD)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown use case "zzz"');
  });
});
