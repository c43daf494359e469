// The shared repository suite: every case runs against SQLite and PostgreSQL.
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/store-suite.js';
import { applyDefinitions, definitionHistory, listDefinitions } from './definition-repository.js';
import { listAudit } from './audit-repository.js';
import { listEvidence, recordEvidence } from './evidence-repository.js';
import { contentHash, type Definition } from '../workspace/definitions.js';
import { sql } from 'kysely';

const def = (kind: Definition['kind'], id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
const T0 = new Date('2026-01-01T00:00:00Z');

describeEachStore('store', (open) => {

  it('applies idempotently and archives what left the workspace', async ({ skip }) => {
    const store = await open(skip);
    const defs = [def('config', 'config', { organisation: 'A' }), def('use_case', 'u1', { id: 'u1', n: 1 }), def('use_case', 'u2', { id: 'u2' })];
    const first = await applyDefinitions(store, defs, 'tester', T0);
    expect(first.map((c) => c.change)).toEqual(['created', 'created', 'created']);
    const second = await applyDefinitions(store, defs, 'tester', T0);
    expect(second.map((c) => c.change)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const third = await applyDefinitions(store, [defs[0] as Definition, def('use_case', 'u1', { id: 'u1', n: 2 })], 'tester', T0);
    expect(third).toEqual([
      { kind: 'config', id: 'config', change: 'unchanged', version: 1 },
      { kind: 'use_case', id: 'u1', change: 'updated', version: 2 },
      { kind: 'use_case', id: 'u2', change: 'archived', version: 2 },
    ]);
    expect((await listDefinitions(store.db, { kind: 'use_case' })).map((d) => d.id)).toEqual(['u1']);
    expect((await listDefinitions(store.db, { kind: 'use_case', includeArchived: true })).map((d) => d.id)).toEqual(['u1', 'u2']);
    const restored = await applyDefinitions(store, defs, 'tester', T0);
    expect(restored.find((c) => c.id === 'u2')?.change).toBe('restored');
    expect((await definitionHistory(store.db, 'use_case', 'u2')).map((v) => v.change)).toEqual(['created', 'archived', 'restored']);
    const audit = await listAudit(store.db, { objectKind: 'use_case', objectId: 'u2' });
    expect(audit.map((a) => a.action)).toEqual(['definition.created', 'definition.archived', 'definition.restored']);
  });

  it('rolls back the whole apply when one write fails', async ({ skip }) => {
    const store = await open(skip);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const bad = { kind: 'use_case' as const, id: 'u9', body: circular, hash: 'x' };
    await expect(applyDefinitions(store, [def('use_case', 'u1', { id: 'u1' }), bad], 'tester', T0)).rejects.toThrow();
    expect(await listDefinitions(store.db, { includeArchived: true })).toEqual([]);
    expect(await listAudit(store.db)).toEqual([]);
  });

  it('refuses to update or delete audit, version and evidence rows', async ({ skip }) => {
    const store = await open(skip);
    await applyDefinitions(store, [def('use_case', 'u1', { id: 'u1' })], 'tester', T0);
    await recordEvidence(store.db, { useCaseId: 'u1', kind: 'kpi_baseline', at: T0, by: 'tester', source: 'test', payload: { kpi: 'k', value: 1, at: '2026-01-01' } });
    const whoColumn = { audit_log: 'actor', definition_versions: 'applied_by', evidence: 'recorded_by' };
    for (const [table, column] of Object.entries(whoColumn)) {
      await expect(sql`update ${sql.table(table)} set ${sql.ref(column)} = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from ${sql.table(table)}`.execute(store.db)).rejects.toThrow(/append-only/);
    }
    expect((await listEvidence(store.db, { useCaseId: 'u1' })).map((e) => e.kind)).toEqual(['kpi_baseline']);
    expect((await listAudit(store.db)).length).toBe(2);
  });
});
