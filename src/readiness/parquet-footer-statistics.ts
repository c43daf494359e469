// The statistics of a decoded Parquet footer (parquet-footer.ts) combined over its row groups
// by the rules of parquet-metadata.ts (only what the footer states exactly), into the same
// FileStatistics the DuckDB statement over parquet_metadata() gives, in the representation a
// scan gives: integers as numbers, a DATE as its calendar day, a TIMESTAMP as calendar text,
// text as text. Only the named columns' chunks are read, from the decoder's records: no chunk
// becomes an object. Source: Apache Parquet format, parquet.thrift (Statistics, ColumnOrder:
// signed order for INT32/INT64, unsigned for the UINT_* converted types, byte-wise for UTF8).
import type { ColumnInfo } from './check-evaluation.js';
import type { ParquetFooter, FooterLeaf } from './parquet-footer.js';
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

/** Byte-wise order of two texts in the footer (UTF-8 orders as its code points). */
function compareBytes(b: Uint8Array, a: number, aLength: number, c: number, cLength: number): number {
  const n = Math.min(aLength, cLength);
  for (let i = 0; i < n; i++) if (b[a + i] !== b[c + i]) return (b[a + i] as number) - (b[c + i] as number);
  return aLength - cLength;
}

/** Whole division toward zero (as bigint division), exact for numbers too. */
function wholeDiv(a: Whole, b: number): number {
  return typeof a === 'bigint' ? Number(a / BigInt(b)) : (a - (a % b)) / b;
}

/** The chunk of a top-level column in each row group (by its position among the leaves when it is there, else by its path), or undefined when a row group has none. */
function chunksOf(footer: ParquetFooter, position: number, name: string): number[] | undefined {
  const utf8 = Buffer.from(name, 'utf8');
  const chunks: number[] = [];
  for (let g = 0; g < footer.groupCount; g++) {
    let chunk = footer.chunkAt(g, position);
    if (chunk < 0 || !footer.isColumn(chunk, utf8)) {
      chunk = -1;
      for (let i = 0; i < footer.chunkCount(g) && chunk < 0; i++) if (footer.isColumn(footer.chunkAt(g, i), utf8)) chunk = footer.chunkAt(g, i);
    }
    if (chunk < 0) return undefined;
    chunks.push(chunk);
  }
  return chunks;
}

type Known = { nulls?: number; min?: unknown; max?: unknown; maxEpoch?: number };

/** A column's min or max over its chunks, when every chunk holding a value states an exact one. */
function extreme(footer: ParquetFooter, chunks: number[], side: 'min' | 'max', kind: Kind, unsigned: boolean, leaf: FooterLeaf, known: Known): void {
  const b = footer.bytes;
  let best: Whole | undefined;
  let bestAt = -1;
  let bestLength = 0;
  for (let g = 0; g < chunks.length; g++) {
    const chunk = chunks[g] as number;
    if (footer.nulls(chunk) === footer.groupRows(g)) continue; // nulls only: no min/max stated
    const at = footer.valueAt(chunk, side);
    if (at < 0) return;
    const length = footer.valueLength(chunk, side);
    if (kind === 'text') {
      if (footer.exact(chunk, side) !== true) return;
      const order = bestAt < 0 ? 0 : compareBytes(b, at, length, bestAt, bestLength);
      if (bestAt < 0 || (side === 'min' ? order < 0 : order > 0)) [bestAt, bestLength] = [at, length];
      continue;
    }
    const v = whole(b, at, length, unsigned, leaf.physical);
    if (v === undefined) return;
    if (best === undefined || (side === 'min' ? v < best : v > best)) best = v;
  }
  if (kind === 'text') known[side] = bestAt < 0 ? null : footer.text(bestAt, bestLength);
  else if (best === undefined) known[side] = null; // no value at all: min and max are null, as a scan says
  else if (kind === 'integer') known[side] = Number(best);
  else {
    const units = unitsPerMs(leaf) as number;
    const ms = kind === 'date' ? Number(best) * 86_400_000 : wholeDiv(best, units);
    known[side] = utcDateToCalendar(new Date(ms), kind === 'date');
    if (side === 'max') known.maxEpoch = kind === 'date' ? ms / 1000 : Number(best) / units / 1000;
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
    const chunks = leaf && chunksOf(footer, position, col.name);
    if (!leaf || !chunks) continue;
    let nulls = 0;
    for (const c of chunks) nulls += footer.nulls(c) ?? NaN;
    if (!Number.isNaN(nulls)) known.nulls = nulls;
    const kind = kindOf(col.nativeType, leaf);
    if (kind === undefined) continue;
    const unsigned = col.nativeType.toUpperCase().startsWith('U');
    extreme(footer, chunks, 'min', kind, unsigned, leaf, known);
    extreme(footer, chunks, 'max', kind, unsigned, leaf, known);
  }
  return stats;
}
