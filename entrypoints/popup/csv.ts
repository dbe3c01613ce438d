/**
 * CSV for spreadsheets. Every field is quoted; a field that a spreadsheet would run as a
 * formula (leading =, +, -, @, tab or carriage return) gets a leading apostrophe, because job
 * names are text anyone with admin access could have written.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rows to CSV text, with a BOM so spreadsheet apps read it as UTF-8. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A file name with today's date, e.g. jobs-2025-06-15.csv. */
export function csvFilename(base: string, now: number): string {
  return `${base}-${new Date(now).toISOString().slice(0, 10)}.csv`;
}
