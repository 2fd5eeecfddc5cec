/*
 * Cells of the CSV exports (the operations list, payroll): quoting is csv-stringify's; what is ours is
 * keeping a spreadsheet from reading a typed cell as a formula, and writing amounts as decimals.
 */

/** What a cell may not start with, or Excel, LibreOffice and Google Sheets run it as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as it is safe to open in a spreadsheet: one that would start a formula gets a leading
 * apostrophe, which spreadsheets show as text and hide. Only for text people typed (names, titles);
 * our own numbers and instants are never negative or formula-like and stay as they are.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Minor units as a decimal amount ("40.00"); the currency is its own column. Currencies without minor units are not sold here. */
export function decimalAmount(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const absolute = Math.abs(minor);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}
