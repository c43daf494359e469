// What a spreadsheet would run as a formula when the text is opened in Excel or LibreOffice
// (CSV injection, OWASP "CSV Injection"): a cell starting with =, @, a tab or a carriage
// return, or with + or - not followed by a number. The upload screen refuses such cells in a
// CSV, the spreadsheet import in an XLSX text cell; one rule for both.
export function looksLikeSpreadsheetFormula(cell: string): boolean {
  const c = cell.replace(/^"/, '');
  if (/^[=@\t\r]/.test(c)) return true;
  return /^[+-]/.test(c) && !/^[+-]\s*(\d|\.\d)/.test(c);
}
