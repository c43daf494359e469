// Parquet answers from the file's own statistics: the same outcomes as a scan (checked against
// values computed here by brute force from the rows that were written), said so in the result,
// no scan run when every number is known, and a scan whenever the statistics are not exact
// (truncated texts, floating point, a column missing from one file of a glob, a `where:`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema, type Dataset } from '../domain/dataset.js';
import type { CheckOutcome } from './check-evaluation.js';
import { duckdbDialect } from './connectors/duckdb/dialect.js';
import { fileStatisticsOf, parquetStatisticsSql } from './parquet-metadata.js';
import { runChecks } from './run-checks.js';
import { plainRow } from './source-connection.js';
import { SourceConnections } from './source-connections.js';

const ROOT = mkdtempSync(path.join(tmpdir(), 'traction-parquet-metadata-'));
const N = 5000;
// Row i: id = i, qty = i % 97 (null when i % 11 = 0), day = 2024-01-01 + (i % 300) days,
// at = 2024-03-01 00:00:00 + i minutes, code = 'K' || (10000 + i), price = i / 8 (a double),
// note = a 300-character text (its statistics are truncated to 256 and marked inexact).
const ROWS = Array.from({ length: N }, (_, i) => ({
  id: i,
  qty: i % 11 === 0 ? null : i % 97,
  day: new Date(Date.UTC(2024, 0, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10),
  at: new Date(Date.UTC(2024, 2, 1) + i * 60_000).toISOString(),
  code: `K${10000 + i}`,
}));

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const select = `select i as id, case when i % 11 = 0 then null else i % 97 end as qty, date '2024-01-01' + (i % 300)::integer as day,
    timestamp '2024-03-01' + to_minutes(i) as at, 'K' || (10000 + i) as code, i / 8 as price, repeat('n', 299) || (i % 10) as note`;
  // Row groups of 1,000 rows: the statistics are per row group and must be combined.
  await c.run(`copy (${select} from range(${N}) t(i)) to '${path.join(ROOT, 'items.parquet')}' (format parquet, row_group_size 1000)`);
  await c.run(`copy (${select} from range(${N}) t(i)) to '${path.join(ROOT, 'items.csv')}' (format csv, header true)`);
  // Two files of one glob, the second with `qty` all null; and a third file without `qty`.
  await c.run(`copy (${select} from range(0, 100) t(i)) to '${path.join(ROOT, 'part-1.parquet')}' (format parquet)`);
  await c.run(`copy (select i as id, null::integer as qty from range(100, 150) t(i)) to '${path.join(ROOT, 'part-2.parquet')}' (format parquet)`);
  await c.run(`copy (select i as id from range(150, 160) t(i)) to '${path.join(ROOT, 'other-1.parquet')}' (format parquet)`);
  c.closeSync();
  db.closeSync();
});
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const CHECKS = [
  { type: 'row_count', min: 1 },
  { type: 'not_null', column: 'qty' },
  { type: 'not_null', column: 'id' },
  { type: 'aggregate', column: 'qty', metric: 'max', max: 100 },
  { type: 'aggregate', column: 'day', metric: 'min', min: '2024-01-01' },
  { type: 'aggregate', column: 'at', metric: 'max', max: '2030-01-01' },
  { type: 'aggregate', column: 'code', metric: 'min', min: 'K' },
  { type: 'freshness', column: 'at', max_age_hours: 24 * 365 * 10 },
];

async function run(d: Dataset): Promise<{ outcomes: CheckOutcome[]; sql: string[]; rowCount: number | null }> {
  const connections = new SourceConnections({ root: ROOT, sources: [{ id: 'files', kind: 'files', root: ROOT }] }, {});
  try {
    const conn = await connections.get('files');
    const sql: string[] = [];
    const original = conn.query.bind(conn);
    conn.query = (s: string) => (sql.push(s), original(s));
    const [r] = await runChecks({ workspace: { datasets: [d] }, datasetIds: [d.id], connections, now: new Date('2026-01-01T00:00:00Z') });
    if (!r) throw new Error('no run');
    return { outcomes: r.outcomes, sql, rowCount: r.rowCount };
  } finally {
    await connections.closeAll();
  }
}

const dataset = (file: string, checks: unknown[]) => datasetSchema.parse({ id: 'items', source: 'files', path: file, checks });
const numbers = (o: CheckOutcome[]) => o.map((x) => ({ name: x.name, status: x.status, observed: x.observed, unexpected: x.unexpected ?? null, elements: x.elements ?? null }));

describe('Parquet answers from the file statistics', () => {
  it('gives the numbers a scan gives, computed by brute force, says so, and runs no scan', async () => {
    const parquet = await run(dataset('items.parquet', CHECKS));
    const csv = await run(dataset('items.csv', CHECKS));
    expect(numbers(parquet.outcomes)).toEqual(numbers(csv.outcomes));
    const nulls = ROWS.filter((r) => r.qty === null).length;
    const maxQty = Math.max(...ROWS.flatMap((r) => (r.qty === null ? [] : [r.qty])));
    // A timestamp reads as calendar text (YYYY-MM-DD HH:MM:SS), as on every engine.
    const maxAt = (ROWS.map((r) => r.at).sort().at(-1) as string).replace('T', ' ').replace(/\.000Z$/, '');
    const byName = new Map(parquet.outcomes.map((o) => [o.name, o]));
    expect(parquet.rowCount).toBe(N);
    expect(byName.get('not_null(qty)')).toMatchObject({ elements: N, unexpected: nulls, status: 'fail' });
    expect(byName.get('not_null(id)')).toMatchObject({ unexpected: 0, status: 'pass' });
    expect(parquet.outcomes[3]?.observed).toBe(maxQty);
    expect(parquet.outcomes[4]?.observed).toBe(ROWS.map((r) => r.day).sort()[0] as string); // a date reads as its calendar day, scan or not
    expect(parquet.outcomes[5]?.observed).toBe(maxAt);
    expect(parquet.outcomes[6]?.observed).toBe(ROWS.map((r) => r.code).sort()[0]);
    for (const o of parquet.outcomes) {
      expect(o.source).toBe('parquet metadata');
      expect(o.message).toContain("(from the file's parquet metadata)");
    }
    expect(csv.outcomes.every((o) => o.source === undefined)).toBe(true);
    // Only the column listing ran; no aggregate over the rows.
    expect(parquet.sql.filter((s) => /count\(|min\(|max\(/.test(s))).toEqual([]);
  });

  it('scans what the statistics do not state exactly, in the same run', async () => {
    const checks = [
      { type: 'row_count', min: 1 },
      { type: 'aggregate', column: 'price', metric: 'max', max: 10_000 }, // a double: NaN is left out of Parquet's max
      { type: 'aggregate', column: 'note', metric: 'max', max: 'z' }, // truncated to 256 characters, marked inexact
      { type: 'not_null', column: 'qty', where: 'id < 100' }, // a filter: statistics cover whole row groups
    ];
    const parquet = await run(dataset('items.parquet', checks));
    const csv = await run(dataset('items.csv', checks));
    expect(numbers(parquet.outcomes)).toEqual(numbers(csv.outcomes));
    expect(parquet.outcomes.map((o) => o.source ?? null)).toEqual(['parquet metadata', null, null, null]);
    expect(parquet.outcomes[1]?.observed).toBe((N - 1) / 8);
    expect(parquet.outcomes[2]?.observed).toBe(`${'n'.repeat(299)}9`);
    expect(parquet.outcomes[3]?.unexpected).toBe(ROWS.filter((r) => r.id < 100 && r.qty === null).length);
    // One scan for the rest of the unfiltered aggregates, without the row count it no longer needs.
    const scans = parquet.sql.filter((s) => /^select\n/.test(s));
    expect(scans.some((s) => s.includes('max("price")') && !s.includes('count(*) as'))).toBe(true);
  });

  it('does not read the footer when the scan runs anyway for a check no footer answers', async () => {
    const checks = [
      { type: 'row_count', min: 1 },
      { type: 'not_null', column: 'qty' },
      { type: 'regex', column: 'code', pattern: '^K[0-9]+$' },
    ];
    const parquet = await run(dataset('items.parquet', checks));
    expect(numbers(parquet.outcomes)).toEqual(numbers((await run(dataset('items.csv', checks))).outcomes));
    expect(parquet.outcomes.map((o) => o.source ?? null)).toEqual([null, null, null]);
  });

  it('adds up the footers of every file of a glob', async () => {
    const checks = [
      { type: 'row_count', min: 1 },
      { type: 'not_null', column: 'id' },
      { type: 'not_null', column: 'qty' },
      { type: 'aggregate', column: 'qty', metric: 'max', min: 0 },
    ];
    const glob = await run(datasetSchema.parse({ id: 'parts', source: 'files', path: 'part-*.parquet', checks }));
    expect(glob.outcomes.map((o) => o.source)).toEqual(['parquet metadata', 'parquet metadata', 'parquet metadata', 'parquet metadata']);
    expect(glob.rowCount).toBe(150);
    expect(glob.outcomes[2]).toMatchObject({ elements: 150, unexpected: 50 + ROWS.filter((r) => r.id < 100 && r.qty === null).length });
    expect(glob.outcomes[3]?.observed).toBe(Math.max(...ROWS.filter((r) => r.id < 100).map((r) => r.qty ?? -1)));
  });

  it('states nothing of a column that one file of a glob does not have', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const columns = [
        { name: 'id', nativeType: 'BIGINT', type: 'integer' },
        { name: 'qty', nativeType: 'BIGINT', type: 'integer' },
      ];
      const sql = parquetStatisticsSql(duckdbDialect, duckdbDialect.string(path.join(ROOT, '*-1.parquet')), columns);
      const stats = fileStatisticsOf(plainRow((await c.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {}), columns);
      expect(stats?.rows).toBe(110);
      expect(stats?.columns.get('id')).toEqual({ nulls: 0, min: 0, max: 159 });
      expect(stats?.columns.get('qty')).toEqual({});
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
