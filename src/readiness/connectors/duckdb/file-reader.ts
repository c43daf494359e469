// How a CSV/TSV file is handed to DuckDB's read_csv: the dataset's file options (delimiter,
// quote, escape, null values, header, column names) and declared column types as reader
// arguments, the encodings DuckDB does not read itself transcoded to a UTF-8 temporary file,
// and DuckDB's read errors turned into messages that name the line and the column.
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CsvOptions, FileEncoding } from '../../../domain/file-options.js';
import { duckdbDialect as d } from './dialect.js';

/** Declared column types (`columns: {x: {type: ...}}`) as the DuckDB type a CSV column is read as. */
export const DECLARED_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  text: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/**
 * The read_csv arguments after the path. The header and the delimiter are always pinned:
 * with a free sniffer DuckDB may pick a "dialect" that silently drops ragged rows, so a
 * ragged file is an error instead. `types` maps column names to DuckDB types.
 */
export function csvArgs(options: CsvOptions, types: ReadonlyMap<string, string> = new Map()): string {
  const args = [`header = ${options.header === false ? 'false' : 'true'}`, `delim = ${d.string(options.delimiter ?? ',')}`, 'skip = 0'];
  if (options.quote !== undefined) args.push(`quote = ${d.string(options.quote)}`);
  if (options.escape !== undefined) args.push(`escape = ${d.string(options.escape)}`);
  if (options.null_values !== undefined) args.push(`nullstr = [${options.null_values.map((v) => d.string(v)).join(', ')}]`);
  if (options.column_names !== undefined) args.push(`names = [${options.column_names.map((v) => d.string(v)).join(', ')}]`);
  if (types.size > 0) args.push(`types = {${[...types].map(([name, type]) => `${d.string(name)}: ${d.string(type)}`).join(', ')}}`);
  return args.join(', ');
}

/** A decoder from `encoding` to text, fed chunk by chunk (a character may span two chunks). */
function decoder(encoding: Exclude<FileEncoding, 'utf-8'>, firstBytes: Buffer): (chunk?: Buffer) => string {
  // ISO-8859-1 maps every byte to the code point of the same number (WHATWG's 'latin1'
  // label means windows-1252, which differs in 0x80-0x9F, so it is done by hand here).
  if (encoding === 'latin1') return (chunk) => (chunk ? chunk.toString('latin1') : '');
  // 'utf-16' without a byte order mark is read as little-endian (as Windows writes it).
  const label = encoding === 'utf-16' ? (firstBytes[0] === 0xfe && firstBytes[1] === 0xff ? 'utf-16be' : 'utf-16le') : encoding;
  const text = new TextDecoder(label, { fatal: true });
  return (chunk) => (chunk ? text.decode(chunk, { stream: true }) : text.decode());
}

async function firstBytes(file: string): Promise<Buffer> {
  for await (const chunk of createReadStream(file, { start: 0, end: 1 })) return chunk as Buffer;
  return Buffer.alloc(0);
}

/**
 * Writes `file` decoded from `encoding` as UTF-8 into `dir` (DuckDB reads UTF-8; its own
 * latin-1 refuses windows-1252's € and its UTF-16 reads a big-endian file as nothing), and
 * returns the copy's path. The caller removes it once DuckDB has read it.
 */
export async function transcodeToUtf8(file: string, encoding: Exclude<FileEncoding, 'utf-8'>, dir: string, name: string): Promise<string> {
  const out = path.join(dir, `${name}.utf8.csv`);
  const decode = decoder(encoding, await firstBytes(file));
  await pipeline(
    createReadStream(file),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        try {
          done(null, decode(chunk));
        } catch (e) {
          done(e as Error);
        }
      },
      flush(done) {
        try {
          done(null, decode());
        } catch (e) {
          done(e as Error);
        }
      },
    }),
    createWriteStream(out),
  ).catch((e: Error) => {
    rmSync(out, { force: true });
    throw new Error(`the file is not valid ${encoding} (${e.message})`);
  });
  return out;
}

/** What DuckDB's message says about a value that does not fit its column's type. */
export interface ConversionFailure {
  line?: number;
  column: string;
  value: string;
  type: string;
}

export function conversionFailure(message: string): ConversionFailure | undefined {
  const m = /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"]|"")*)" to '([^']+)'/.exec(message);
  if (!m) return undefined;
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  return { column: m[1] as string, value: m[2] as string, type: m[3] as string, ...(line ? { line: Number(line) } : {}) };
}

/** DuckDB's multi-line read error in one sentence that names the line where it knows it. */
export function describeReadError(message: string): string {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const where = line ? `line ${line}: ` : '';
  const conversion = conversionFailure(message);
  if (conversion) return `${where}column "${conversion.column}" holds "${conversion.value}", which is not a ${conversion.type}`;
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (columns) return `${where}${columns[2]} fields where the header has ${columns[1]} (a wrong delimiter or quote?)`;
  const lines = message.split('\n');
  const detail = line ? lines.slice(1).find((l) => l.trim() !== '' && !l.startsWith('Original Line')) : undefined;
  return `${where}${(detail ?? lines[0] ?? '').trim()}`;
}

/**
 * The first record (by its first line's number) whose number of fields differs from the
 * header's, reading at most `maxLines` lines: DuckDB's sniffer refuses such a file without
 * saying where, so this finds the line to name. Quote- and escape-aware, as a CSV record
 * may span lines inside quotes.
 */
export async function firstRaggedLine(file: string, options: CsvOptions, maxLines = 200_000): Promise<{ line: number; fields: number; expected: number } | undefined> {
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  const escape = options.escape ?? quote;
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let expected: number | undefined;
  let inQuotes = false;
  let pending = ''; // the end of a chunk that may be the start of a multi-character delimiter
  const endRecord = (): { line: number; fields: number; expected: number } | undefined => {
    if (expected === undefined) expected = fields;
    else if (fields !== expected) return { line: recordLine, fields, expected };
    fields = 1;
    recordLine = line + 1;
    return undefined;
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const text = pending + (chunk as string);
    pending = '';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (inQuotes) {
        if (ch === escape && escape !== quote && i + 1 < text.length) i++;
        else if (ch === quote) {
          if (escape === quote && text[i + 1] === quote) i++;
          else inQuotes = false;
        } else if (ch === '\n') line++;
        continue;
      }
      if (quote !== '' && ch === quote) inQuotes = true;
      else if (ch === '\n') {
        const ragged = endRecord();
        if (ragged) return ragged;
        line++;
        if (line > maxLines) return undefined;
      } else if (text.startsWith(delimiter, i)) {
        fields++;
        i += delimiter.length - 1;
      } else if (i + delimiter.length > text.length && delimiter.startsWith(text.slice(i))) {
        pending = text.slice(i);
        break;
      }
    }
  }
  return fields > 1 || expected === undefined ? endRecord() : undefined;
}
