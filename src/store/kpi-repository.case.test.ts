// KPI measurements on SQLite and PostgreSQL: round trip, audit, append-only, atomic batches.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/store-suite.js';
import { listAudit } from './audit-repository.js';
import { listMeasurements, recordMeasurements } from './kpi-repository.js';

const T0 = new Date('2026-03-01T10:00:00Z');

describeEachStore('kpi measurements', (open) => {

  it('stores, lists in date order, audits and refuses updates', async ({ skip }) => {
    const store = await open(skip);
    await store.transaction((tx) =>
      recordMeasurements(
        tx,
        [
          { useCaseId: 'uc', kpiId: 'aht', at: '2026-02-01', value: 11.25, source: 'import:k.csv:3' },
          { useCaseId: 'uc', kpiId: 'aht', at: '2026-01-01', value: 12.000001, source: 'import:k.csv:2' },
          { useCaseId: 'other', kpiId: 'aht', at: '2026-01-01', value: 1, source: 'record' },
        ],
        'tester',
        T0,
      ),
    );
    const ms = await listMeasurements(store.db, { useCaseId: 'uc', kpiId: 'aht' });
    expect(ms.map((m) => [m.at, m.value, m.source, m.recordedBy, m.recordedAt])).toEqual([
      ['2026-01-01', 12.000001, 'import:k.csv:2', 'tester', T0.toISOString()],
      ['2026-02-01', 11.25, 'import:k.csv:3', 'tester', T0.toISOString()],
    ]);
    expect(ms[0]?.id).toMatch(/^kpm_/);
    expect((await listAudit(store.db, { objectKind: 'use_case', objectId: 'uc' })).map((a) => a.action)).toEqual(['kpi.measurement', 'kpi.measurement']);
    await expect(sql`update kpi_measurements set value = 0`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from kpi_measurements`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('writes a batch all or nothing', async ({ skip }) => {
    const store = await open(skip);
    const bad = { useCaseId: 'uc', kpiId: 'aht', at: '2026-01-02', value: null as unknown as number, source: 'x' };
    await expect(
      store.transaction((tx) => recordMeasurements(tx, [{ useCaseId: 'uc', kpiId: 'aht', at: '2026-01-01', value: 1, source: 'x' }, bad], 'tester', T0)),
    ).rejects.toThrow();
    expect(await listMeasurements(store.db)).toEqual([]);
    expect(await listAudit(store.db)).toEqual([]);
  });
});
