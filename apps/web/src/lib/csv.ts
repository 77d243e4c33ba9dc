/** A plain decimal number as text ("-0.25", "1e-3"): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** What makes Excel, LibreOffice or Sheets read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell of every CSV MedRank writes (RFC 4180: quoted when it holds a comma, quote or
 * line break; quotes doubled). Text starting with `= + - @`, tab or CR gets a leading `'`, so a
 * spreadsheet shows it instead of running it. Numbers we computed, and text that is exactly a
 * plain decimal number (a case id "-5"), are written as they are: a spreadsheet reads those as
 * numbers, and rewriting them would corrupt values and ids.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const safe =
    typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)
      ? `'${text}`
      : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line of cells, without the line break. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}
