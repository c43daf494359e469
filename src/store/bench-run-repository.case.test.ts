// bench_runs on SQLite and PostgreSQL: recorded with its audit entry, append-only, and
// rolled back together with the evidence of the same transaction.
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORE_FACTORIES } from '../../test/support/databases.js';
import { listAudit } from './audit-repository.js';
import { listBenchRuns, recordBenchRun } from './bench-run-repository.js';
import { listEvidence, recordEvidence } from './evidence-repository.js';
import type { Store } from './store.js';

const T0 = new Date('2026-02-01T10:00:00Z');
const run = (id: string, useCaseId: string | null, sloMet: boolean | null) => ({
  id,
  useCaseId,
  startedAt: '2026-02-01T09:59:00.000Z',
  finishedAt: '2026-02-01T10:00:00.000Z',
  url: 'http://127.0.0.1:8000/v1/chat/completions',
  api: 'openai-chat',
  mode: 'closed',
  status: 'completed',
  sloMet,
  result: { run_id: id, steps: [{ p95: 123.4 }] },
});

for (const factory of STORE_FACTORIES) {
  describe(`bench runs on ${factory.name}`, () => {
    let available = false;
    let current: { store: Store; dispose(): Promise<void> } | undefined;
    beforeAll(async () => {
      available = await factory.available();
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });
    const open = async (skip: (reason: string) => void) => {
      if (!available) skip(`${factory.name} is not available here`);
      current = await factory.create();
      return current.store;
    };

    it('records runs with their audit entry and lists them per use case', async ({ skip }) => {
      const store = await open(skip);
      await recordBenchRun(store.db, run('bench_a', 'uc-1', true), 'tester', T0);
      await recordBenchRun(store.db, run('bench_b', null, null), 'tester', T0);
      await recordBenchRun(store.db, run('bench_c', 'uc-1', false), 'tester', T0);
      expect((await listBenchRuns(store.db)).map((r) => [r.id, r.useCaseId, r.sloMet])).toEqual([
        ['bench_a', 'uc-1', true],
        ['bench_b', null, null],
        ['bench_c', 'uc-1', false],
      ]);
      const [first] = await listBenchRuns(store.db, { useCaseId: 'uc-1' });
      expect(first?.result).toEqual({ run_id: 'bench_a', steps: [{ p95: 123.4 }] });
      expect(first?.recordedBy).toBe('tester');
      expect((await listAudit(store.db, { objectKind: 'bench_run', objectId: 'bench_b' })).map((a) => a.action)).toEqual(['bench.run']);
    });

    it('is append-only and rolls back with its evidence', async ({ skip }) => {
      const store = await open(skip);
      await recordBenchRun(store.db, run('bench_a', 'uc-1', true), 'tester', T0);
      await expect(sql`update bench_runs set status = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from bench_runs`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(
        store.transaction(async (tx) => {
          await recordBenchRun(tx, run('bench_b', 'uc-1', true), 'tester', T0);
          await recordEvidence(tx, { useCaseId: 'uc-1', kind: 'benchmark_result', at: T0, by: 'tester', source: 'test', payload: { run_id: 'bench_b' } });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await listBenchRuns(store.db)).map((r) => r.id)).toEqual(['bench_a']);
      expect(await listEvidence(store.db)).toEqual([]);
    });
  });
}
