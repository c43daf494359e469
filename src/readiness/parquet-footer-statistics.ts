// The statistics of a decoded Parquet footer (parquet-footer.ts) combined over its row groups
// by the rules of parquet-metadata.ts (only what the footer states exactly), into the same
// FileStatistics the DuckDB statement over parquet_metadata() gives, in the representation a
// scan gives: integers as numbers, a DATE as its calendar day, a TIMESTAMP as calendar text,
// text as text. The named columns' chunks are combined by the decoder itself (`column` in
// parquet-footer.wat: null counts summed, the chunk with the least and greatest value found,
// as the column's order says); only those two values are read here. Source: Apache Parquet format, parquet.thrift (Statistics, ColumnOrder:
// signed order for INT32/INT64, unsigned for the UINT_* converted types, byte-wise for UTF8).
import type { ColumnInfo } from './check-evaluation.js';
import type { FooterLeaf, ParquetFooter } from './parquet-footer.js';
import type { FileStatistics } from './parquet-metadata.js';
import { utcDateToCalendar } from './source-connection.js';

type Kind = 'integer' | 'date' | 'timestamp' | 'text';

/**
 * Which of a column's min/max the footer may state exactly, from the engine's type (as
 * DuckDB describes the column) and the Parquet leaf's own: whole numbers stored as INT32/INT64
 * (not decimals), DATE as INT32, TIMESTAMP without time zone as INT64, text as BYTE_ARRAY;
 * never floating point (NaN is left out of Parquet's min/max), INT96 or anything else.
 */
function kindOf(nativeType: string, leaf: FooterLeaf): Kind | undefined {
  const native = nativeType.toUpperCase();
  const decimal = leaf.converted === 5 || leaf.logical === 5;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(native)) return (leaf.physical === 1 || leaf.physical === 2) && !decimal ? 'integer' : undefined;
  if (native === 'DATE') return leaf.physical === 1 && (leaf.converted === 6 || leaf.logical === 6) ? 'date' : undefined;
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(native)) return leaf.physical === 2 && unitsPerMs(leaf) !== undefined ? 'timestamp' : undefined;
  if (native === 'VARCHAR') return leaf.physical === 6 ? 'text' : undefined;
  return undefined;
}

/** A TIMESTAMP's stored units per millisecond (1 for millis, 1000 for micros, 1e6 for nanos). */
function unitsPerMs(leaf: FooterLeaf): number | undefined {
  if (leaf.converted === 9 || (leaf.logical === 8 && leaf.unit === 1)) return 1;
  if (leaf.converted === 10 || (leaf.logical === 8 && leaf.unit === 2)) return 1000;
  if (leaf.logical === 8 && leaf.unit === 3) return 1_000_000;
  return undefined;
}

/** A whole number stated in the footer: a number while exact (|v| < 2^53), a bigint beyond. */
type Whole = number | bigint;

/** A stated INT32/INT64 value (little-endian, `length` bytes at `at`), or undefined when its length is not its type's. */
function whole(b: Uint8Array, at: number, length: number, unsigned: boolean, physical: number | undefined): Whole | undefined {
  if (physical === 1 && length === 4) {
    const v = (b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24);
    return unsigned ? v >>> 0 : v;
  }
  if (physical === 2 && length === 8) {
    const lo = ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24)) >>> 0;
    const hi = (b[at + 4] as number) | ((b[at + 5] as number) << 8) | ((b[at + 6] as number) << 16) | ((b[at + 7] as number) << 24);
    // Within 2^52 either way the number is exact; beyond, the bigint.
    if (hi >= -0x100000 && hi < 0x100000 && !(unsigned && hi < 0)) return hi * 0x100000000 + lo;
    const view = new DataView(b.buffer, b.byteOffset + at, 8);
    return unsigned ? view.getBigUint64(0, true) : view.getBigInt64(0, true);
  }
  return undefined;
}

/** Whole division toward zero (as bigint division), exact for numbers too. */
function wholeDiv(a: Whole, b: number): number {
  return typeof a === 'bigint' ? Number(a / BigInt(b)) : (a - (a % b)) / b;
}

type Known = { nulls?: number; min?: unknown; max?: unknown; maxEpoch?: number };

/** How the decoder reads a kind's values (see ParquetFooter.columnStatistics): 0 when it has no exact min/max. */
function modeOf(kind: Kind | undefined, unsigned: boolean, leaf: FooterLeaf): number {
  if (kind === undefined) return 0;
  if (kind === 'text') return 5;
  if (leaf.physical === 1) return unsigned ? 2 : 1;
  return unsigned ? 4 : 3;
}

/** The stated min or max (at: its offset in the footer; -1 no value, -2 not known exactly) as a scan gives it. */
function valueOf(footer: ParquetFooter, at: number, length: number, side: 'min' | 'max', kind: Kind, unsigned: boolean, leaf: FooterLeaf, known: Known): void {
  if (at === -2) return;
  if (at === -1) {
    known[side] = null; // no value at all: min and max are null, as a scan says
    return;
  }
  if (kind === 'text') {
    known[side] = footer.text(at, length);
    return;
  }
  const v = whole(footer.bytes, at, length, unsigned, leaf.physical);
  if (v === undefined) return;
  if (kind === 'integer') known[side] = Number(v);
  else {
    const units = unitsPerMs(leaf) as number;
    const ms = kind === 'date' ? Number(v) * 86_400_000 : wholeDiv(v, units);
    known[side] = utcDateToCalendar(new Date(ms), kind === 'date');
    if (side === 'max') known.maxEpoch = kind === 'date' ? ms / 1000 : Number(v) / units / 1000;
  }
}

/**
 * What the footer states exactly about these top-level columns: the row count, and per
 * column the null count when every row group states it, and min/max where every row group
 * that holds a value states an exact one (a row group of nulls only states none).
 */
export function footerStatistics(footer: ParquetFooter, columns: ColumnInfo[]): FileStatistics {
  let rows = 0;
  for (let g = 0; g < footer.groupCount; g++) rows += footer.groupRows(g);
  const stats: FileStatistics = { source: 'parquet metadata', rows, columns: new Map() };
  for (const col of columns) {
    const known: Known = {};
    stats.columns.set(col.name, known);
    const position = footer.leaves.findIndex((l) => !l.nested && l.name === col.name);
    const leaf = footer.leaves[position];
    if (!leaf) continue;
    const kind = kindOf(col.nativeType, leaf);
    const unsigned = col.nativeType.toUpperCase().startsWith('U');
    // The chunks are combined by the decoder: in JavaScript, cold, the 82 x 7 chunks of the benchmark file cost 2-5 ms.
    const combined = footer.columnStatistics(position, modeOf(kind, unsigned, leaf));
    if (!combined) continue;
    if (!Number.isNaN(combined.nulls)) known.nulls = combined.nulls;
    if (kind === undefined) continue;
    valueOf(footer, combined.min, combined.minLength, 'min', kind, unsigned, leaf, known);
    valueOf(footer, combined.max, combined.maxLength, 'max', kind, unsigned, leaf, known);
  }
  return stats;
}
