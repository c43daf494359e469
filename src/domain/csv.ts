// CSV as Traction writes it, once for every file and download it makes (a failing check's rows
// through the API and `traction data check --csv`, benchmark results). RFC 4180, with the OWASP
// rule against formula injection (https://owasp.org/www-community/attacks/CSV_Injection):
// every text cell is wrapped in double quotes, each double quote in it doubled, and a text that
// begins with =, +, -, @, a tab or a carriage return gets a leading single quote, so a
// spreadsheet shows it as text rather than running it as a formula. The rows come from the
// company's data and from people's input: anything may be in them.
//
// Two exceptions keep numbers numbers. A number (or bigint, or boolean) is written bare: it
// cannot hold a formula. A text that is only a decimal number ("-3", "+1.5e3") is not prefixed:
// a spreadsheet reads it as that number and runs nothing; the match is anchored, so "-1+cmd"
// or "-3\t" are prefixed.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One CSV record (no line end): the cells joined by commas. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}
