/**
 * A small RFC 4180 reader: quoted fields with embedded delimiters, quotes ("") and newlines,
 * CRLF or LF, a UTF-8 BOM, and comma or semicolon delimiters (spreadsheets in Finnish and
 * other European locales write semicolons). Each record keeps the line it starts on so that
 * problems can be reported where a person will find them.
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
}

export interface CsvLimits {
  maxFieldChars: number;
  maxRecordChars: number;
}

export const defaultCsvLimits: CsvLimits = { maxFieldChars: 10_000, maxRecordChars: 100_000 };

export interface CsvParseResult {
  delimiter: ',' | ';';
  records: CsvRecord[];
  /** Set when the file ends inside a quoted field. */
  unterminatedQuoteAtLine?: number;
  /** Set when a field or a record is longer than the limits; the records before it are kept. */
  tooLong?: { line: number; what: 'field' | 'record'; limit: number };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function detectDelimiter(text: string, maxChars = defaultCsvLimits.maxRecordChars): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length && i < maxChars; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const isBlank = (code: number) => code === 0x20 || code === 0x09 || /\s/.test(String.fromCharCode(code));

/** Reads records one at a time, so that a long import can pause between them. */
export class CsvReader {
  readonly delimiter: ',' | ';';
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
    this.delimiter = detectDelimiter(this.text, limits.maxRecordChars);
    this.delimiterCode = this.delimiter.charCodeAt(0);
  }

  /** The next record that is not a blank line, or null at the end or where reading stopped. */
  next(): CsvRecord | null {
    for (;;) {
      if (this.i >= this.text.length || this.stopped()) return null;
      const record = this.readRecord();
      if (!record) return null;
      const blankLine = record.fields.length === 1 && record.fields[0]!.trim() === '';
      if (!blankLine) return record;
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
    return { line: recordLine, fields };
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
