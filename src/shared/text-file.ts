import { z } from './validation';

/**
 * The encodings a spreadsheet's "CSV" comes in. Excel in a Finnish locale saves "CSV" as
 * Windows-1252 and "Unicode text" as UTF-16 with a byte order mark; "CSV UTF-8" and every other
 * program write UTF-8. A file that is not valid UTF-8 and has no BOM is read as Windows-1252,
 * which assigns a character to every byte, so a name is never silently dropped.
 */
export const textEncoding = z.enum(['UTF-8', 'UTF-16LE', 'UTF-16BE', 'Windows-1252']);
export type TextEncoding = z.infer<typeof textEncoding>;

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Decodes a text file's bytes; the BOM, if any, decides, else strict UTF-8, else Windows-1252. */
export function decodeTextFile(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start)), encoding: 'UTF-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' };
  }
}

/**
 * 0x80–0x9F as Windows-1252 has them (the WHATWG table; the five unassigned bytes stay C1
 * controls). Written out because Node's TextDecoder reads "windows-1252" as ISO-8859-1, which
 * would turn the euro sign and Excel's typographic quotes into control characters.
 */
const high = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? high.charCodeAt(b - 0x80) : b)));
  }
  return text;
}
