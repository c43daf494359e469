// A separate process that writes evidence into a SQLite store, one transaction each, to
// test that processes sharing the store queue rather than fail or corrupt it.
import { recordEvidence } from '../../src/store/evidence-repository.js';
import { openStore } from '../../src/store/store.js';

const [file, countText, who] = process.argv.slice(2);
const store = await openStore({ kind: 'sqlite', file: file as string });
for (let i = 0; i < Number(countText); i++) {
  await store.transaction((tx) =>
    recordEvidence(tx, { useCaseId: 'u1', kind: 'kpi_baseline', at: new Date(), by: who as string, source: 'concurrency-test', payload: { kpi: 'k', value: i, at: '2026-01-01' } }),
  );
}
await store.close();
