// The NPV cache: a hit is the simulated number itself, and any change to the use case, the
// config or the code is a miss; a broken or unwritable file costs a simulation, never an error.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { gateState, type GateState } from '../gates/gate-state.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { expectedNpv } from './gates.js';
import { MAX_ENTRIES, openNpvCache } from './npv-cache.js';

let config: WorkspaceConfig;
let churn: UseCase;
const state = (u: UseCase, c: WorkspaceConfig = config): GateState => gateState(c, u, null, [], []);
const fileIn = () => path.join(mkdtempSync(path.join(tmpdir(), 'traction-npv-')), '.traction', 'cache', 'npv.json');

/** expectedNpv, counting its calls. */
function countingSimulation() {
  const calls: string[] = [];
  const simulate = async (u: UseCase, c: WorkspaceConfig) => {
    calls.push(u.id);
    return expectedNpv(u, c);
  };
  return { calls, simulate };
}

beforeAll(async () => {
  const { workspace } = await loadWorkspace('examples/northwind');
  if (!workspace) throw new Error('the Northwind example does not load');
  config = { ...workspace.config, simulation: { draws: 500, seed: 1 } };
  churn = workspace.useCases.find((u) => u.id === 'churn-prediction')!;
});

describe('NPV cache', () => {
  it('returns the simulated NPV, and reads it back in the next run without simulating', async () => {
    const file = fileIn();
    const direct = await expectedNpv(churn, config);
    expect(direct).toEqual(expect.any(Number));

    const first = countingSimulation();
    const run1 = await openNpvCache(file, 'build-a', first.simulate);
    expect(await run1.npv(state(churn))).toBe(direct);
    expect(await run1.npv(state(churn))).toBe(direct); // within a run too
    expect(first.calls).toEqual(['churn-prediction']);
    await run1.save();

    const second = countingSimulation();
    const run2 = await openNpvCache(file, 'build-a', second.simulate);
    expect(await run2.npv(state(churn))).toBe(direct);
    expect(second.calls).toEqual([]);
    expect(run2.simulated).toBe(0);
  });

  it('simulates again when the use case, the config or the build changes', async () => {
    const file = fileIn();
    const run1 = await openNpvCache(file, 'build-a');
    await run1.npv(state(churn));
    await run1.save();

    const costlier: UseCase = { ...churn, costs: { ...churn.costs, run_monthly: 9000 } };
    const changes: [string, GateState, string][] = [
      ['use case', state(costlier), 'build-a'],
      ['config', state(churn, { ...config, discount_rate: config.discount_rate + 0.05 }), 'build-a'],
      ['build', state(churn), 'build-b'],
    ];
    for (const [what, s, build] of changes) {
      const counting = countingSimulation();
      const run = await openNpvCache(file, build, counting.simulate);
      const value = await run.npv(s);
      expect(counting.calls, what).toEqual(['churn-prediction']);
      expect(value, what).toBe(await expectedNpv(s.useCase, s.config));
    }
    // Each change gives a different number: a stale hit would have been wrong.
    for (const [what, s] of changes.slice(0, 2)) expect(await expectedNpv(s.useCase, s.config), what).not.toBe(await expectedNpv(churn, config));
  });

  it('treats a corrupt or foreign file as empty and replaces it with a valid one', async () => {
    const file = fileIn();
    mkdirSync(path.dirname(file), { recursive: true });
    for (const text of ['{not json', '[]', '{"format":1,"entries":{"zz":"1e999"}}', '{"format":99,"entries":{}}']) {
      writeFileSync(file, text);
      const counting = countingSimulation();
      const run = await openNpvCache(file, 'build-a', counting.simulate);
      expect(await run.npv(state(churn))).toBe(await expectedNpv(churn, config));
      expect(counting.calls).toEqual(['churn-prediction']);
      await run.save();
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: number; entries: Record<string, unknown> };
      expect(saved.format).toBe(1);
      expect(Object.values(saved.entries)).toEqual([await expectedNpv(churn, config)]);
    }
  });

  it('uses no file without a build id (the sources run in-process)', async () => {
    const file = fileIn();
    const run = await openNpvCache(file, undefined);
    await run.npv(state(churn));
    await run.save();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it('does not fail where the cache cannot be written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-npv-ro-'));
    chmodSync(dir, 0o500);
    const run = await openNpvCache(path.join(dir, 'cache', 'npv.json'), 'build-a');
    expect(await run.npv(state(churn))).toEqual(expect.any(Number));
    await expect(run.save()).resolves.toBeUndefined();
    chmodSync(dir, 0o700);
  });

  it(`keeps the newest ${MAX_ENTRIES} entries`, async () => {
    const file = fileIn();
    mkdirSync(path.dirname(file), { recursive: true });
    const old = Object.fromEntries(Array.from({ length: MAX_ENTRIES }, (_, i) => [i.toString(16).padStart(64, '0'), i]));
    writeFileSync(file, JSON.stringify({ format: 1, entries: old }));
    const run = await openNpvCache(file, 'build-a');
    const value = await run.npv(state(churn));
    await run.save();
    const saved = Object.entries((JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, number> }).entries);
    expect(saved).toHaveLength(MAX_ENTRIES);
    expect(saved.at(-1)![1]).toBe(value);
    expect(saved.some(([k]) => k === '0'.padStart(64, '0'))).toBe(false); // the oldest went
  });
});
