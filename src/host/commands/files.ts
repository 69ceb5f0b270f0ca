import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import { decodeTextFile, type DecodedText } from '../../shared/text-file';

/** Reads a text file the user named (UTF-8, UTF-16 with a BOM or Windows-1252), with errors that say what to do. */
export function readTextFile(file: string): DecodedText {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('file_unreadable', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code}).`);
  }
  return decodeTextFile(bytes);
}

/** Said after the file's name in an import's summary when it was not UTF-8, so a person can tell how names were read. */
export function readAs(encoding: string): string {
  return encoding === 'UTF-8' ? '' : ` (read as ${encoding})`;
}
