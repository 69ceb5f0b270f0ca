import fs from 'node:fs';
import { AppError } from '../../shared/errors';

/** Reads a text file the user named, with errors that say what to do. */
export function readUtf8(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('file_unreadable', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code}).`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('not_utf8', `${file} is not UTF-8 text. Save it again as "CSV UTF-8" and import that file.`);
  }
}
