// MySQL / MariaDB protocol column types -> canonical types (see mysql2's lib/constants/types.js).
const BY_CODE: Record<number, [string, string]> = {
  1: ['integer', 'tinyint'],
  2: ['integer', 'smallint'],
  3: ['integer', 'int'],
  8: ['integer', 'bigint'],
  9: ['integer', 'mediumint'],
  4: ['number', 'float'],
  5: ['number', 'double'],
  0: ['number', 'decimal'],
  246: ['number', 'decimal'],
  10: ['date', 'date'],
  7: ['timestamp', 'timestamp'],
  12: ['timestamp', 'datetime'],
  15: ['string', 'varchar'],
  253: ['string', 'varchar'],
  254: ['string', 'char'],
  252: ['string', 'text'],
  16: ['integer', 'bit'],
};

export function canonicalType(code: number | undefined): { type: string; nativeType: string } {
  const hit = code === undefined ? undefined : BY_CODE[code];
  return hit ? { type: hit[0], nativeType: hit[1] } : { type: 'other', nativeType: `type ${code}` };
}
