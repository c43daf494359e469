// The example company at its gates, across readiness (a real `traction data check` on the
// Northwind data), the steering committee's sign-offs and rubric answers (seed-evidence.ts)
// and the gates, with the portfolio's expected NPV: one use case passes, one fails, others
// lack evidence; an override is recorded and flagged; the seed is safe to run twice.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import type { GateDecision, GateEvaluation } from '../src/domain/decision.js';
import type { UseCase } from '../src/domain/use-case.js';
import { valueUseCase } from '../src/portfolio/evaluate-portfolio.js';
import { DEFAULT_DRAWS } from '../src/portfolio/monte-carlo.js';
import { canonicalJson } from '../src/workspace/definitions.js';
import { loadWorkspace } from '../src/workspace/load-workspace.js';
import { seedEvidence } from '../examples/northwind/seed-evidence.js';

const env = { TRACTION_ACTOR: 'steering-committee', NO_COLOR: '1' };
let dir = '';
const silent = { stdout: { write: () => true }, stderr: { write: () => true } };

async function cli(...args: string[]) {
  const out: string[] = [];
  const code = await runCli(['-w', dir, ...args], { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } }, env);
  return { code, stdout: out.join('') };
}
const gate = async (useCase: string) => {
  const r = await cli('--json', 'gate', useCase);
  return { code: r.code, e: JSON.parse(r.stdout) as GateEvaluation };
};
const statuses = (e: GateEvaluation) => Object.fromEntries(e.criteria.map((c) => [c.criterion.kind, c.status]));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'northwind-gates-'));
  cpSync(path.resolve('examples/northwind'), dir, { recursive: true, filter: (src) => !src.includes('.traction') });
  expect((await cli('apply')).code).toBe(0);
  expect([0, 1]).toContain((await cli('data', 'check')).code); // 1: the planted defects fail checks
  expect(await seedEvidence(dir, silent, env)).toEqual({ ran: 11, skipped: 0 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Northwind at its gates', () => {
  it('passes sales-email-drafting at qualified -> poc on its readiness run and both sign-offs', async () => {
    const { code, e } = await gate('sales-email-drafting');
    expect(code).toBe(0);
    expect(e).toMatchObject({ from: 'qualified', to: 'poc', passed: true, met: 2, total: 2 });
    expect(e.criteria[0]?.evidence[0]?.kind).toBe('readiness_run');
  });

  it('fails dynamic-pricing on the business owner rejection', async () => {
    const { code, e } = await gate('dynamic-pricing');
    expect(code).toBe(1);
    expect(statuses(e)).toEqual({ readiness_score: 'met', signoff: 'not_met' });
    expect(e.criteria[1]?.detail).toContain('business_owner: rejected by s.huber@northwind.example');
  });

  it('reports what churn-prediction and knowledge-base-qa lack', async () => {
    const churn = await gate('churn-prediction');
    expect(churn.code).toBe(1);
    expect(statuses(churn.e)).toEqual({ experiment_verdict: 'no_evidence', rubric_score: 'not_met', benchmark_slo: 'no_evidence', signoff: 'no_evidence' });
    expect(churn.e.criteria[1]?.detail).toBe('ML Test Score 0.5 < 2 (weakest section: monitor 0.5)');
    // The NPV criterion reads the portfolio's Monte Carlo expected NPV of the applied use case.
    const kb = await gate('knowledge-base-qa');
    const { workspace } = await loadWorkspace(dir);
    const applied = JSON.parse(canonicalJson(workspace?.useCases.find((u) => u.id === 'knowledge-base-qa'))) as UseCase;
    const npv = valueUseCase(applied, workspace!.config, workspace!.config.simulation?.draws ?? DEFAULT_DRAWS, workspace!.config.simulation?.seed ?? 1).simulation.expectedNpv;
    expect(statuses(kb.e)).toEqual({ business_case_npv: npv > 0 ? 'met' : 'not_met', signoff: 'no_evidence' });
    expect(kb.e.criteria[0]?.detail).toContain(`expected NPV ${Math.round(npv).toLocaleString('en-US')}`);
  });

  it('advances the passed gate, records a flagged override, and a second seed skips what moved on', async () => {
    // The roadmap follows the decision log: before the advance sales-email-drafting is a
    // candidate; at poc it is work in progress, which the example's digital team cannot
    // budget cannot carry next to the pilots in its first quarter, and the roadmap says so.
    const roadmap = async () => JSON.parse((await cli('--json', 'roadmap')).stdout) as { plan?: { id: string; status: string }[]; error?: string };
    expect((await roadmap()).plan?.find((p) => p.id === 'sales-email-drafting')?.status).not.toBe('in_progress');
    expect((await cli('advance', 'sales-email-drafting', '--to', 'poc')).code).toBe(0);
    expect((await roadmap()).error).toMatch(/use cases in progress \([^)]*sales-email-drafting[^)]*\) need/);
    expect((await cli('advance', 'knowledge-base-qa', '--to', 'qualified')).code).toBe(1);
    const forced = await cli('advance', 'knowledge-base-qa', '--to', 'qualified', '--override', '--reason', 'board asked for a quick PoC despite no business case');
    expect(forced.code).toBe(0);
    const log = JSON.parse((await cli('--json', 'decisions')).stdout) as GateDecision[];
    expect(log.map((d) => [d.useCaseId, d.to, d.forced, d.actor])).toEqual([
      ['sales-email-drafting', 'poc', false, 'steering-committee'],
      ['knowledge-base-qa', 'qualified', true, 'steering-committee'],
    ]);
    const status = JSON.parse((await cli('--json', 'status')).stdout) as { id: string; stage: string }[];
    expect(status.find((s) => s.id === 'sales-email-drafting')?.stage).toBe('poc');
    expect(await seedEvidence(dir, silent, env)).toEqual({ ran: 9, skipped: 2 });
  });
});
