// Streams CSV to a file in large chunks with back-pressure, so a table of 10M+ rows never
// sits in memory. Rows arrive as ready-made lines; fields that may hold a comma, quote or
// line break go through `csvText` first (RFC 4180 quoting).
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK_CHARS = 1 << 20;

export function csvText(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class CsvWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  rows = 0;

  private constructor(private readonly stream: WriteStream) {}

  static open(file: string, header: readonly string[]): CsvWriter {
    const w = new CsvWriter(createWriteStream(file, { encoding: 'utf8' }));
    w.buffer.push(header.join(','));
    return w;
  }

  /** Appends one line (without its newline). Call `drain()` now and then. */
  line(text: string): void {
    this.buffer.push(text);
    this.bufferedChars += text.length;
    this.rows += 1;
  }

  get full(): boolean {
    return this.bufferedChars >= CHUNK_CHARS;
  }

  /** Hands the buffered lines to the file and waits if the OS is behind. */
  async drain(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.drain();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
