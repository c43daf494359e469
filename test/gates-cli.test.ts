// The gate commands end to end (in-process CLI) on SQLite and PostgreSQL: a passed gate is
// recorded, an override is recorded and flagged, and every bad input is refused with nothing
// recorded.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GateDecision, GateEvaluation } from '../src/domain/decision.js';
import { recordEvidence } from '../src/store/evidence-repository.js';
import { postgresAvailable } from './support/databases.js';
import { CONFIG, gateWorkspace, useCaseYaml, type TestWorkspace } from './support/gate-workspace.js';

const TABLES = ['gate_decisions', 'signoffs', 'rubric_answers', 'evidence', 'audit_log'] as const;

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`gate commands on ${db}`, () => {
    let available = true;
    let ws: TestWorkspace | undefined;
    beforeAll(async () => {
      if (db === 'postgres') available = await postgresAvailable();
    });
    afterEach(async () => {
      await ws?.dispose();
      ws = undefined;
    });
    const setup = async (skip: (reason: string) => void) => {
      if (!available) skip('PostgreSQL is not available here');
      ws = gateWorkspace(db, {
        'traction.yaml': CONFIG,
        'usecases/alpha.yaml': useCaseYaml('alpha', 'idea'),
        'usecases/beta.yaml': useCaseYaml('beta', 'qualified'),
      });
      const applied = await ws.cli('apply');
      expect(applied.stderr).toBe('');
      return ws;
    };
    const counts = async (w: TestWorkspace) => {
      const store = await w.openStore();
      try {
        const out: Record<string, number> = {};
        for (const t of TABLES) out[t] = Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        return out;
      } finally {
        await store.close();
      }
    };

    it('records a passed gate, and an override that stays flagged', async ({ skip }) => {
      const w = await setup(skip);
      // beta: qualified -> poc needs readiness >= 60 and sign-offs by business owner and technical lead.
      let gate = await w.cli('gate', 'beta');
      expect(gate.code).toBe(1);
      expect(gate.stdout).toContain('beta: qualified -> poc: 0/2 criteria met, not passed');
      expect(gate.stdout).toMatch(/readiness score >= 60\s+no evidence/);

      const store = await w.openStore();
      await recordEvidence(store.db, { useCaseId: 'beta', kind: 'readiness_run', at: new Date(), by: 'readiness', source: 'run_1', payload: { run_id: 'run_1', score: 72, dimensions: {}, failed_checks: 0 } });
      await store.close();
      expect((await w.cli('signoff', 'beta', '--role', 'business_owner', '--as', 'ann')).code).toBe(0);
      const so = await w.cli('signoff', 'beta', '--role', 'technical_lead', '--as', 'tom', '--note', 'architecture reviewed');
      expect(so.stdout).toContain('gate qualified -> poc: 2/2 criteria met');
      gate = await w.cli('gate', 'beta');
      expect(gate.code).toBe(0);
      expect(gate.stdout).toMatch(/readiness score >= 60\s+met\s+readiness_run \d{4}-\d\d-\d\d\s+readiness 72 >= 60/);

      const adv = await w.json<{ recorded: boolean; decision: GateDecision }>('advance', 'beta', '--to', 'poc');
      expect(adv.recorded).toBe(true);
      expect(adv.decision).toMatchObject({ from: 'qualified', to: 'poc', forced: false, actor: 'tester', number: 1 });

      // alpha: idea -> qualified lacks the business case NPV; refused, then overridden.
      const refused = await w.cli('advance', 'alpha', '--to', 'qualified');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('gate idea -> qualified not passed; nothing recorded');
      const forced = await w.cli('advance', 'alpha', '--to', 'qualified', '--override', '--reason', 'CFO approved the case on paper');
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain('OVERRIDE recorded: alpha idea -> qualified');

      const log = await w.json<GateDecision[]>('decisions');
      expect(log.map((d) => [d.useCaseId, d.from, d.to, d.forced, d.reason])).toEqual([
        ['beta', 'qualified', 'poc', false, null],
        ['alpha', 'idea', 'qualified', true, 'CFO approved the case on paper'],
      ]);
      const snapshot = log[1]?.evaluation as GateEvaluation;
      // alpha's business case has costs and no value stream: a negative expected NPV.
      expect(snapshot.criteria.map((c) => [c.criterion.kind, c.status])).toEqual([
        ['business_case_npv', 'not_met'],
        ['signoff', 'no_evidence'],
      ]);
      expect(snapshot.criteria[0]?.detail).toMatch(/^expected NPV -[\d,]+ <= 0$/);
      const table = await w.cli('decisions', 'alpha');
      expect(table.stdout).toMatch(/alpha\s+idea -> qualified\s+0\/2 met\s+tester\s+OVERRIDE\s+CFO approved/);
      expect(table.stdout).toContain('1 override(s)');

      const status = await w.json<{ id: string; stage: string; next_stage: string; next_gate_met: number; next_gate_total: number }[]>('status');
      expect(status.map((r) => [r.id, r.stage, r.next_stage, `${r.next_gate_met}/${r.next_gate_total}`])).toEqual([
        ['alpha', 'qualified', 'poc', '0/2'],
        ['beta', 'poc', 'pilot', '0/3'], // readiness 72 < 75; no baseline; no sign-off for -> pilot yet
      ]);
    });

    it('refuses bad input with a clear message and records nothing', async ({ skip }) => {
      const w = await setup(skip);
      const before = await counts(w);
      const refusals: [string[], number, string][] = [
        [['signoff', 'alpha', '--role', 'business_owner', '--as', 'tom'], 2, 'tom does not hold the role business_owner (holders: ann; see roles in traction.yaml); nothing recorded'],
        [['signoff', 'alpha', '--role', 'risk_compliance', '--as', 'rita'], 2, 'the transition idea -> qualified asks for sign-offs by business_owner, not risk_compliance'],
        [['signoff', 'alpha', '--role', 'auditor', '--as', 'ann'], 2, "argument 'auditor' is invalid"],
        [['advance', 'alpha', '--to', 'poc'], 2, 'alpha: idea -> poc: poc is 2 stages after idea (idea -> qualified -> poc); advance one stage at a time, next: qualified; nothing recorded'],
        [['advance', 'alpha', '--to', 'poc', '--override', '--reason', 'hurry'], 2, 'poc is 2 stages after idea'],
        [['advance', 'alpha', '--to', 'qualified', '--override'], 2, '--override needs --reason'],
        [['advance', 'alpha', '--to', 'qualified', '--override', '--reason', '  '], 2, '--override needs --reason'],
        [['advance', 'alpha', '--to', 'launch'], 2, 'unknown stage "launch"'],
        [['advance', 'alhpa', '--to', 'qualified'], 2, 'unknown use case "alhpa" (did you mean "alpha"?)'],
        [['rubric', 'alpha', '--item', 'data-1', '--score', '2'], 2, '--score must be 0 (not done), 0.5 (done manually, documented) or 1 (automated), found "2"'],
        [['rubric', 'alpha', '--item', 'data-9', '--score', '1'], 2, 'unknown rubric item "data-9"'],
        [['rubric', 'alpha', '--item', 'data-1', '--score', '1', '--link', 'file:///etc'], 2, '--link must be an http(s) URL'],
      ];
      for (const [args, code, message] of refusals) {
        const r = await w.cli(...args);
        expect({ args, code: r.code }).toEqual({ args, code });
        expect(r.stderr).toContain(message);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      expect(await counts(w)).toEqual(before);

      // alpha leaves the workspace: archived in the store, and frozen.
      w.remove('usecases/alpha.yaml');
      expect((await w.cli('apply')).code).toBe(0);
      const afterApply = await counts(w);
      for (const args of [
        ['advance', 'alpha', '--to', 'on_hold'],
        ['advance', 'alpha', '--to', 'qualified', '--override', '--reason', 'r'],
        ['signoff', 'alpha', '--role', 'business_owner', '--as', 'ann'],
        ['rubric', 'alpha', '--item', 'data-1', '--score', '1'],
      ]) {
        const r = await w.cli(...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('use case "alpha" is archived');
      }
      expect(await counts(w)).toEqual(afterApply);
    });

    it('records rubric answers with rubric_score evidence that the gate reads', async ({ skip }) => {
      const w = await setup(skip);
      for (const s of ['data', 'model', 'infra', 'monitor']) {
        for (const n of [1, 2]) expect((await w.cli('rubric', 'beta', '--item', `${s}-${n}`, '--score', s === 'infra' && n === 2 ? '0.5' : '1')).code).toBe(0);
      }
      const sheet = await w.json<{ score: number; sections: Record<string, number>; answered: number }>('rubric', 'beta');
      expect(sheet).toMatchObject({ score: 1.5, sections: { data: 2, model: 2, infra: 1.5, monitor: 2 }, answered: 8 });
      const shown = await w.cli('rubric', 'beta');
      expect(shown.stdout).toContain('score: 1.5 (minimum of the section sums)');
      const store = await w.openStore();
      const { listEvidence } = await import('../src/store/evidence-repository.js');
      const ev = await listEvidence(store.db, { useCaseId: 'beta', kind: 'rubric_score' });
      await store.close();
      expect(ev).toHaveLength(8);
      expect(ev.at(-1)?.payload).toMatchObject({ score: 1.5 });
    });
  });
}
