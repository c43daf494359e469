// Workbooks and ZIP archives built inside tests: a real XLSX written by exceljs, and hand-made
// ZIP archives for what no spreadsheet program writes (a zip bomb, an entry lying about its size).
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export const HEADERS = [
  'Title',
  'Problem',
  'Objective',
  'Owner',
  'Sponsor',
  'Department',
  'Team',
  'Value per month (low)',
  'Value per month (likely)',
  'Value per month (high)',
  'Build cost',
  'Running cost per month',
  'Effort in person-weeks',
  'Chance of success',
  'EU AI Act risk',
];

/** A good row for HEADERS, with `title`; numbers as numbers. */
export function goodRow(title: string): (string | number)[] {
  return [title, `Today nobody sees ${title.toLowerCase()} early enough`, 'See it early and act', 'Olga Owner', 'Sam Sponsor', 'Operations', 'data', 20000, 40000, 80000, 5000, 100, 2, 70, 'minimal'];
}

export async function workbook(rows: unknown[][], build?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Use cases');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  build?.(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ZIP archive of deflated entries; `declared` overrides an entry's uncompressed size in the directory. */
export function zipOf(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
