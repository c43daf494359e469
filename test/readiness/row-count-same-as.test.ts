// row_count's same_as (GE expect_table_row_count_to_equal_other_table): the dataset's row count
// against another dataset's, read whole, on files through DuckDB.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetSchema } from '../../src/domain/dataset.js';
import { runChecks } from '../../src/readiness/run-checks.js';
import { SourceConnections } from '../../src/readiness/source-connections.js';

const ROOT = mkdtempSync(path.join(tmpdir(), 'traction-same-as-'));
writeFileSync(path.join(ROOT, 'orders.csv'), 'id,region\n1,north\n2,south\n3,north\n4,east\n');
writeFileSync(path.join(ROOT, 'orders-copy.csv'), 'id,region\n1,north\n2,south\n3,north\n4,east\n');
writeFileSync(path.join(ROOT, 'short.csv'), 'id,region\n1,north\n2,south\n3,north\n');
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

async function outcomes(checks: unknown[]) {
  const datasets = [
    datasetSchema.parse({ id: 'orders', source: 'files', path: 'orders.csv', checks }),
    datasetSchema.parse({ id: 'copy', source: 'files', path: 'orders-copy.csv' }),
    datasetSchema.parse({ id: 'short', source: 'files', path: 'short.csv' }),
  ];
  const connections = new SourceConnections({ root: ROOT, sources: [{ id: 'files', kind: 'files', root: ROOT }] }, {});
  try {
    const [run] = await runChecks({ workspace: { datasets }, datasetIds: ['orders'], connections, now: new Date() });
    return run?.outcomes.map((o) => [o.status, o.observed, o.message]);
  } finally {
    await connections.closeAll();
  }
}

describe('row_count same_as', () => {
  it('passes when the other dataset has as many rows, fails naming it when not, and counts the other whole', async () => {
    expect(
      await outcomes([
        { type: 'row_count', same_as: 'copy' },
        { type: 'row_count', same_as: 'short' },
        { type: 'row_count', same_as: 'short', where: "region = 'north'", name: 'north rows' },
      ]),
    ).toEqual([
      ['pass', 4, '4 rows, as dataset copy'],
      ['fail', 4, '4 rows: dataset short has 3'],
      ['fail', 2, '2 rows: dataset short has 3'],
    ]);
  });

  it('says which dataset is unknown, and a row_count with nothing to compare is refused', async () => {
    const [unknown] = (await outcomes([{ type: 'row_count', same_as: 'nowhere' }])) ?? [];
    expect(unknown?.[0]).toBe('error');
    expect(String(unknown?.[2])).toContain('unknown dataset "nowhere" in same_as');
    expect(datasetSchema.shape.checks.safeParse([{ type: 'row_count' }]).error?.issues[0]?.message).toBe('row_count needs min, max, max_change or same_as');
  });
});
