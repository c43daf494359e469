// A CLI command and a running server on the same SQLite store must not corrupt it: several
// processes write at once (WAL + BEGIN IMMEDIATE + busy timeout) while this one applies.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { applyDefinitions } from '../src/store/definition-repository.js';
import { listEvidence } from '../src/store/evidence-repository.js';
import { openStore } from '../src/store/store.js';
import { contentHash } from '../src/workspace/definitions.js';

function writer(file: string, n: number, who: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/concurrent-writer.ts', file, String(n), who], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${who} exited ${code}: ${err}`))));
  });
}

describe('SQLite store shared by several processes', () => {
  it('queues concurrent writers without errors or corruption', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'traction-conc-')), 'traction.db');
    const store = await openStore({ kind: 'sqlite', file });
    const writers = [writer(file, 40, 'w1'), writer(file, 40, 'w2'), writer(file, 40, 'w3')];
    for (let i = 0; i < 30; i++) {
      const body = { id: 'u1', n: i };
      await applyDefinitions(store, [{ kind: 'use_case', id: 'u1', body, hash: contentHash(body) }], 'main', new Date());
    }
    await Promise.all(writers);
    const evidence = await listEvidence(store.db, { useCaseId: 'u1' });
    expect(evidence).toHaveLength(120);
    expect(new Set(evidence.map((e) => e.recordedBy))).toEqual(new Set(['w1', 'w2', 'w3']));
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
    expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
    const versions = await store.db.selectFrom('definition_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(versions.n)).toBe(30);
    await store.close();
  });
});
