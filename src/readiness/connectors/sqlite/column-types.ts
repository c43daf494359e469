// SQLite declared column types -> canonical types, by SQLite's type-affinity rules
// (https://www.sqlite.org/datatype3.html, section 3.1), refined for dates.
export function canonicalType(declared: string | null): string {
  const t = (declared ?? '').toUpperCase();
  if (t === '') return 'other';
  if (t.includes('INT')) return 'integer';
  if (t.includes('BOOL')) return 'boolean';
  if (t.includes('DATETIME') || t.includes('TIMESTAMP')) return 'timestamp';
  if (t.includes('DATE')) return 'date';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'string';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') || t.includes('NUM') || t.includes('DEC')) return 'number';
  return 'other';
}
