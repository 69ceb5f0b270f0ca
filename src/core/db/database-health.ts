import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { listBackups } from './backups';

export interface DatabaseCheck {
  file: string;
  /** 'missing' and 'empty' are a database with nothing in it; 'damaged' failed SQLite's check. */
  state: 'missing' | 'empty' | 'ok' | 'damaged';
  /** What SQLite's check reported, one line per problem; empty when the file is intact. */
  problems: string[];
  schemaVersion: number;
}

/**
 * Reads the database without writing to it: a read-only connection (which never checkpoints
 * into the file) runs `quick_check`, or the full `integrity_check` when asked. A file SQLite
 * cannot even open ("file is not a database", "malformed") counts as damaged.
 */
export function checkDatabase(file: string, options: { full?: boolean } = {}): DatabaseCheck {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return { file, state: 'missing', problems: [], schemaVersion: 0 };
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(options.full ? 'integrity_check' : 'quick_check') as Record<string, string>[];
    const problems = rows.map((r) => String(Object.values(r)[0])).filter((line) => line !== 'ok');
    if (problems.length) return { file, state: 'damaged', problems, schemaVersion: 0 };
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const { n } = db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
    return { file, state: schemaVersion === 0 && n === 0 ? 'empty' : 'ok', problems: [], schemaVersion };
  } catch (error) {
    return { file, state: 'damaged', problems: [error instanceof Error ? error.message : String(error)], schemaVersion: 0 };
  } finally {
    db?.close();
  }
}

/** How many recordings have a folder with something in it: media that a database must list. */
export function recordingFolders(mediaDir: string): number {
  const root = path.join(mediaDir, 'recordings');
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return 0;
  }
  return entries.filter((e) => e.isDirectory() && fs.readdirSync(path.join(root, e.name)).length > 0).length;
}

function whatToDo(dataDir: string): string {
  const [newest] = listBackups(dataDir);
  const command = `reprise --data-dir "${dataDir}" db restore --yes`;
  return newest
    ? `To go back to the newest automatic backup (${newest.date}), close Reprise and run: ${command}. ` +
        'The current file is kept beside it, nothing is deleted.'
    : 'There is no automatic backup in this folder yet. Put back reprise.sqlite from a copy of your own, ' +
        `or restore one with: reprise --data-dir "${dataDir}" db restore FILE --yes.`;
}

/**
 * Refuses to start on a database that is damaged, or that is missing or empty while the media
 * folder still holds recordings (a new empty database would orphan them). Nothing is written to
 * the file. Returns the check so the caller knows whether this start is an upgrade.
 */
export function assertDatabaseUsable(dataDir: string, file: string, mediaDir: string): DatabaseCheck {
  const check = checkDatabase(file);
  if (check.state === 'damaged') {
    throw new AppError(
      ErrorCode.databaseDamaged,
      `The database ${file} is damaged (SQLite's check says: ${check.problems.slice(0, 3).join('; ')}). ` +
        `Reprise did not open it and has not changed it. ${whatToDo(dataDir)}`,
    );
  }
  if (check.state === 'missing' || check.state === 'empty') {
    const recordings = recordingFolders(mediaDir);
    if (recordings > 0) {
      throw new AppError(
        ErrorCode.databaseEmptied,
        `The database ${file} is ${check.state === 'missing' ? 'missing' : 'empty'}, but the media folder still holds ` +
          `${recordings} recording${recordings === 1 ? '' : 's'}: the list of sessions, people and scores that goes with them is gone. ` +
          `Reprise did not start a new empty database over it. ${whatToDo(dataDir)} ` +
          'To really start over, move the media folder out of the data folder first.',
      );
    }
  }
  return check;
}
