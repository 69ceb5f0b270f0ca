/**
 * A small RFC 4180 reader: quoted fields with embedded delimiters, quotes ("") and newlines,
 * CRLF or LF, a UTF-8 BOM, and comma, semicolon or tab delimiters (spreadsheets in Finnish and
 * other European locales write semicolons, "Unicode text" is tab-separated), or the one Excel's
 * `sep=;` first line names. Each record keeps the line it starts on so that problems can be
 * reported where a person will find them. Rows with nothing in any field (Excel's trailing
 * `;;;;` rows) are skipped; a record with a quote followed by other text (`"x"y`) or a control
 * character carries a problem, so that the importer refuses that row and reads on.
 *
 * It reads each character once and builds fields from slices, so its time grows with the size
 * of the file whatever the file holds (a field full of quotes took minutes in an earlier,
 * character-by-character version). Fields and records over the limits stop the reading there:
 * a roster has no use for them, and they are what a wrong or hostile file looks like.
 * (csv-parse was measured for this and was ten times slower on plain rosters, and it stops at
 * the first malformed record.)
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Why this record cannot be trusted, as a sentence for the import report. */
  problem?: string;
}

export type CsvDelimiter = ',' | ';' | '\t';

export const textAfterQuoteProblem =
  'A value in quotes is followed by more text before the next separator ("x"y); write a quote inside a value as two quotes and put the whole value in quotes.';
export const controlCharacterProblem =
  'This row holds a control character (such as NUL) that no name or text may contain; save the file again from the spreadsheet.';

/** C0 controls and DEL, except tab and line breaks, which a quoted value may hold. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface CsvLimits {
  maxFieldChars: number;
  maxRecordChars: number;
}

export const defaultCsvLimits: CsvLimits = { maxFieldChars: 10_000, maxRecordChars: 100_000 };

export interface CsvParseResult {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
  /** Set when the file ends inside a quoted field. */
  unterminatedQuoteAtLine?: number;
  /** Set when a field or a record is longer than the limits; the records before it are kept. */
  tooLong?: { line: number; what: 'field' | 'record'; limit: number };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The delimiter the header line uses most, outside quotes; a comma when none. */
export function detectDelimiter(text: string, maxChars = defaultCsvLimits.maxRecordChars): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < text.length && i < maxChars; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === '\t') tabs++;
  }
  if (tabs > commas && tabs > semicolons) return '\t';
  return semicolons > commas ? ';' : ',';
}

/** Excel's first line `sep=;` (or `sep=,`, `sep=<tab>`) names the delimiter and is no record. */
const sepLine = /^sep=([,;\t])[ \t]*(?:\r\n|\r|\n|$)/i;

const isBlank = (code: number) => code === 0x20 || code === 0x09 || /\s/.test(String.fromCharCode(code));

/** Reads records one at a time, so that a long import can pause between them. */
export class CsvReader {
  readonly delimiter: CsvDelimiter;
  /** Set when the file ends inside a quoted field. */
  unterminatedQuoteAtLine?: number;
  /** Set when a field or a record is longer than the limits; the records before it were read. */
  tooLong?: { line: number; what: 'field' | 'record'; limit: number };
  private readonly text: string;
  private readonly delimiterCode: number;
  private i = 0;
  private line = 1;

  constructor(
    input: string,
    private readonly limits: CsvLimits = defaultCsvLimits,
  ) {
    this.text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const sep = sepLine.exec(this.text);
    if (sep) {
      this.delimiter = sep[1] as CsvDelimiter;
      this.i = sep[0].length;
      this.line = 2;
    } else this.delimiter = detectDelimiter(this.text, limits.maxRecordChars);
    this.delimiterCode = this.delimiter.charCodeAt(0);
  }

  /** The next record with something in it, or null at the end or where reading stopped. */
  next(): CsvRecord | null {
    for (;;) {
      if (this.i >= this.text.length || this.stopped()) return null;
      const record = this.readRecord();
      if (!record) return null;
      if (record.fields.some((field) => field.trim() !== '')) {
        if (!record.problem && record.fields.some((field) => controlCharacter.test(field))) record.problem = controlCharacterProblem;
        return record;
      }
    }
  }

  private stopped(): boolean {
    return this.unterminatedQuoteAtLine !== undefined || this.tooLong !== undefined;
  }

  private fieldTooLong(line: number): null {
    this.tooLong = { line, what: 'field', limit: this.limits.maxFieldChars };
    return null;
  }

  private readRecord(): CsvRecord | null {
    const { text, limits, delimiterCode } = this;
    const n = text.length;
    let i = this.i;
    const recordLine = this.line;
    const recordStart = i;
    const fields: string[] = [];
    let problem: string | undefined;
    let recordEnded = false;
    while (!recordEnded) {
      let field = '';
      // A quote opens a quoted field only before anything but whitespace; elsewhere it is text.
      let blank = true;
      let segment = i;
      for (;;) {
        if (i - segment + field.length > limits.maxFieldChars) return this.fieldTooLong(recordLine);
        if (i >= n) {
          field += text.slice(segment, i);
          recordEnded = true;
          break;
        }
        const code = text.charCodeAt(i);
        if (code === QUOTE && blank) {
          const openedAt = this.line;
          field = '';
          i++;
          let piece = i;
          for (;;) {
            const close = text.indexOf('"', i);
            if (close < 0) {
              this.unterminatedQuoteAtLine = openedAt;
              return null;
            }
            for (let nl = text.indexOf('\n', i); nl >= 0 && nl < close; nl = text.indexOf('\n', nl + 1)) this.line++;
            const doubled = text.charCodeAt(close + 1) === QUOTE;
            field += text.slice(piece, doubled ? close + 1 : close);
            i = doubled ? close + 2 : close + 1;
            piece = i;
            if (field.length > limits.maxFieldChars) return this.fieldTooLong(recordLine);
            if (!doubled) break;
          }
          blank = false;
          segment = i;
          // After the closing quote only spaces may come before the separator or the line's end.
          let after = i;
          while (after < n && (text.charCodeAt(after) === 0x20 || (text.charCodeAt(after) === 0x09 && delimiterCode !== 0x09))) after++;
          const next = text.charCodeAt(after);
          if (after < n && next !== delimiterCode && next !== CR && next !== LF) problem ??= textAfterQuoteProblem;
          else {
            i = after;
            segment = i;
          }
          continue;
        }
        if (code === delimiterCode) {
          field += text.slice(segment, i);
          i++;
          break;
        }
        if (code === CR || code === LF) {
          field += text.slice(segment, i);
          i += code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
          this.line++;
          recordEnded = true;
          break;
        }
        if (blank && !isBlank(code)) blank = false;
        i++;
      }
      fields.push(field);
      if (i - recordStart > limits.maxRecordChars) {
        this.tooLong = { line: recordLine, what: 'record', limit: limits.maxRecordChars };
        return null;
      }
    }
    this.i = i;
    return problem ? { line: recordLine, fields, problem } : { line: recordLine, fields };
  }
}

export function parseCsv(input: string, limits: CsvLimits = defaultCsvLimits): CsvParseResult {
  const reader = new CsvReader(input, limits);
  const records: CsvRecord[] = [];
  for (let record = reader.next(); record; record = reader.next()) records.push(record);
  return {
    delimiter: reader.delimiter,
    records,
    ...(reader.unterminatedQuoteAtLine !== undefined ? { unterminatedQuoteAtLine: reader.unterminatedQuoteAtLine } : {}),
    ...(reader.tooLong ? { tooLong: reader.tooLong } : {}),
  };
}
