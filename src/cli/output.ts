// Every line the CLI prints goes through here: tables on a terminal, JSON with --json,
// colours only on a TTY and never with NO_COLOR, and the exit codes.
import { createColors } from 'picocolors';

/** 3: the store (or another service a command needs) could not be reached, or was lost midway; retrying may help. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unavailable: 3 } as const;

/** An error the user can act on: printed as one line (plus details), never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Column<R> {
  header: string;
  value: (row: R) => string | number | null | undefined;
  align?: 'left' | 'right';
  colour?: (text: string, row: R) => string;
}

export interface OutputStreams {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export class Output {
  readonly c: ReturnType<typeof createColors>;

  constructor(
    readonly streams: OutputStreams,
    readonly json: boolean,
    env: { NO_COLOR?: string | undefined; FORCE_COLOR?: string | undefined },
  ) {
    const colour = env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined || streams.stdout.isTTY === true);
    this.c = createColors(colour);
  }

  line(text = ''): void {
    if (!this.json) this.streams.stdout.write(`${text}\n`);
  }

  /** Status and progress for people; goes to stderr so stdout stays parseable. */
  info(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }

  /** A status line that rewrites itself on a terminal (stderr); nothing when stderr is not a TTY. */
  progress(text: string): void {
    if (this.streams.stderr.isTTY) this.streams.stderr.write(`\r\x1b[2K${text}`);
  }

  /** Clears the progress line before regular output. */
  endProgress(): void {
    if (this.streams.stderr.isTTY) this.streams.stderr.write('\r\x1b[2K');
  }

  error(text: string): void {
    this.streams.stderr.write(`${this.c.red('error')}: ${text}\n`);
  }

  printJson(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  table<R>(columns: Column<R>[], rows: R[]): void {
    if (this.json) return;
    this.streams.stdout.write(renderTable(columns, rows, this.c.bold));
  }
}

const visibleLength = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length; // eslint-disable-line no-control-regex

export function renderTable<R>(columns: Column<R>[], rows: R[], bold: (s: string) => string = (s) => s): string {
  const cells = rows.map((r) => columns.map((c) => formatCell(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => visibleLength(row[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(text)));
    return columns[i]?.align === 'right' ? gap + text : text + gap;
  };
  const out = [columns.map((c, i) => bold(pad(c.header, i))).join('  ').trimEnd()];
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  cells.forEach((row, r) => {
    out.push(
      row
        .map((text, i) => {
          const col = columns[i];
          const padded = pad(text, i);
          return col?.colour ? padded.replace(text, col.colour(text, rows[r] as R)) : padded;
        })
        .join('  ')
        .trimEnd(),
    );
  });
  return `${out.join('\n')}\n`;
}

function formatCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return v;
}
