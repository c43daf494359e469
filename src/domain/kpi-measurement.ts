// A KPI measurement: one dated value of one KPI of one use case, as recorded by hand,
// imported from CSV or computed by the KPI's SQL query. Append-only in the store; for
// the same date the most recently recorded value is the current one (a correction).
export interface KpiMeasurement {
  id: string; // kpm_...
  useCaseId: string;
  kpiId: string;
  at: string; // YYYY-MM-DD: the day the value refers to
  value: number;
  source: string; // "record", "import:FILE:LINE", "refresh:SOURCE"
  recordedAt: string; // ISO 8601
  recordedBy: string;
}

/**
 * A plain decimal as people write KPI values: optional sign, digits with an optional "."
 * fraction, optional exponent. `Number()` alone also reads "0x10", "0b101", "0o17",
 * "Infinity" and " " (as 0), none of which anyone means as a measurement.
 */
const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The number in `text`, or why it is not a KPI value (said of the text, for the caller to locate). */
export function parseKpiValue(text: string): { value: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'empty (expected a plain decimal number such as 12.5)' };
  if (!PLAIN_DECIMAL.test(t)) return { problem: `"${text}" is not a number (expected a plain decimal: digits with an optional sign, "." and exponent, such as 12.5 or -3e2)` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { problem: `"${text}" is out of range (larger than a double can hold)` };
  return { value };
}
