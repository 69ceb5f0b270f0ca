import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { checkDatabase, clearCleanMark } from './database-health';
import { ownerOnlyDir, ownerOnlyFile } from '../owner-only';

/** Daily backups kept; older ones are removed when a new one is taken. */
export const keptBackups = 7;

const namePattern = /^reprise-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export interface Backup {
  file: string;
  /** The UTC day it was taken, YYYY-MM-DD. */
  date: string;
  sizeBytes: number;
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/** The backups in the data folder, newest first. */
export function listBackups(dataDir: string): Backup[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: namePattern.exec(name) }))
    .filter((n): n is { name: string; match: RegExpExecArray } => n.match !== null)
    .map(({ name, match }) => ({ file: path.join(dir, name), date: match[1]!, sizeBytes: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * Copies the live database with SQLite's online backup API (consistent while others read and
 * write it) into `backups/reprise-<day>.sqlite`, then keeps only the newest seven. The copy is
 * written beside its final name and renamed, so a backup cut short never replaces a good one.
 */
export async function backupDatabase(db: Database, dataDir: string, now: Date): Promise<Backup> {
  const dir = backupsDir(dataDir);
  ownerOnlyDir(dir);
  const date = now.toISOString().slice(0, 10);
  const file = path.join(dir, `reprise-${date}.sqlite`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await db.backup(partial);
    // A backup is a single file: out of WAL mode, so reading it later leaves no -wal or -shm beside it.
    const copy = new BetterSqlite3(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    ownerOnlyFile(partial);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  for (const old of listBackups(dataDir).slice(keptBackups)) fs.rmSync(old.file, { force: true });
  return { file, date, sizeBytes: fs.statSync(file).size };
}

/** Takes the day's backup when the newest one is from an earlier day (or there is none). */
export async function backupIfDue(db: Database, dataDir: string, now: Date): Promise<Backup | null> {
  const [newest] = listBackups(dataDir);
  if (newest && newest.date >= now.toISOString().slice(0, 10)) return null;
  return backupDatabase(db, dataDir, now);
}

/**
 * True while another connection (this process or another: the app, the browser host, a CLI
 * command) has the database open: in WAL mode every open connection holds a shared lock, so
 * an exclusive lock cannot be had.
 */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return false;
  const probe = new BetterSqlite3(file, { timeout: 0, fileMustExist: true });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE; COMMIT;');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    // A damaged file may fail the probe for its own reasons; it is not held by anyone then.
    return false;
  } finally {
    probe.close();
  }
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

export interface RestoreResult {
  restored: Backup;
  /** Where the replaced database was moved (with its -wal beside it), or null if there was none. */
  keptAs: string | null;
}

/**
 * Puts a backup in place of the database. Refused while the database is open anywhere. The
 * replaced file (and its WAL) is copied aside first, never deleted, so a wrong restore can be
 * undone by hand.
 */
export function restoreDatabase(dataDir: string, file: string, backup: string, now: Date): RestoreResult {
  const source = checkDatabase(backup);
  if (source.state !== 'ok') {
    throw new AppError(
      ErrorCode.databaseDamaged,
      source.state === 'damaged'
        ? `The backup ${backup} is damaged too (${source.problems[0]}); pick an older one (reprise db check lists them).`
        : `There is no usable backup at ${backup}.`,
    );
  }
  const keptAs = fs.existsSync(file) ? `${file}.replaced-${stamp(now)}` : null;
  if (keptAs) {
    fs.copyFileSync(file, keptAs, fs.constants.COPYFILE_EXCL);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${keptAs}-wal`, fs.constants.COPYFILE_EXCL);
  }
  if (databaseInUse(file)) {
    if (keptAs) {
      fs.rmSync(keptAs, { force: true });
      fs.rmSync(`${keptAs}-wal`, { force: true });
    }
    throw new AppError(
      ErrorCode.conflict,
      'Reprise is still using this database (the app, the browser host or another command). Close it, then run the restore again. Nothing was changed.',
    );
  }
  const incoming = `${file}.restoring`;
  fs.copyFileSync(backup, incoming);
  clearCleanMark(file);
  fs.rmSync(`${file}-wal`, { force: true });
  fs.rmSync(`${file}-shm`, { force: true });
  fs.renameSync(incoming, file);
  return { restored: { file: backup, date: namePattern.exec(path.basename(backup))?.[1] ?? '', sizeBytes: fs.statSync(file).size }, keptAs };
}

