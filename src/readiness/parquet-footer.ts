// A Parquet file's footer read directly, without an engine: the file ends with the footer's
// length and "PAR1", and the footer is a Thrift (compact protocol) FileMetaData. This decodes
// only what the checks use (the schema's leaf types, each row group's row count, and per column
// chunk its path and statistics: null count, min/max bytes and whether they are exact) and
// skips every other field without building it: a footer of 82 row groups x 20 columns
// (155 KB) decodes in 1-2 ms once the JIT has compiled the decoder, 10-15 ms of CPU in a fresh
// process (interpreted; docs/readiness.md). hyparquet, a maintained reader, decodes every field
// of every chunk into objects, which cost 10-40 ms of CPU on that footer: more than the whole
// budget of an answer meant to be 50x faster than a scan; it serves as the independent
// reference in the tests instead. The statistics are combined over the row groups by the rules
// of parquet-metadata.ts (only what the footer states exactly), into the same FileStatistics
// the DuckDB statement over parquet_metadata() gives, in the representation a scan gives:
// integers as numbers, a DATE as its calendar day, a TIMESTAMP as calendar text, text as text.
// Source: Apache Parquet format, parquet.thrift (FileMetaData, SchemaElement, LogicalType,
// RowGroup, ColumnChunk, ColumnMetaData, Statistics); Apache Thrift, compact protocol spec.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ColumnInfo } from './check-evaluation.js';
import type { FileStatistics } from './parquet-metadata.js';
import { utcDateToCalendar } from './source-connection.js';

/** One leaf of the schema: its physical type and what its converted or logical type says. */
export interface FooterLeaf {
  name: string;
  /** Parquet physical type: 0 BOOLEAN, 1 INT32, 2 INT64, 3 INT96, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY, 7 FIXED_LEN_BYTE_ARRAY. */
  physical?: number;
  /** ConvertedType: 5 DECIMAL, 6 DATE, 9 TIMESTAMP_MILLIS, 10 TIMESTAMP_MICROS, ... */
  converted?: number;
  /** LogicalType union member: 5 DECIMAL, 6 DATE, 8 TIMESTAMP, 10 INTEGER, ... */
  logical?: number;
  /** For a TIMESTAMP logical type: 1 MILLIS, 2 MICROS, 3 NANOS. */
  unit?: number;
  /** For a TIMESTAMP logical type: isAdjustedToUTC (an instant, not a wall-clock reading). */
  utc?: boolean;
  /** Nested (a group), or a leaf below one: not a top-level column. */
  nested: boolean;
}

export interface FooterChunk {
  path: string[];
  nulls?: number;
  min?: Uint8Array;
  max?: Uint8Array;
  minExact?: boolean;
  maxExact?: boolean;
}

export interface ParquetFooter {
  rows: number;
  leaves: FooterLeaf[];
  rowGroups: { rows: number; chunks: FooterChunk[] }[];
}

const MAGIC = 0x31524150; // "PAR1", little-endian

/** The file's footer, read from its last bytes only. Throws on anything that is not a whole Parquet footer. */
export function readParquetFooter(file: string): ParquetFooter {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 12) throw new Error(`${file}: too short for a Parquet file`);
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, size - 8);
    if (tail.readUInt32LE(4) !== MAGIC) throw new Error(`${file}: no Parquet footer (the file does not end with PAR1)`);
    const length = tail.readUInt32LE(0);
    if (length + 12 > size) throw new Error(`${file}: the Parquet footer says ${length} bytes, more than the file holds`);
    const footer = Buffer.alloc(length);
    if (readSync(fd, footer, 0, length, size - 8 - length) !== length) throw new Error(`${file}: the footer could not be read whole`);
    // A plain typed array, not a Buffer: its subarray (every min and max) is the engine's own, far cheaper.
    return decodeFooter(new Uint8Array(footer.buffer, footer.byteOffset, footer.byteLength));
  } finally {
    closeSync(fd);
  }
}

// Thrift compact protocol types.
const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const;

const IGNORE = () => undefined;

class Reader {
  at = 0;
  /** The footer as a plain typed array (its subarray, every min and max, is far cheaper than a Buffer's) and as a Buffer (for its text decoder). */
  constructor(
    private readonly buf: Uint8Array,
    private readonly chars: Buffer,
  ) {}

  byte(): number {
    if (this.at >= this.buf.length) throw new Error('the Parquet footer ends in the middle of a value');
    return this.buf[this.at++] as number;
  }
  /** A varint known to be small (lengths, sizes, i16/i32): plain number arithmetic. */
  smallVarint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error('the Parquet footer has a malformed number');
  }
  int(): number {
    const n = this.smallVarint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }
  /** An i64 count (rows, nulls) as a number: beyond 2^53 it is refused rather than rounded (no footer states such a count). */
  long(): number {
    let n = 0;
    for (let shift = 0; shift < 53; shift += 7) {
      const b = this.byte();
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
    }
    throw new Error('the Parquet footer states a count beyond 2^53');
  }
  binary(): Uint8Array {
    const n = this.smallVarint();
    if (this.at + n > this.buf.length) throw new Error('the Parquet footer ends in the middle of a value');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  text(): string {
    const n = this.smallVarint();
    if (this.at + n > this.buf.length) throw new Error('the Parquet footer ends in the middle of a value');
    this.at += n;
    return this.chars.toString('utf8', this.at - n, this.at);
  }
  /** The header of a list or set: its size and element type. */
  list(): { size: number; type: number } {
    const h = this.byte();
    const size = h >> 4 === 15 ? this.smallVarint() : h >> 4;
    if (size > this.buf.length) throw new Error('the Parquet footer has a list longer than itself');
    return { size, type: h & 0x0f };
  }
  /**
   * Calls `field` for each field of a struct (its id and type) until its stop; a field it does
   * not read is skipped. The hot path of the decoder (a footer is mostly fields skipped), so the
   * common cases are read inline rather than by a call per byte.
   */
  struct(field: (id: number, type: number) => void): void {
    const buf = this.buf;
    let last = 0;
    for (;;) {
      if (this.at >= buf.length) throw new Error('the Parquet footer ends in the middle of a value');
      const h = buf[this.at++] as number;
      if (h === 0) return;
      const type = h & 0x0f;
      const id = h >> 4 === 0 ? this.int() : last + (h >> 4);
      last = id;
      const before = this.at;
      if (field !== IGNORE) field(id, type);
      if (this.at !== before || type === T.TRUE || type === T.FALSE) continue;
      if (type === T.I32 || type === T.I64 || type === T.I16) {
        while ((buf[this.at++] as number) & 0x80); // a varint
        continue;
      }
      const b = buf[this.at] as number;
      if (type === T.BINARY && b < 0x80) this.at += 1 + b; // a short text or value
      else this.skip(type);
    }
  }
  bool(type: number): boolean {
    return type === T.TRUE;
  }
  skip(type: number): void {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return;
      case T.BYTE:
        this.at++;
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        // A varint: bytes until one without the continuation bit (past the end reads as
        // undefined, which stops it; the struct's next header then finds the end).
        while ((this.buf[this.at++] as number) & 0x80);
        return;
      case T.DOUBLE:
        this.at += 8;
        return;
      case T.BINARY:
        this.binary();
        return;
      case T.LIST:
      case T.SET: {
        const h = this.byte();
        const size = h >> 4 === 15 ? this.smallVarint() : h >> 4;
        if (size > this.buf.length) throw new Error('the Parquet footer has a list longer than itself');
        const element = h & 0x0f;
        // The common lists (encodings: numbers; encoding_stats: structs) without a call per element.
        if (element === T.I32 || element === T.I64 || element === T.I16) {
          const buf = this.buf;
          for (let i = 0; i < size; i++) while ((buf[this.at++] as number) & 0x80);
        } else if (element === T.STRUCT) for (let i = 0; i < size; i++) this.struct(IGNORE);
        // A boolean element is one byte.
        else if (element === T.TRUE || element === T.FALSE) this.at += size;
        else for (let i = 0; i < size; i++) this.skip(element);
        return;
      }
      case T.MAP: {
        const size = this.smallVarint();
        if (size === 0) return;
        const kv = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kv >> 4);
          this.skip(kv & 0x0f);
        }
        return;
      }
      case T.STRUCT:
        this.struct(IGNORE);
        return;
      default:
        throw new Error(`the Parquet footer has an unknown Thrift type ${type}`);
    }
  }
}

/** Decodes a FileMetaData (the footer without its length and magic), only the fields used. */
export function decodeFooter(buf: Uint8Array): ParquetFooter {
  const r = new Reader(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  const footer: ParquetFooter = { rows: -1, leaves: [], rowGroups: [] };
  r.struct((id, type) => {
    if (id === 2 && type === T.LIST) footer.leaves = schemaLeaves(r);
    else if (id === 3 && type === T.I64) footer.rows = r.long();
    else if (id === 4 && type === T.LIST) {
      const { size } = r.list();
      for (let i = 0; i < size; i++) footer.rowGroups.push(rowGroup(r));
    }
  });
  if (footer.rows < 0) throw new Error('the Parquet footer states no row count');
  return footer;
}

/** The schema's elements as leaves, each marked nested unless it hangs directly off the root. */
function schemaLeaves(r: Reader): FooterLeaf[] {
  const { size } = r.list();
  const elements: (FooterLeaf & { children: number })[] = [];
  for (let i = 0; i < size; i++) {
    const e: FooterLeaf & { children: number } = { name: '', nested: false, children: 0 };
    r.struct((id, type) => {
      if (id === 1 && type === T.I32) e.physical = r.int();
      else if (id === 4 && type === T.BINARY) e.name = r.text();
      else if (id === 5 && type === T.I32) e.children = r.int();
      else if (id === 6 && type === T.I32) e.converted = r.int();
      else if (id === 10 && type === T.STRUCT)
        r.struct((member, mtype) => {
          e.logical = member;
          if (member === 8 && mtype === T.STRUCT)
            r.struct((tid, ttype) => {
              if (tid === 1) e.utc = r.bool(ttype);
              else if (tid === 2 && ttype === T.STRUCT) r.struct((unit) => void (e.unit = unit));
            });
        });
    });
    elements.push(e);
  }
  // Elements are depth-first: the root's children are top-level; a group's are nested.
  const leaves: FooterLeaf[] = [];
  let k = 1;
  const walk = (count: number, nested: boolean) => {
    for (let i = 0; i < count && k < elements.length; i++) {
      const e = elements[k++] as FooterLeaf & { children: number };
      if (e.children > 0) walk(e.children, true);
      else leaves.push({ name: e.name, physical: e.physical, converted: e.converted, logical: e.logical, unit: e.unit, utc: e.utc, nested });
    }
  };
  walk(elements[0]?.children ?? 0, false);
  return leaves;
}

function rowGroup(r: Reader): ParquetFooter['rowGroups'][number] {
  const group: ParquetFooter['rowGroups'][number] = { rows: -1, chunks: [] };
  r.struct((id, type) => {
    if (id === 1 && type === T.LIST) {
      const { size } = r.list();
      for (let i = 0; i < size; i++) {
        const chunk: FooterChunk = { path: [] };
        r.struct((cid, ctype) => {
          if (cid === 3 && ctype === T.STRUCT) columnMetaData(r, chunk);
        });
        group.chunks.push(chunk);
      }
    } else if (id === 3 && type === T.I64) group.rows = r.long();
  });
  if (group.rows < 0) throw new Error('a row group of the Parquet footer states no row count');
  return group;
}

function columnMetaData(r: Reader, chunk: FooterChunk): void {
  r.struct((id, type) => {
    if (id === 3 && type === T.LIST) {
      const { size } = r.list();
      for (let i = 0; i < size; i++) chunk.path.push(r.text());
    } else if (id === 12 && type === T.STRUCT)
      r.struct((sid, stype) => {
        if (sid === 3 && stype === T.I64) chunk.nulls = r.long();
        else if (sid === 5 && stype === T.BINARY) chunk.max = r.binary();
        else if (sid === 6 && stype === T.BINARY) chunk.min = r.binary();
        else if (sid === 7) chunk.maxExact = r.bool(stype);
        else if (sid === 8) chunk.minExact = r.bool(stype);
      });
  });
}

/**
 * The type DuckDB's Parquet reader gives a top-level leaf, for the leaves whose reading is
 * certain (checked against DuckDB's own describe in parquet-metadata.test.ts); undefined for
 * any other (decimals, intervals, nested, converted types alone on a timestamp...), which
 * leaves the describing to DuckDB. Converted types: 0 UTF8, 6 DATE, 11-14 UINT_8..64,
 * 15-18 INT_8..64; logical: 1 STRING, 6 DATE, 8 TIMESTAMP.
 */
export function duckdbTypeOf(leaf: FooterLeaf): string | undefined {
  const { physical, converted: c, logical: l } = leaf;
  const plain = c === undefined && l === undefined;
  if (physical === 0) return plain ? 'BOOLEAN' : undefined;
  if (physical === 4) return plain ? 'FLOAT' : undefined;
  if (physical === 5) return plain ? 'DOUBLE' : undefined;
  if (physical === 1) {
    if (c === 6 || (c === undefined && l === 6)) return 'DATE';
    if (l !== undefined) return undefined;
    return c === undefined ? 'INTEGER' : ({ 11: 'UTINYINT', 12: 'USMALLINT', 13: 'UINTEGER', 15: 'TINYINT', 16: 'SMALLINT', 17: 'INTEGER' } as Record<number, string>)[c];
  }
  if (physical === 2) {
    if (l === 8 && leaf.utc !== undefined) return leaf.utc ? 'TIMESTAMP WITH TIME ZONE' : leaf.unit === 3 ? 'TIMESTAMP_NS' : leaf.unit === 1 || leaf.unit === 2 ? 'TIMESTAMP' : undefined;
    if (l !== undefined) return undefined;
    return c === undefined || c === 18 ? 'BIGINT' : c === 14 ? 'UBIGINT' : undefined;
  }
  if (physical === 6) {
    if (c === 0 && (l === undefined || l === 1)) return 'VARCHAR';
    if (l === 1 && c === undefined) return 'VARCHAR';
    return plain ? 'BLOB' : undefined;
  }
  return undefined;
}

/** The file's columns as DuckDB would describe them, or undefined when one is not certain (see duckdbTypeOf). */
export function footerColumns(footer: ParquetFooter, canonical: (native: string) => string): ColumnInfo[] | undefined {
  const columns: ColumnInfo[] = [];
  const names = new Set<string>();
  for (const leaf of footer.leaves) {
    const native = leaf.nested || names.has(leaf.name.toLowerCase()) ? undefined : duckdbTypeOf(leaf);
    if (native === undefined) return undefined;
    names.add(leaf.name.toLowerCase());
    columns.push({ name: leaf.name, nativeType: native, type: canonical(native) });
  }
  return columns;
}

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

/**
 * A stated value that orders as the engine orders it (text stays bytes). Whole numbers are
 * numbers when exact, else bigints: JavaScript compares a number with a bigint exactly.
 */
function orderable(kind: Kind, unsigned: boolean, physical: number | undefined, b: Uint8Array): Whole | Uint8Array | undefined {
  if (kind === 'text') return b;
  if (physical === 1 && b.byteLength === 4) {
    const v = (b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24);
    return unsigned ? v >>> 0 : v;
  }
  if (physical === 2 && b.byteLength === 8) {
    const lo = ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24)) >>> 0;
    const hi = (b[4] as number) | ((b[5] as number) << 8) | ((b[6] as number) << 16) | ((b[7] as number) << 24);
    // Within 2^52 either way the number is exact; beyond, the bigint.
    if (hi >= -0x100000 && hi < 0x100000 && !(unsigned && hi < 0)) return hi * 0x100000000 + lo;
    const view = new DataView(b.buffer, b.byteOffset, 8);
    return unsigned ? view.getBigUint64(0, true) : view.getBigInt64(0, true);
  }
  return undefined;
}

function less(a: Whole | Uint8Array, b: Whole | Uint8Array): boolean {
  return a instanceof Uint8Array ? Buffer.compare(a, b as Uint8Array) < 0 : a < (b as Whole);
}

/** Whole division toward zero (as bigint division), exact for numbers too. */
function wholeDiv(a: Whole, b: number): number {
  return typeof a === 'bigint' ? Number(a / BigInt(b)) : (a - (a % b)) / b;
}

/** The chunk of a top-level column in a row group: by its position among the leaves when it is there, else by its path. */
function chunkOf(group: ParquetFooter['rowGroups'][number], position: number, name: string): FooterChunk | undefined {
  const at = group.chunks[position];
  if (at !== undefined && at.path.length === 1 && at.path[0] === name) return at;
  return group.chunks.find((c) => c.path.length === 1 && c.path[0] === name);
}

/**
 * What the footer states exactly about these top-level columns: the row count, and per
 * column the null count when every row group states it, and min/max where every row group
 * that holds a value states an exact one (a row group of nulls only states none).
 */
export function footerStatistics(footer: ParquetFooter, columns: ColumnInfo[]): FileStatistics {
  let rows = 0;
  for (const g of footer.rowGroups) rows += g.rows;
  const stats: FileStatistics = { source: 'parquet metadata', rows, columns: new Map() };
  for (const col of columns) {
    const known: { nulls?: number; min?: unknown; max?: unknown; maxEpoch?: number } = {};
    stats.columns.set(col.name, known);
    const position = footer.leaves.findIndex((l) => !l.nested && l.name === col.name);
    const leaf = footer.leaves[position];
    if (!leaf) continue;
    const chunks: FooterChunk[] = [];
    for (const g of footer.rowGroups) {
      const chunk = chunkOf(g, position, col.name);
      if (chunk === undefined) break;
      chunks.push(chunk);
    }
    if (chunks.length !== footer.rowGroups.length) continue;
    let nulls = 0;
    for (const c of chunks) nulls = c.nulls === undefined || nulls === -1 ? -1 : nulls + c.nulls;
    if (nulls !== -1) known.nulls = nulls;
    const kind = kindOf(col.nativeType, leaf);
    if (kind === undefined) continue;
    const unsigned = col.nativeType.toUpperCase().startsWith('U');
    for (const side of ['min', 'max'] as const) {
      let best: Whole | Uint8Array | undefined;
      let exact = true;
      for (let i = 0; i < chunks.length; i++) {
        const chunk = chunks[i] as FooterChunk;
        if (chunk.nulls !== undefined && chunk.nulls === (footer.rowGroups[i] as ParquetFooter['rowGroups'][number]).rows) continue;
        const bytes = side === 'min' ? chunk.min : chunk.max;
        const stated = bytes === undefined ? undefined : orderable(kind, unsigned, leaf.physical, bytes);
        const isExact = kind !== 'text' || (side === 'min' ? chunk.minExact : chunk.maxExact) === true;
        if (stated === undefined || !isExact) {
          exact = false;
          break;
        }
        if (best === undefined || (side === 'min' ? less(stated, best) : less(best, stated))) best = stated;
      }
      if (!exact) continue;
      if (best === undefined) {
        known[side] = null; // no value at all: min and max are null, as a scan says
        continue;
      }
      if (kind === 'text') known[side] = Buffer.from((best as Uint8Array).buffer, (best as Uint8Array).byteOffset, (best as Uint8Array).byteLength).toString('utf8');
      else if (kind === 'integer') known[side] = Number(best);
      else {
        const units = unitsPerMs(leaf) as number;
        const ms = kind === 'date' ? Number(best) * 86_400_000 : wholeDiv(best as Whole, units);
        known[side] = utcDateToCalendar(new Date(ms), kind === 'date');
        if (side === 'max') known.maxEpoch = kind === 'date' ? ms / 1000 : Number(best as Whole) / units / 1000;
      }
    }
  }
  return stats;
}
