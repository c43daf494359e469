// ClickHouse type names (as its JSON output's `meta` gives them) -> canonical types.
// Nullable(T) and LowCardinality(T) are T for this purpose.
export function canonicalType(name: string): { type: string; nativeType: string } {
  let inner = name;
  for (;;) {
    const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(inner);
    if (!m) break;
    inner = m[1]!;
  }
  const base = inner.replace(/\(.*$/, '');
  if (/^U?Int(8|16|32|64|128|256)$/.test(base)) return { type: 'integer', nativeType: name };
  if (/^(Float32|Float64|Decimal(32|64|128|256)?)$/.test(base)) return { type: 'number', nativeType: name };
  if (base === 'Date' || base === 'Date32') return { type: 'date', nativeType: name };
  if (base === 'DateTime' || base === 'DateTime64') return { type: 'timestamp', nativeType: name };
  if (base === 'String' || base === 'FixedString' || base === 'UUID' || base === 'Enum8' || base === 'Enum16') return { type: 'string', nativeType: name };
  if (base === 'Bool') return { type: 'boolean', nativeType: name };
  return { type: 'other', nativeType: name };
}
