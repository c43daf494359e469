// How a delimited text file (CSV, TSV) is read: the options a data person expects to set
// when a file is not plain UTF-8, comma-separated, with a header. Set on a files source (the
// default for its datasets) and on a dataset (overrides the source's, key by key).
import { z } from 'zod';

/** The encodings Traction reads (any other is refused at validation, by name). */
export const FILE_ENCODINGS = ['utf-8', 'latin1', 'windows-1252', 'utf-16', 'utf-16le', 'utf-16be'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

// The names people write for the same encodings (Python's, iconv's, Excel's).
const ENCODING_ALIASES: Record<string, FileEncoding> = {
  utf8: 'utf-8',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  iso88591: 'latin1',
  cp1252: 'windows-1252',
  win1252: 'windows-1252',
  utf16: 'utf-16',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

const encodingSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (ENCODING_ALIASES[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) : v),
  z.enum(FILE_ENCODINGS),
);

const oneChar = (what: string) =>
  z
    .string()
    .max(1, `${what} is one character, or "" for none`)
    .refine((s) => s !== '\n' && s !== '\r', `${what} cannot be a line break`);

export const csvOptionsSchema = z
  .strictObject({
    delimiter: z
      .string()
      .min(1, 'delimiter needs at least one character, e.g. "," or "\\t"')
      .max(4, 'delimiter is at most 4 characters')
      .refine((s) => !/[\r\n]/.test(s), 'delimiter cannot contain a line break')
      .optional()
      .describe('field separator: "," (default; ";" for European exports, "\\t" for TSV, "|")'),
    quote: oneChar('quote').optional().describe('quote character around fields (default \'"\'; "" for none)'),
    escape: oneChar('escape').optional().describe('character escaping a quote inside a quoted field (default: the quote itself)'),
    null_values: z.array(z.string()).optional().describe('texts read as missing (default: [""]; e.g. ["", "NA", "n/a"])'),
    encoding: encodingSchema.optional().describe(`text encoding of the file: ${FILE_ENCODINGS.join(', ')} (default utf-8)`),
    header: z.boolean().optional().describe('whether the first line holds the column names (default true)'),
    column_names: z.array(z.string().min(1)).min(1).optional().describe('column names, in file order; needed when header is false'),
  })
  .superRefine((o, ctx) => {
    if (o.delimiter !== undefined && o.quote && o.delimiter.includes(o.quote))
      ctx.addIssue({ code: 'custom', path: ['quote'], message: `quote ${JSON.stringify(o.quote)} is part of the delimiter` });
    const names = o.column_names ?? [];
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) ctx.addIssue({ code: 'custom', path: ['column_names'], message: `column "${repeated}" is named twice` });
  });
export type CsvOptions = z.infer<typeof csvOptionsSchema>;

/** A dataset's options over its source's, key by key. */
export function mergeCsvOptions(source: CsvOptions | undefined, dataset: CsvOptions | undefined): CsvOptions {
  return { ...source, ...dataset };
}
