// Gate policies are data: a workspace that adds a stage, removes one and changes a threshold
// works without code changes; an invalid policy is a located error at `validate`.
import { afterEach, describe, expect, it } from 'vitest';
import { recordEvidence } from '../src/store/evidence-repository.js';
import { CONFIG, gateWorkspace, useCaseYaml, type TestWorkspace } from './support/gate-workspace.js';

const policy = (readinessMin: number) => `${CONFIG}stages: [idea, poc, security_review, production]
side_stages: [retired]
gates:
  - from: idea
    to: poc
    criteria: [{kind: signoff, roles: [business_owner]}]
  - from: poc
    to: security_review
    criteria:
      - kind: readiness_score
        min: ${readinessMin}
  - from: security_review
    to: production
    criteria: [{kind: signoff, roles: [risk_compliance]}]
`;

let ws: TestWorkspace | undefined;
afterEach(async () => {
  await ws?.dispose();
  ws = undefined;
});

describe('gate policy as data', () => {
  it('follows a policy with a new stage, a removed stage and a changed threshold', async () => {
    const w = (ws = gateWorkspace('sqlite', { 'traction.yaml': policy(60), 'usecases/scan.yaml': useCaseYaml('scan', 'poc') }));
    expect((await w.cli('apply')).code).toBe(0);
    const store = await w.openStore();
    await recordEvidence(store.db, { useCaseId: 'scan', kind: 'readiness_run', at: new Date(), by: 'r', source: 'run', payload: { run_id: 'run', score: 50, dimensions: {}, failed_checks: 1 } });
    await store.close();

    const strict = await w.cli('gate', 'scan');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('scan: poc -> security_review: 0/1 criteria met');
    expect(strict.stdout).toContain('readiness 50 < 60');

    w.write('traction.yaml', policy(40));
    expect((await w.cli('apply')).code).toBe(0);
    const lenient = await w.cli('gate', 'scan');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('readiness 50 >= 40');

    expect((await w.cli('advance', 'scan', '--to', 'pilot')).stderr).toContain('unknown stage "pilot" (stages: idea, poc, security_review, production, retired)');
    expect((await w.cli('advance', 'scan', '--to', 'security_review')).code).toBe(0);
    const next = await w.cli('gate', 'scan');
    expect(next.stdout).toContain('scan: security_review -> production: 0/1 criteria met');
    expect((await w.cli('signoff', 'scan', '--role', 'risk_compliance', '--as', 'rita')).code).toBe(0);
    expect((await w.cli('advance', 'scan', '--to', 'production')).code).toBe(0);
    expect((await w.cli('gate', 'scan')).stderr).toContain('scan is at production; no gate leads on from there');
    const status = await w.json<{ stage: string }[]>('status');
    expect(status.map((r) => r.stage)).toEqual(['production']);
  });

  it('reports an unknown criterion kind and a transition to an unknown stage with file:line', async () => {
    const bad = `${CONFIG}gates:
  - from: idea
    to: qualified
    criteria:
      - kind: readiness_scor
        min: 50
`;
    const w = (ws = gateWorkspace('sqlite', { 'traction.yaml': bad }));
    const kind = await w.cli('validate');
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain(
      'traction.yaml:20:15: gates[0].criteria[0].kind: expected one of "readiness_score", "kpi_baseline", "experiment_verdict", "rubric_score", "benchmark_slo", "signoff", "business_case_npv", "usage_adoption", "usage_cost", "usage_latency", found "readiness_scor" (text) (did you mean "readiness_score"?)',
    );

    w.write('traction.yaml', `${CONFIG}gates:\n  - from: idea\n    to: launch\n    criteria: []\n  - from: poc\n    to: poc\n    criteria: []\n  - from: idea\n    to: launch\n    criteria: []\n`);
    const stage = await w.cli('validate');
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain('traction.yaml:18:9: gates[0].to: unknown stage "launch"');
    expect(stage.stderr).toContain('traction.yaml:21:9: gates[1].to: a gate leads from poc to itself');
    expect(stage.stderr).toContain('traction.yaml:23:5: gates[2]: duplicate gate idea -> launch (also gates[0])');
  });
});
