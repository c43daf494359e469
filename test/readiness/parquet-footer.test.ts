// The footer reader (parquet-footer.ts) against DuckDB's own parquet_metadata() on files DuckDB
// writes here: several row groups, nulls, an all-null column, text (short, and long enough to be
// truncated and marked inexact), dates, timestamps, decimals, doubles, unsigned and small ints.
// Per row group and column chunk the raw numbers must be DuckDB's; combined, the statistics must
// be what the DuckDB statement gives and what a scan of the rows gives. Broken footers throw.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBInstance as Instance } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/readiness/check-evaluation.js';
import { canonicalType } from '../../src/readiness/connectors/duckdb/column-types.js';
import { duckdbDialect } from '../../src/readiness/connectors/duckdb/dialect.js';
import { footerStatistics } from '../../src/readiness/parquet-footer-statistics.js';
import { duckdbTypeOf, footerColumns, readParquetFooter } from '../../src/readiness/parquet-footer.js';
import { fileStatisticsOf, parquetStatisticsSql } from '../../src/readiness/parquet-metadata.js';
import { plainRow, utcDateToCalendar } from '../../src/readiness/source-connection.js';

const ROOT = mkdtempSync(path.join(tmpdir(), 'traction-parquet-footer-'));
let db: Instance;
let c: DuckDBConnection;

const SELECT = (n: number) => `select i as id, (i % 7)::tinyint as small, (i * 3)::ubigint as big_u,
  case when i % 5 = 0 then null else 'name ' || lpad((i * 7919 % 1000)::varchar, 4, '0') end as name,
  case when i % 3 = 0 then null else date '2020-02-29' + (i % 400)::integer end as day,
  timestamp '2023-06-01 08:15:00' + to_seconds(i * 37) as at,
  (i / 100)::decimal(12, 2) as amount, i / 3 as ratio, null::integer as nothing,
  repeat('x', 300) || (i % 10) as long_text, 'Ünïcödé ' || (i % 3) as accented
  from range(${n}) t(i)`;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(sql);
  return r.getRowObjectsJS().map((row) => plainRow(row));
}

async function columnsOf(file: string): Promise<ColumnInfo[]> {
  return (await rows(`describe select * from read_parquet('${file}')`)).map((r) => ({ name: String(r.column_name), nativeType: String(r.column_type), type: canonicalType(String(r.column_type)) }));
}

const files: Record<string, string> = {};

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  for (const [name, n, groupSize, extra] of [
    ['several-groups', 5000, 1000, ''],
    ['one-group', 300, 100_000, ''],
    ['zstd', 2500, 700, ", compression 'zstd'"],
    ['empty', 0, 1000, ''],
  ] as const) {
    files[name] = path.join(ROOT, `${name}.parquet`);
    await c.run(`copy (${SELECT(n)}) to '${files[name]}' (format parquet, row_group_size ${groupSize}${extra})`);
  }
});
afterAll(() => {
  c?.closeSync();
  db?.closeSync();
  rmSync(ROOT, { recursive: true, force: true });
});

describe('Parquet footer reader', () => {
  it("reads each row group's and column chunk's numbers as DuckDB's parquet_metadata() and hyparquet do", async () => {
    for (const file of Object.values(files)) {
      const footer = readParquetFooter(file);
      const duck = await rows(`select row_group_id, row_group_num_rows, path_in_schema, stats_null_count from parquet_metadata('${file}') order by row_group_id, column_id`);
      const groups = footer.rowGroups();
      const ours = groups.flatMap((g, gi) =>
        g.chunks.map((ch) => ({ row_group_id: gi, row_group_num_rows: Number(g.rows), path_in_schema: ch.path.join('.'), stats_null_count: ch.nulls === undefined ? null : Number(ch.nulls) })),
      );
      expect(ours).toEqual(duck);
      expect(Number(footer.rows)).toBe(Number((await rows(`select count(*) as n from read_parquet('${file}')`))[0]?.n));
      // hyparquet, an independent decoder of the same Thrift, on everything we decode.
      const reference = parquetMetadata(new Uint8Array(readFileSync(file)));
      expect(footer.leaves.map((l) => l.name)).toEqual(reference.schema.slice(1).map((e) => e.name));
      reference.row_groups.forEach((g, gi) =>
        g.columns.forEach((ch, ci) => {
          const mine = groups[gi]?.chunks[ci];
          const s = ch.meta_data?.statistics;
          expect({ exact: [mine?.minExact, mine?.maxExact], nulls: mine?.nulls }).toEqual({ exact: [s?.is_min_value_exact, s?.is_max_value_exact], nulls: s?.null_count === undefined ? undefined : Number(s.null_count) });
          if (ch.meta_data?.type === 'BYTE_ARRAY' && mine?.min) expect([Buffer.from(mine.min).toString(), Buffer.from(mine.max as Uint8Array).toString()]).toEqual([s?.min_value, s?.max_value]);
          if (ch.meta_data?.type === 'INT64' && mine?.min && typeof s?.min_value === 'bigint') expect(Buffer.from(mine.min).readBigInt64LE()).toBe(s.min_value);
        }),
      );
    }
    // Several row groups are really there, so combining them is tested.
    expect(readParquetFooter(files['several-groups'] as string).groupCount).toBeGreaterThan(1);
    expect(readParquetFooter(files.zstd as string).groupCount).toBeGreaterThan(1);
  });

  it('combines the statistics into what DuckDB’s statement and a scan of the rows give', async () => {
    for (const file of Object.values(files)) {
      const columns = await columnsOf(file);
      const ours = footerStatistics(readParquetFooter(file), columns);
      const r = await c.runAndReadAll(parquetStatisticsSql(duckdbDialect, `'${file}'`, columns));
      const duckRow = r.getRowObjectsJS().map((row) => {
        const plain = plainRow(row);
        // As the connection gives them: dates and timestamps as calendar text.
        r.columnNames().forEach((name, i) => {
          const v = row[name];
          const t = String(r.columnTypes()[i]);
          if (v instanceof Date) plain[name] = utcDateToCalendar(v, t === 'DATE');
        });
        return plain;
      })[0] as Record<string, unknown>;
      const duck = fileStatisticsOf(duckRow, columns);
      if (file === files.empty) {
        // DuckDB's statement sums no row groups to null and states nothing; the footer says 0 rows.
        expect(duck).toBeUndefined();
        expect(ours.rows).toBe(0);
      } else {
        expect(ours.rows).toBe(duck?.rows);
        for (const col of columns) expect([col.name, ours.columns.get(col.name)]).toEqual([col.name, duck?.columns.get(col.name)]);
      }
      // And against the rows themselves, for every number the footer states.
      for (const col of columns) {
        const q = `"${col.name}"`;
        const epoch = col.type === 'date' || col.type === 'timestamp' ? `epoch(max(${q}))` : 'null';
        const scan = (await rows(`select count(*) - count(${q}) as nulls, min(${q}) as min, max(${q}) as max, ${epoch} as e from read_parquet('${file}')`))[0] as Record<string, unknown>;
        const known = ours.columns.get(col.name) ?? {};
        expect(known.nulls).toBe(scan.nulls);
        for (const side of ['min', 'max'] as const) {
          if (!(side in known)) continue;
          const v = scan[side];
          expect([col.name, side, known[side]]).toEqual([col.name, side, v === null ? null : col.type === 'date' ? String(v).slice(0, 10) : col.type === 'timestamp' ? String(v).replace('T', ' ').replace(/(\.000)?Z$/, '') : v]);
        }
        if (known.maxEpoch !== undefined) expect(known.maxEpoch).toBe(scan.e);
      }
    }
  });

  it('states only what is exact: no min/max of doubles, decimals or truncated text; all-null columns have null min/max', async () => {
    const file = files['several-groups'] as string;
    const stats = footerStatistics(readParquetFooter(file), await columnsOf(file));
    for (const name of ['ratio', 'amount', 'long_text']) expect([name, 'min' in (stats.columns.get(name) ?? {})]).toEqual([name, false]);
    for (const name of ['id', 'small', 'big_u', 'name', 'day', 'at', 'accented']) expect([name, 'min' in (stats.columns.get(name) ?? {}), 'max' in (stats.columns.get(name) ?? {})]).toEqual([name, true, true]);
    expect(stats.columns.get('day')).toMatchObject({ nulls: 1667, min: '2020-02-29', max: '2021-04-03' }); // python3: max over i of 2020-02-29 + (i % 400) days, i % 3 != 0
    expect(stats.columns.get('nothing')).toEqual({ nulls: 5000, min: null, max: null });
    expect(stats.columns.get('name')).toMatchObject({ nulls: 1000, min: 'name 0001', max: 'name 0999' });
    expect(stats.columns.get('accented')).toMatchObject({ min: 'Ünïcödé 0', max: 'Ünïcödé 2' });
    // A column the file does not have is stated as nothing.
    expect(footerStatistics(readParquetFooter(file), [{ name: 'absent', nativeType: 'BIGINT', type: 'integer' }]).columns.get('absent')).toEqual({});
  });

  it('refuses what is not a whole Parquet footer, by throwing, and reads nothing else', () => {
    const good = readFileSync(files['one-group'] as string);
    const bad: [string, Buffer][] = [
      ['not-parquet.parquet', Buffer.from('id,name\n1,a\n')],
      ['short.parquet', Buffer.from('PAR1')],
      ['truncated.parquet', good.subarray(0, good.length - 20)],
      ['lying-length.parquet', Buffer.concat([good.subarray(0, good.length - 8), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.from('PAR1')])],
      ['garbled-footer.parquet', Buffer.concat([good.subarray(0, good.length - 200), Buffer.alloc(192, 0xff), good.subarray(good.length - 8)])],
    ];
    for (const [name, bytes] of bad) {
      const file = path.join(ROOT, name);
      writeFileSync(file, bytes);
      expect(() => readParquetFooter(file), name).toThrow();
    }
  });
});

describe('the columns from the footer', () => {
  // Every type DuckDB writes, and a nested list and struct: the footer's reading must be
  // DuckDB's describe where it gives one, and give none (DuckDB then describes) otherwise.
  const TYPES = `select 1::tinyint a, 1::smallint b, 1::integer c, 1::bigint d, 1::utinyint e, 1::usmallint f, 1::uinteger g,
    1::ubigint h, 1.5::float i, 1.5::double j, 1.5::decimal(10,2) k, 'x' l, true m, date '2024-01-01' n, timestamp '2024-01-01' o,
    timestamptz '2024-01-01' p, '2024-01-01 00:00:00'::timestamp_ms q, '2024-01-01'::timestamp_ns r, '2024-01-01'::timestamp_s s,
    'x'::blob t, uuid() u, time '10:00' v, 1::hugeint w, interval 1 day z`;

  it('are the columns DuckDB describes, for the types whose reading is certain', async () => {
    const file = path.join(ROOT, 'types.parquet');
    await c.run(`copy (${TYPES}) to '${file}' (format parquet)`);
    const described = await columnsOf(file);
    const footer = readParquetFooter(file);
    const certain = footer.leaves.map((leaf) => [leaf.name, duckdbTypeOf(leaf)] as const).filter(([, type]) => type !== undefined);
    // Each type the footer names is DuckDB's own, and the common ones are all named.
    for (const [name, type] of certain) expect(type).toBe(described.find((col) => col.name === name)?.nativeType);
    expect(certain.map(([name]) => name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'w']);
    // One uncertain column (a decimal, a UUID, a time, an interval) and the footer gives no columns at all.
    expect(footerColumns(footer, canonicalType)).toBeUndefined();
    const plain = path.join(ROOT, 'plain-types.parquet');
    await c.run(`copy (select a, b, c, d, i, j, l, m, n, o from (${TYPES})) to '${plain}' (format parquet)`);
    expect(footerColumns(readParquetFooter(plain), canonicalType)).toEqual(await columnsOf(plain));
  });

  it('gives none for a file with a nested column', async () => {
    const file = path.join(ROOT, 'nested.parquet');
    await c.run(`copy (select 1 as id, [1, 2] as list, {'a': 1} as rec) to '${file}' (format parquet)`);
    expect(footerColumns(readParquetFooter(file), canonicalType)).toBeUndefined();
  });
});
