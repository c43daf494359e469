// An XLSX workbook is a ZIP archive sent by someone we do not trust. Before any spreadsheet
// library sees it, this reads the archive's central directory itself and inflates every entry
// with a hard cap on the output (node:zlib `maxOutputLength`), so a zip bomb, an entry that
// lies about its size, too many entries, encryption, ZIP64 or a method other than stored or
// deflate is refused here, with a plain message, before memory is spent on it. Only then is
// the same archive handed to the reader, which inflates the same entries again (bounded now).
// Pure: bytes in, verdict out.
import { inflateRawSync } from 'node:zlib';

export const XLSX_LIMITS = {
  /** The file as sent. */
  maxBytes: 5 * 1024 * 1024,
  /** Everything inside it, inflated: the XML a reader parses. */
  maxInflatedBytes: 40 * 1024 * 1024,
  maxEntries: 500,
};

export class XlsxRefused extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface XlsxArchive {
  entries: string[];
  inflatedBytes: number;
  /** `workbookPr date1904` in xl/workbook.xml: which date system the serials count in. */
  date1904: boolean;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new XlsxRefused('is not an Excel workbook (.xlsx): no ZIP directory found');
}

function inflateEntry(buf: Buffer, name: string, method: number, start: number, compressed: number, budget: number): Buffer {
  if (start + compressed > buf.length) throw new XlsxRefused(`is damaged: the entry ${name} runs past the end of the file`);
  const data = buf.subarray(start, start + compressed);
  if (method === 0) return data;
  if (method !== 8) throw new XlsxRefused(`uses a compression method (${method}) Excel does not write; save it again from Excel`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget + 1) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooLarge();
    throw new XlsxRefused(`is damaged: the entry ${name} does not inflate`);
  }
}

const tooLarge = () => new XlsxRefused(`unpacks to more than ${XLSX_LIMITS.maxInflatedBytes / 1024 / 1024} MB (a workbook this small cannot honestly hold that much: refused as a possible zip bomb)`);

/** Checks the whole archive; throws XlsxRefused with a sentence that follows the file's name. */
export function inspectXlsx(buf: Buffer): XlsxArchive {
  if (buf.length > XLSX_LIMITS.maxBytes) throw new XlsxRefused(`is ${(buf.length / 1024 / 1024).toFixed(1)} MB; at most ${XLSX_LIMITS.maxBytes / 1024 / 1024} MB`);
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0xe011cfd0) throw new XlsxRefused('is an old Excel workbook (.xls); save it as .xlsx or CSV');
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) throw new XlsxRefused('is not an Excel workbook (.xlsx): it is not a ZIP archive');
  const end = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(end + 10);
  const offset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new XlsxRefused('is a ZIP64 archive, which a workbook this size never needs');
  if (count > XLSX_LIMITS.maxEntries) throw new XlsxRefused(`holds ${count} files; a workbook holds far fewer (at most ${XLSX_LIMITS.maxEntries})`);
  const entries: string[] = [];
  let inflated = 0;
  let workbookXml = '';
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new XlsxRefused('is damaged: its ZIP directory is broken');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const skip = nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (flags & 1) throw new XlsxRefused('is encrypted (password protected); remove the password and send it again');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new XlsxRefused('is damaged: its ZIP directory points outside the file');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const out = inflateEntry(buf, name, method, start, compressed, XLSX_LIMITS.maxInflatedBytes - inflated);
    inflated += out.length;
    if (inflated > XLSX_LIMITS.maxInflatedBytes) throw tooLarge();
    if (name === 'xl/workbook.xml') workbookXml = out.toString('utf8');
    entries.push(name);
    p += 46 + skip;
  }
  if (!entries.includes('xl/workbook.xml')) throw new XlsxRefused('is a ZIP archive but not an Excel workbook (no xl/workbook.xml); save the sheet as .xlsx or CSV');
  return { entries, inflatedBytes: inflated, date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml) };
}
