// PostgreSQL type OIDs -> canonical types (pg_type.oid values are stable across versions).
const BY_OID: Record<number, string> = {
  16: 'boolean',
  20: 'integer',
  21: 'integer',
  23: 'integer',
  700: 'number',
  701: 'number',
  1700: 'number',
  790: 'string', // MONEY: node-postgres has no parser; treat as text, not a number
  25: 'string',
  1042: 'string',
  1043: 'string',
  19: 'string',
  2950: 'string',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamp',
};

export const NATIVE_NAMES: Record<number, string> = {
  16: 'boolean', 20: 'bigint', 21: 'smallint', 23: 'integer', 700: 'real', 701: 'double precision', 1700: 'numeric',
  790: 'money', 25: 'text', 1042: 'char', 1043: 'varchar', 19: 'name', 2950: 'uuid', 1082: 'date', 1114: 'timestamp', 1184: 'timestamptz',
};

export function canonicalType(oid: number): string {
  return BY_OID[oid] ?? 'other';
}
