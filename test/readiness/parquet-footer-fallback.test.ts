// When the footer decoder cannot read a file's footer (not built, or a footer it refuses), the
// run does not fail: DuckDB describes the file and its parquet_metadata() statement answers what
// the footer states, the rest is scanned, with the same numbers as a scan of the same rows.
// A file whose footer is broken for DuckDB too fails with DuckDB's words, check by check.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { datasetSchema } from '../../src/domain/dataset.js';
import type { CheckOutcome } from '../../src/readiness/check-evaluation.js';
import { runChecks } from '../../src/readiness/run-checks.js';
import { SourceConnections } from '../../src/readiness/source-connections.js';

const refused = vi.hoisted(() => ({ on: false, times: 0 }));
vi.mock('../../src/readiness/parquet-footer.js', async (original) => {
  const actual = await original<typeof import('../../src/readiness/parquet-footer.js')>();
  return {
    ...actual,
    readParquetFooter: (file: string) => {
      if (refused.on) {
        refused.times++;
        throw new Error('the Parquet footer has an unknown Thrift type');
      }
      return actual.readParquetFooter(file);
    },
  };
});

const ROOT = mkdtempSync(path.join(tmpdir(), 'traction-parquet-fallback-'));
const CHECKS = [
  { type: 'row_count', min: 1 },
  { type: 'not_null', column: 'qty' },
  { type: 'aggregate', column: 'qty', metric: 'max', max: 100 },
  { type: 'aggregate', column: 'code', metric: 'min', min: 'K' },
  { type: 'aggregate', column: 'price', metric: 'max', max: 10_000 },
];

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const select = `select i as id, case when i % 11 = 0 then null else i % 97 end as qty, 'K' || (10000 + i) as code, i / 8 as price from range(5000) t(i)`;
  await c.run(`copy (${select}) to '${path.join(ROOT, 'items.parquet')}' (format parquet, row_group_size 1000)`);
  await c.run(`copy (${select}) to '${path.join(ROOT, 'items.csv')}' (format csv, header true)`);
  c.closeSync();
  db.closeSync();
  const good = readFileSync(path.join(ROOT, 'items.parquet'));
  // The footer's bytes garbled, its framing (length, PAR1) kept.
  writeFileSync(path.join(ROOT, 'broken.parquet'), Buffer.concat([good.subarray(0, good.length - 300), Buffer.alloc(292, 0xff), good.subarray(good.length - 8)]));
});
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

async function run(file: string): Promise<CheckOutcome[]> {
  const connections = new SourceConnections({ root: ROOT, sources: [{ id: 'files', kind: 'files', root: ROOT }] }, {});
  try {
    const d = datasetSchema.parse({ id: 'items', source: 'files', path: file, checks: CHECKS });
    const [r] = await runChecks({ workspace: { datasets: [d] }, datasetIds: [d.id], connections, now: new Date('2026-01-01T00:00:00Z') });
    return r?.outcomes ?? [];
  } finally {
    await connections.closeAll();
  }
}

const numbers = (o: CheckOutcome[]) => o.map((x) => ({ name: x.name, status: x.status, observed: x.observed, unexpected: x.unexpected ?? null }));

describe('a footer the decoder cannot read', () => {
  it('is answered by DuckDB instead: the same numbers as a scan, the exact ones still from the metadata', async () => {
    const scanned = await run('items.csv');
    refused.on = false;
    const decoded = await run('items.parquet');
    refused.on = true;
    const fallback = await run('items.parquet');
    refused.on = false;
    expect(refused.times).toBeGreaterThan(0); // the decoder was asked, and refused
    expect(numbers(decoded)).toEqual(numbers(scanned));
    expect(numbers(fallback)).toEqual(numbers(scanned));
    // The double's max is scanned either way; the rest comes from the file's metadata, decoded or DuckDB's.
    expect(decoded.map((o) => o.source ?? null)).toEqual(['parquet metadata', 'parquet metadata', 'parquet metadata', 'parquet metadata', null]);
    expect(fallback.map((o) => o.source ?? null)).toEqual(decoded.map((o) => o.source ?? null));
  });

  it('fails check by check with the reader’s words when DuckDB cannot read the footer either', async () => {
    const outcomes = await run('broken.parquet');
    expect(outcomes).toHaveLength(CHECKS.length);
    for (const o of outcomes) {
      expect(o.status).toBe('error');
      expect(o.message).toMatch(/broken\.parquet/);
    }
  });
});
