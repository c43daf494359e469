// The WebAssembly footer decoder (parquet-footer.wat) and its combining of a column's statistics,
// against DuckDB's parquet_metadata() (the independent reference) on a file of ~200 row groups
// whose values reach what a careless reading gets wrong: negative numbers, unsigned numbers
// beyond the signed range (an order by sign would pick the wrong extreme), text whose bytewise
// order is not its alphabetical one, row groups of nulls only, text statistics that are exact in
// some row groups and truncated in others, dates before 1970. And broken footers: each fault
// gives its own message.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBInstance as Instance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/readiness/check-evaluation.js';
import { canonicalType } from '../../src/readiness/connectors/duckdb/column-types.js';
import { duckdbDialect } from '../../src/readiness/connectors/duckdb/dialect.js';
import { footerStatistics } from '../../src/readiness/parquet-footer-statistics.js';
import { decodeFooter, readParquetFooter } from '../../src/readiness/parquet-footer.js';
import { fileStatisticsOf, parquetStatisticsSql } from '../../src/readiness/parquet-metadata.js';
import { plainRow, utcDateToCalendar } from '../../src/readiness/source-connection.js';

const ROOT = mkdtempSync(path.join(tmpdir(), 'traction-parquet-decoder-'));
const FILE = path.join(ROOT, 'extremes.parquet');
const N = 400_000;
// Row groups of 2,048 rows (DuckDB's unit): 196 of them. In row groups 0, 3, 6... `sparse` is all null.
// Row groups of negative numbers only and of positive ones only, and of unsigned numbers in
// the lower half of their range only and in the upper (negative, read signed) only: an order by
// the wrong sign picks another row group's extreme.
const SELECT = `select i - 200000 as neg, ((i - 200000) * 3)::integer as i32,
  (case when (i // 2048) % 2 = 0 then i else 18446744073709551615 - i end)::ubigint as u64,
  (case when (i // 2048) % 2 = 0 then i else 4294967295 - i end)::uinteger as u32,
  case when (i // 2048) % 3 = 0 then null when i % 5 = 0 then null else i end as sparse,
  (['Zebra ', 'Äpfel ', 'apple ', 'zoo '])[1 + i % 4] || i as word,
  case when i < 100000 then repeat('y', 300) || i else 'short ' || i end as partly_long,
  date '1960-01-01' + (i % 20000)::integer as day
  from range(${N}) t(i)`;

let db: Instance;
let c: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS().map((row) => plainRow(row));
}

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  await c.run(`copy (${SELECT}) to '${FILE}' (format parquet, row_group_size 2048)`);
});
afterAll(() => {
  c?.closeSync();
  db?.closeSync();
  rmSync(ROOT, { recursive: true, force: true });
});

/** A stated value's bytes as DuckDB's parquet_metadata() writes it (text). */
function asText(column: string, b: Uint8Array): string {
  const buf = Buffer.from(b);
  if (column === 'neg' || column === 'sparse') return String(buf.readBigInt64LE());
  if (column === 'i32') return String(buf.readInt32LE());
  if (column === 'u64') return String(buf.readBigUInt64LE());
  if (column === 'u32') return String(buf.readUInt32LE());
  if (column === 'day') return utcDateToCalendar(new Date(buf.readInt32LE() * 86_400_000), true);
  return buf.toString('utf8');
}

describe('the WebAssembly footer decoder', () => {
  it("reads every chunk's null count, min, max and exactness as DuckDB's parquet_metadata() does, over ~200 row groups", async () => {
    const footer = readParquetFooter(FILE);
    const duck = await rows(`select row_group_id, row_group_num_rows, path_in_schema, stats_null_count, stats_min_value, stats_max_value, min_is_exact, max_is_exact
      from parquet_metadata('${FILE}') order by row_group_id, column_id`);
    expect(footer.groupCount).toBeGreaterThan(150);
    const ours = footer.rowGroups().flatMap((g, gi) =>
      g.chunks.map((ch) => ({
        row_group_id: gi,
        row_group_num_rows: g.rows,
        path_in_schema: ch.path.join('.'),
        stats_null_count: ch.nulls ?? null,
        stats_min_value: ch.min === undefined ? null : asText(ch.path[0] as string, ch.min),
        stats_max_value: ch.max === undefined ? null : asText(ch.path[0] as string, ch.max),
        min_is_exact: ch.minExact ?? null,
        max_is_exact: ch.maxExact ?? null,
      })),
    );
    expect(ours).toEqual(duck);
    // The file really has what the test is about.
    expect(duck.some((r) => r.path_in_schema === 'sparse' && r.stats_null_count === r.row_group_num_rows)).toBe(true);
    expect(new Set(duck.filter((r) => r.path_in_schema === 'partly_long').map((r) => r.max_is_exact))).toEqual(new Set([true, false]));
  });

  it('combines them into what DuckDB’s statement over parquet_metadata() and a scan of the rows give', async () => {
    const columns: ColumnInfo[] = (await rows(`describe select * from read_parquet('${FILE}')`)).map((r) => ({ name: String(r.column_name), nativeType: String(r.column_type), type: canonicalType(String(r.column_type)) }));
    const ours = footerStatistics(readParquetFooter(FILE), columns);
    const r = await c.runAndReadAll(parquetStatisticsSql(duckdbDialect, `'${FILE}'`, columns));
    const row = plainRow(r.getRowObjectsJS()[0] ?? {});
    r.columnNames().forEach((name, i) => {
      const v = r.getRowObjectsJS()[0]?.[name];
      if (v instanceof Date) row[name] = utcDateToCalendar(v, String(r.columnTypes()[i]) === 'DATE');
    });
    const duck = fileStatisticsOf(row, columns);
    expect(ours.rows).toBe(N);
    for (const col of columns) expect([col.name, ours.columns.get(col.name)]).toEqual([col.name, duck?.columns.get(col.name)]);
    const scan = (await rows(`select ${columns.map((col) => `count(*) - count("${col.name}") as "${col.name}_nulls", min("${col.name}") as "${col.name}_min", max("${col.name}") as "${col.name}_max"`).join(', ')} from read_parquet('${FILE}')`))[0] as Record<string, unknown>;
    const calendar = (col: ColumnInfo, v: unknown) => (col.type === 'date' && typeof v === 'string' ? v.slice(0, 10) : v);
    for (const col of columns) {
      const known = ours.columns.get(col.name) ?? {};
      expect([col.name, known.nulls]).toEqual([col.name, scan[`${col.name}_nulls`]]);
      for (const side of ['min', 'max'] as const) if (side in known) expect([col.name, side, known[side]]).toEqual([col.name, side, calendar(col, scan[`${col.name}_${side}`])]);
    }
    // What is stated, and what is not: text truncated in some row groups has no exact max.
    expect(Object.keys(ours.columns.get('partly_long') ?? {})).toEqual(['nulls']);
    expect(ours.columns.get('u64')).toMatchObject({ min: 0, max: Number(18446744073709551615n - 2048n) });
    expect(ours.columns.get('u32')).toMatchObject({ min: 0, max: 4294967295 - 2048 });
    expect(ours.columns.get('i32')).toMatchObject({ min: -600000, max: (N - 200001) * 3 });
    expect(ours.columns.get('word')).toMatchObject({ min: 'Zebra 0', max: 'Äpfel 99997' }); // bytewise: 'Z' < 'a' < 'z' < 'Ä', '99997' > '399997'
    expect(ours.columns.get('neg')).toMatchObject({ min: -200000, max: N - 200001 });
    expect(ours.columns.get('day')).toMatchObject({ min: '1960-01-01' });
  });

  it('says what is wrong with a broken footer, each fault in its own words', () => {
    const good = readFileSync(FILE);
    const length = good.readUInt32LE(good.length - 8);
    const footer = good.subarray(good.length - 8 - length, good.length - 8);
    const decode = (bytes: Uint8Array) => () => decodeFooter(bytes);
    // Cut short: a value runs past the end.
    expect(decode(footer.subarray(0, length - 100))).toThrow('the Parquet footer ends in the middle of a value');
    expect(decode(new Uint8Array(0))).toThrow('the Parquet footer ends in the middle of a value');
    // Field 1 (version, i32) as type 13, which the compact protocol does not have.
    expect(decode(Uint8Array.from([0x1d, 0x02, 0x00]))).toThrow('the Parquet footer has an unknown Thrift type');
    // Field 4 (row_groups) a list of structs claiming 2^23 elements.
    expect(decode(Uint8Array.from([0x49, 0xfc, 0x80, 0x80, 0x80, 0x04, 0x00]))).toThrow('the Parquet footer has a list or size larger than itself');
    // A number of 11 bytes.
    expect(decode(Uint8Array.from([0x16, ...new Array<number>(11).fill(0xff), 0x01, 0x00]))).toThrow('the Parquet footer has a malformed number');
    // num_rows (field 3, i64) = 2^60 (zigzag 2^61).
    expect(decode(Uint8Array.from([0x36, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00]))).toThrow('the Parquet footer states a count beyond 2^53');
    // An unknown field (id 9) of structs nested 100 deep.
    expect(decode(Uint8Array.from([0x9c, ...new Array<number>(99).fill(0x1c), ...new Array<number>(101).fill(0x00)]))).toThrow('the Parquet footer nests values too deep');
    // schema (field 2) a list of numbers, not of structs.
    expect(decode(Uint8Array.from([0x29, 0x15, 0x02, 0x00]))).toThrow('the Parquet footer has a field of the wrong type');
    // A row group (field 4: one struct) without num_rows.
    expect(decode(Uint8Array.from([0x49, 0x1c, 0x00, 0x00]))).toThrow('a row group of the Parquet footer states no row count');
    // No num_rows at all.
    expect(decode(Uint8Array.from([0x15, 0x02, 0x00]))).toThrow('the Parquet footer states no row count');
    // And the whole footer still decodes.
    expect(decodeFooter(footer).rows).toBe(N);
  });
});
