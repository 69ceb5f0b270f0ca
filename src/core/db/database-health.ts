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
  /** True when the quick check was skipped: the file is exactly as a clean close left it (see below). */
  trusted?: boolean;
}

/**
 * Reads the database without writing to it: a read-only connection (which never checkpoints
 * into the file) runs `quick_check`, or the full `integrity_check` when asked. A file SQLite
 * cannot even open ("file is not a database", "malformed") counts as damaged.
 */
export function checkDatabase(file: string, options: { full?: boolean; now?: Date } = {}): DatabaseCheck {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) {
    // A file this process is about to create is as checked as it gets.
    checkedAt.set(file, (options.now ?? new Date()).toISOString());
    return { file, state: 'missing', problems: [], schemaVersion: 0 };
  }
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const trusted = !options.full && closedCleanlySinceCheck(file, options.now ?? new Date());
    if (!trusted) {
      const rows = db.pragma(options.full ? 'integrity_check' : 'quick_check') as Record<string, string>[];
      const problems = rows.map((r) => String(Object.values(r)[0])).filter((line) => line !== 'ok');
      if (problems.length) return { file, state: 'damaged', problems, schemaVersion: 0 };
      checkedAt.set(file, (options.now ?? new Date()).toISOString());
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const { n } = db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
    return { file, state: schemaVersion === 0 && n === 0 ? 'empty' : 'ok', problems: [], schemaVersion, trusted };
  } catch (error) {
    return { file, state: 'damaged', problems: [error instanceof Error ? error.message : String(error)], schemaVersion: 0 };
  } finally {
    db?.close();
  }
}

/**
 * SQLite's quick check reads every page: on a year's database that is seconds at every start of
 * the app and of every command. It is skipped when the file is exactly as Reprise left it when it
 * last closed cleanly (same size and modification time, nothing left in the WAL) and was checked
 * within the day. A killed process, a copied-in or restored file, or a change by anything else
 * leaves no matching mark, so the check runs; `db check` always reads everything.
 */
const cleanMarkSuffix = '.closed-cleanly';
const checkedAt = new Map<string, string>();
const checkEveryMs = 24 * 3_600_000;

interface CleanMark {
  size: number;
  mtimeMs: number;
  checkedAt: string;
}

function closedCleanlySinceCheck(file: string, now: Date): boolean {
  const markFile = file + cleanMarkSuffix;
  let mark: CleanMark;
  try {
    mark = JSON.parse(fs.readFileSync(markFile, 'utf8')) as CleanMark;
  } catch {
    return false;
  }
  // A mark counts once: whatever happens next (a crash included) needs a new one.
  fs.rmSync(markFile, { force: true });
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
  const age = now.getTime() - Date.parse(mark.checkedAt);
  const fresh = stat && stat.size === mark.size && stat.mtimeMs === mark.mtimeMs && !wal?.size && age >= 0 && age < checkEveryMs;
  if (fresh) checkedAt.set(file, mark.checkedAt);
  return Boolean(fresh);
}

/** Called once the database is closed: the file as it is now is the one the next start may trust. */
export function markClosedCleanly(file: string): void {
  const when = checkedAt.get(file);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
  if (!when || !stat || wal?.size) return;
  const mark: CleanMark = { size: stat.size, mtimeMs: stat.mtimeMs, checkedAt: when };
  try {
    fs.writeFileSync(file + cleanMarkSuffix, JSON.stringify(mark), { mode: 0o600 });
  } catch {
    // Only a shortcut for the next start: without it, that start checks the file.
  }
}

/** Forgets a mark, for a file that is about to be replaced or is being opened for writing. */
export function clearCleanMark(file: string): void {
  fs.rmSync(file + cleanMarkSuffix, { force: true });
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
export function assertDatabaseUsable(dataDir: string, file: string, mediaDir: string, now?: Date): DatabaseCheck {
  const check = checkDatabase(file, { now });
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
