// The profiler on DuckDB, from a table and from a CSV file (read once into a Parquet copy that
// is removed afterwards); every number is counted by hand from the twelve rows below.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema } from '../domain/dataset.js';
import { createDuckdbInstance, openDuckdbConnection } from './connectors/duckdb/connection.js';
import { CONTINUOUS, DISCRETE, profileDataset, type DatasetProfile } from './profile.js';
import type { SourceConnection } from './source-connection.js';
import { processTempDir } from './temp-files.js';

// country: DE x5, FR x3, NL x2, BE x1, empty (null) x1; email: 10 valid of 11 non-null.
const ROWS = [
  ['1', 'DE', 'a@x.com'],
  ['2', 'DE', 'b@x.com'],
  ['3', 'DE', 'c@x.com'],
  ['4', 'DE', 'd@x.com'],
  ['5', 'DE', 'e@x.com'],
  ['6', 'FR', 'f@x.com'],
  ['7', 'FR', 'g@x.com'],
  ['8', 'FR', 'h@x.com'],
  ['9', 'NL', 'i@x.com'],
  ['10', 'NL', 'jj@x.com'],
  ['11', 'BE', 'no-email'],
  ['12', '', ''],
];

describe('profile on DuckDB', () => {
  let instance: DuckDBInstance;
  let conn: SourceConnection;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'traction-profile-'));
    writeFileSync(path.join(dir, 'people.csv'), ['id,country,email', ...ROWS.map((r) => r.join(','))].join('\n') + '\n');
    instance = await createDuckdbInstance({ roots: [dir], memoryLimit: '256MB' });
    conn = openDuckdbConnection(instance, { sourceId: 'files', root: dir });
    // Set-up DDL on a raw connection: the source connection runs only guarded SELECTs.
    const raw = await instance.connect();
    await raw.run(`create table people as select * from read_csv('${path.join(dir, 'people.csv')}', header = true)`);
    raw.closeSync();
  });
  afterAll(() => instance.closeSync());

  const profile = async (from: 'table' | 'csv'): Promise<DatasetProfile> => {
    const dataset = datasetSchema.parse({ id: 'people', source: 'files', ...(from === 'table' ? { table: 'people' } : { path: 'people.csv' }) });
    const relation = await conn.relation(dataset);
    return profileDataset(conn, 'people', relation, await conn.columns(relation), { topN: 3 });
  };

  it.each(['table', 'csv'] as const)('from a %s: exact counts, top values, lengths and patterns', async (from) => {
    const p = await profile(from);
    const col = (name: string) => p.columns.find((c) => c.name === name);
    expect(p.rows).toBe(12);
    expect(col('country')).toMatchObject({ nulls: 1, distinct: 4, top: [{ value: 'DE', count: 5 }, { value: 'FR', count: 3 }, { value: 'NL', count: 2 }] });
    expect(col('country')?.length).toEqual({ min: 2, max: 2, mean: 2 });
    // 10 of 11 non-null emails match the email pattern (>= 90%); lengths 7 x9, 8 x2 ('jj@x.com', 'no-email').
    expect(col('email')?.pattern).toEqual({ name: 'email', share: 10 / 11 });
    expect(col('email')?.length).toEqual({ min: 7, max: 8, mean: (9 * 7 + 2 * 8) / 11 });
    expect(col('id')).toMatchObject({ distinct: 12, min: 1, max: 12, mean: 6.5, quantiles: { definition: DISCRETE, q25: 3, median: 6, q75: 9 }, medianContinuous: { definition: CONTINUOUS, value: 6.5 } });
    expect(col('id')?.top).toEqual([{ value: 1, count: 1 }, { value: 2, count: 1 }, { value: 3, count: 1 }]);
  });

  it('profiles a CSV from the table the run read it into: no copy, nothing left in the temporary folder', async () => {
    const files = () => (existsSync(processTempDir()) ? readdirSync(processTempDir()).filter((f) => f !== 'spill') : []);
    const before = files();
    let during = 0;
    const spy = { ...conn, query: async (sql: string) => ((during = Math.max(during, files().length)), conn.query(sql)) };
    const dataset = datasetSchema.parse({ id: 'people', source: 'files', path: 'people.csv' });
    const relation = await conn.relation(dataset);
    await profileDataset(spy, 'people', relation, await conn.columns(relation));
    expect(during).toBe(before.length);
    expect(files()).toEqual(before);
  });
});
