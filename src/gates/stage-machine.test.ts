import { describe, expect, it } from 'vitest';
import type { GateDecision } from '../domain/decision.js';
import { DEFAULT_GATES, DEFAULT_SIDE_STAGES, DEFAULT_STAGES } from '../domain/stages.js';
import { checkTransition, currentStage, gatePath, nextGates, parkedFrom, type StagePolicy } from './stage-machine.js';

const policy: StagePolicy = { stages: [...DEFAULT_STAGES], side_stages: [...DEFAULT_SIDE_STAGES], gates: DEFAULT_GATES };
const decision = (from: string, to: string, at: string): GateDecision => ({
  id: `dec_${from}_${to}`,
  number: 1,
  useCaseId: 'u',
  at,
  actor: 't',
  from,
  to,
  forced: false,
  reason: null,
  evaluation: { useCaseId: 'u', from, to, transition: 'gate', criteria: [], met: 0, total: 0, passed: true, evaluatedAt: at },
});

describe('stage machine', () => {
  it('takes the current stage from the latest decision, else the declared one', () => {
    expect(currentStage('poc', [])).toBe('poc');
    expect(currentStage('poc', [decision('poc', 'pilot', '2026-01-01'), decision('pilot', 'on_hold', '2026-02-01')])).toBe('on_hold');
  });

  it('allows one gate at a time and names the way on when asked for two', () => {
    const one = checkTransition(policy, 'poc', 'pilot');
    expect(one.ok && one.transition.kind === 'gate' && one.transition.gate.to).toBe('pilot');
    const two = checkTransition(policy, 'poc', 'production');
    expect(two).toEqual({ ok: false, message: 'production is 2 stages after poc (poc -> pilot -> production); advance one stage at a time, next: pilot' });
    expect(checkTransition(policy, 'pilot', 'poc')).toEqual({ ok: false, message: 'no gate leads from pilot to poc; the gates from pilot lead to: production' });
    expect(checkTransition(policy, 'pilot', 'launch')).toMatchObject({ ok: false, message: expect.stringMatching(/^unknown stage "launch"/) });
    expect(checkTransition(policy, 'pilot', 'pilot')).toMatchObject({ ok: false });
  });

  it('parks without a gate and returns only to the stage it was parked from', () => {
    expect(checkTransition(policy, 'pilot', 'on_hold')).toEqual({ ok: true, transition: { kind: 'side' } });
    const log = [decision('poc', 'pilot', '2026-01-01'), decision('pilot', 'on_hold', '2026-02-01'), decision('on_hold', 'retired', '2026-03-01')];
    expect(parkedFrom(policy, log)).toBe('pilot');
    expect(parkedFrom(policy, log.slice(0, 1))).toBeUndefined();
    expect(checkTransition(policy, 'on_hold', 'pilot', 'pilot')).toEqual({ ok: true, transition: { kind: 'return' } });
    expect(checkTransition(policy, 'on_hold', 'production', 'pilot')).toEqual({
      ok: false,
      message: 'a use case at on_hold returns to the stage it was parked from: pilot',
    });
  });

  it('reads a changed policy without code: a new stage, a removed one', () => {
    const custom: StagePolicy = {
      stages: ['idea', 'poc', 'security_review', 'production'],
      side_stages: ['retired'],
      gates: [
        { from: 'idea', to: 'poc', criteria: [] },
        { from: 'poc', to: 'security_review', criteria: [{ kind: 'signoff', roles: ['risk_compliance'] }] },
        { from: 'security_review', to: 'production', criteria: [] },
      ],
    };
    expect(nextGates(custom, 'poc').map((g) => g.to)).toEqual(['security_review']);
    expect(gatePath(custom, 'idea', 'production')).toEqual(['idea', 'poc', 'security_review', 'production']);
    expect(checkTransition(custom, 'poc', 'production')).toMatchObject({ ok: false, message: expect.stringContaining('next: security_review') });
    expect(checkTransition(custom, 'poc', 'pilot')).toMatchObject({ ok: false, message: expect.stringMatching(/^unknown stage "pilot"/) });
    expect(checkTransition(custom, 'poc', 'on_hold')).toMatchObject({ ok: false });
  });
});
