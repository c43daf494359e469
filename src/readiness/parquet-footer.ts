// A Parquet file's footer read directly, without an engine: the file ends with the footer's
// length and "PAR1", and the footer is a Thrift (compact protocol) FileMetaData. Its bytes are
// read straight into the memory of a small WebAssembly decoder (parquet-footer.wat, built by
// scripts/build-wasm.mjs), which walks them and leaves fixed-size records of only what the
// checks use: the schema's leaf types, each row group's row count, and per column chunk its
// path and statistics (null count, where its min/max bytes are, whether they are exact).
// Nothing is decoded into objects until asked for: a named column's statistics are combined
// over the row groups by the decoder too, on request (columnStatistics), and only their two
// extremes read here (parquet-footer-statistics.ts). Why WebAssembly: the same walk in
// JavaScript cost 10-15 ms of CPU on the 155 KB footer of the 10M-row benchmark file in a fresh
// process (V8 interprets it, then compiles it on another thread), more than half of an answer
// meant to be 50x faster than a scan; compiled ahead, about 1 ms, compiling the module included
// (docs/readiness.md). hyparquet, a maintained JavaScript reader, decodes every field of every
// chunk into objects (10-40 ms); it serves as the independent reference in the tests.
// Source: Apache Parquet format, parquet.thrift; Apache Thrift, compact protocol spec.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ColumnInfo } from './check-evaluation.js';

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

/** A column chunk as objects (for inspection and the tests; the statistics read the records). */
export interface FooterChunk {
  path: string[];
  nulls?: number;
  min?: Uint8Array;
  max?: Uint8Array;
  minExact?: boolean;
  maxExact?: boolean;
}

// Record layouts, as parquet-footer.wat writes them (sizes and offsets in bytes; every record
// starts at a multiple of 8). A row group: f64 num_rows, i32 its first chunk, i32 its chunk count.
// A column chunk: f64 null_count, then i32s (by index from the record's first i32, as
// CHUNK_INT.*) the first path element's offset and length, the path's element count, min
// offset and length, max offset and length, min and max exactness, the path list's elements.
const GROUP_SIZE = 16;
const CHUNK_SIZE = 48;
const CHUNK_INT = { pathAt: 2, pathLength: 3, pathCount: 4, minAt: 5, minLength: 6, maxAt: 7, maxLength: 8, minExact: 9, maxExact: 10, pathList: 11 } as const;
const SCHEMA_SIZE = 32;
const ERRORS = [
  'the Parquet footer could not be decoded',
  'the Parquet footer ends in the middle of a value',
  'the Parquet footer has a malformed number',
  'the Parquet footer states a count beyond 2^53',
  'the Parquet footer has an unknown Thrift type',
  'the Parquet footer has a list or size larger than itself',
  'the Parquet footer nests values too deep',
  'the Parquet footer needs more memory than there is',
  'the Parquet footer has a field of the wrong type',
  'a row group of the Parquet footer states no row count',
];

/** The decoded footer: its records in the decoder's memory, read through typed arrays. */
export class ParquetFooter {
  readonly rows: number;
  readonly leaves: FooterLeaf[];
  readonly groupCount: number;
  /** The footer's bytes and the records after them. */
  readonly bytes: Uint8Array;
  /** The records as i32s and as f64s (index = byte offset / 4 or / 8). */
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  /** Where the row group records start. */
  private readonly groups: number;

  /** `bytes` as a Buffer, for its UTF-8 decoder. */
  private readonly chars: Buffer;
  /** Per leaf, where its name is in `bytes` (offset, length), for the decoder to find its chunks by. */
  private readonly leafNames: number[] = [];

  constructor(
    memory: ArrayBuffer,
    private readonly header: number,
    private readonly decoder: DecoderExports,
  ) {
    this.bytes = new Uint8Array(memory);
    this.chars = Buffer.from(memory);
    this.ints = new Int32Array(memory);
    this.floats = new Float64Array(memory);
    this.rows = this.floats[header >> 3] as number;
    if (Number.isNaN(this.rows) || this.rows < 0) throw new Error('the Parquet footer states no row count');
    this.leaves = this.schemaLeaves(this.int(header + 8), this.int(header + 12));
    this.groups = this.int(header + 16);
    this.groupCount = this.int(header + 20);
  }

  private int(at: number): number {
    return this.ints[at >> 2] as number;
  }

  groupRows(group: number): number {
    return this.floats[(this.groups + group * GROUP_SIZE) >> 3] as number;
  }

  chunkCount(group: number): number {
    return this.int(this.groups + group * GROUP_SIZE + 12);
  }

  /** Where the record of a row group's i-th column chunk is (a byte offset into the records), or -1. */
  chunkAt(group: number, i: number): number {
    if (i < 0 || i >= this.chunkCount(group)) return -1;
    return this.int(this.groups + group * GROUP_SIZE + 8) + i * CHUNK_SIZE;
  }

  /**
   * One top-level leaf's statistics over the row groups, combined by the decoder (`column` in
   * parquet-footer.wat): the null count (NaN when a chunk states none) and where the min and max
   * values are (offset and length in `bytes`; -1 when no row group holds a value, -2 when not
   * known exactly), read as `mode` says (1 INT32, 2 INT32 unsigned, 3 INT64, 4 INT64 unsigned,
   * 5 UTF-8 text, exact only; 0 none). Undefined when a row group has no chunk of it.
   */
  columnStatistics(leaf: number, mode: number): { nulls: number; min: number; minLength: number; max: number; maxLength: number } | undefined {
    const out = this.header + 24;
    if (this.decoder.column(this.header, leaf, this.leafNames[2 * leaf] as number, this.leafNames[2 * leaf + 1] as number, mode, out) === 0) return undefined;
    const q = out >> 2;
    const ints = this.ints;
    return { nulls: this.floats[out >> 3] as number, min: ints[q + 2] as number, minLength: ints[q + 3] as number, max: ints[q + 4] as number, maxLength: ints[q + 5] as number };
  }

  /** A column chunk as objects. */
  chunk(group: number, i: number): FooterChunk {
    const c = this.chunkAt(group, i);
    if (c < 0) throw new Error(`no column chunk ${i} in row group ${group}`);
    const slot = (k: number) => this.ints[(c >> 2) + k] as number;
    const path: string[] = [];
    let at = slot(CHUNK_INT.pathList);
    for (let k = 0; k < slot(CHUNK_INT.pathCount); k++) {
      let n = 0;
      for (let shift = 0; ; shift += 7) {
        const b = this.bytes[at++] as number;
        n += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      path.push(this.text(at, n));
      at += n;
    }
    const out: FooterChunk = { path };
    const nulls = this.floats[c >> 3] as number;
    if (!Number.isNaN(nulls)) out.nulls = nulls;
    const [minAt, maxAt] = [slot(CHUNK_INT.minAt), slot(CHUNK_INT.maxAt)];
    if (minAt >= 0) out.min = this.bytes.slice(minAt, minAt + slot(CHUNK_INT.minLength));
    if (maxAt >= 0) out.max = this.bytes.slice(maxAt, maxAt + slot(CHUNK_INT.maxLength));
    if (slot(CHUNK_INT.minExact) !== -1) out.minExact = slot(CHUNK_INT.minExact) === 1;
    if (slot(CHUNK_INT.maxExact) !== -1) out.maxExact = slot(CHUNK_INT.maxExact) === 1;
    return out;
  }

  /** Every row group with its chunks as objects (for inspection and the tests). */
  rowGroups(): { rows: number; chunks: FooterChunk[] }[] {
    return Array.from({ length: this.groupCount }, (_, g) => ({ rows: this.groupRows(g), chunks: Array.from({ length: this.chunkCount(g) }, (_, i) => this.chunk(g, i)) }));
  }

  text(at: number, length: number): string {
    return this.chars.toString('utf8', at, at + length);
  }

  /** The schema's elements as leaves, each marked nested unless it hangs directly off the root. */
  private schemaLeaves(at: number, count: number): FooterLeaf[] {
    const ints = this.ints;
    const stated = (v: number) => (v === -1 ? undefined : v);
    const leaves: FooterLeaf[] = [];
    // Elements are depth-first, the root first: per open group (the root at the bottom), how
    // many of its children are still to come. A leaf under any group but the root is nested.
    const left: number[] = [];
    for (let k = 0; k < count; k++) {
      const q = (at + k * SCHEMA_SIZE) >> 2;
      const children = ints[q + 3] as number;
      if (k > 0) {
        left[left.length - 1] = (left[left.length - 1] as number) - 1;
        if (children <= 0) {
          const utc = ints[q + 7] as number;
          const name = ints[q + 1] === -1 ? '' : this.text(ints[q + 1] as number, ints[q + 2] as number);
          leaves.push({ name, physical: stated(ints[q] as number), converted: stated(ints[q + 4] as number), logical: stated(ints[q + 5] as number), unit: stated(ints[q + 6] as number), utc: utc === -1 ? undefined : utc === 1, nested: left.length > 1 });
          this.leafNames.push(ints[q + 1] as number, ints[q + 2] as number);
        }
      }
      if (children > 0) left.push(children);
      while (left.length > 0 && left[left.length - 1] === 0) left.pop();
      if (left.length === 0) break; // the root's children are all read
    }
    return leaves;
  }
}

// WebAssembly's JavaScript API, a global of Node (its types are in TypeScript's DOM library, not in ES2023's).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  RuntimeError: new () => Error;
}
interface DecoderExports {
  decode(length: number): number;
  column(header: number, position: number, name: number, length: number, mode: number, out: number): number;
  error(): number;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const DECODER = fileURLToPath(new URL('../../dist/wasm/parquet-footer.wasm', import.meta.url));
let decoderModule: object | undefined;

/** The compiled decoder, once per process (a 3 KB module: compiled on first use, in about 0.4 ms). */
function decoder(): object {
  if (decoderModule === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(DECODER);
    } catch {
      throw new Error(`the Parquet footer decoder is not built (${DECODER}): run npm run build:wasm`);
    }
    decoderModule = new wasm.Module(bytes);
  }
  return decoderModule;
}

/** A memory for a footer of this length and its records (about a third of its size; the decoder grows it if need be). */
function memoryFor(length: number): WasmMemory {
  return new wasm.Memory({ initial: Math.ceil((length * 1.5 + 4096) / 65536), maximum: 32768 });
}

/** Decodes the footer in bytes [0, length) of the memory. */
function decodeIn(memory: WasmMemory, length: number): ParquetFooter {
  const instance = new wasm.Instance(decoder(), { env: { memory } });
  const exports = instance.exports as DecoderExports;
  let header: number;
  try {
    header = exports.decode(length);
  } catch (e) {
    if (!(e instanceof wasm.RuntimeError)) throw e;
    throw new Error(ERRORS[exports.error()] ?? (ERRORS[0] as string));
  }
  return new ParquetFooter(memory.buffer, header, exports);
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
    const memory = memoryFor(length);
    if (readSync(fd, new Uint8Array(memory.buffer, 0, length), 0, length, size - 8 - length) !== length) throw new Error(`${file}: the footer could not be read whole`);
    return decodeIn(memory, length);
  } finally {
    closeSync(fd);
  }
}

/** Decodes a FileMetaData (the footer without its length and magic). */
export function decodeFooter(footer: Uint8Array): ParquetFooter {
  const memory = memoryFor(footer.length);
  new Uint8Array(memory.buffer).set(footer);
  return decodeIn(memory, footer.length);
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
