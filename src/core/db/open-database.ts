import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database, type Transaction } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { migrations as allMigrations } from './migrations';
import type { Migration } from './migrations/types';

export type { Database };

export function latestVersion(migrations: readonly Migration[] = allMigrations): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Opens (creating if needed) the database at `file`, or an in-memory one for ':memory:',
 * and brings its schema up to date. A database written by a newer Reprise is refused and
 * left exactly as it was.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    const current = db.pragma('user_version', { simple: true }) as number;
    const latest = latestVersion(migrations);
    if (current > latest) {
      throw new AppError(
        ErrorCode.databaseTooNew,
        `The database at ${file} was written by a newer version of Reprise (schema ${current}; this version knows up to ${latest}). ` +
          'Update Reprise to open it. The file was not changed.',
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs `fn` in a transaction that takes the write lock at BEGIN (BEGIN IMMEDIATE) and returns its
 * result. A deferred transaction that reads first and then writes while another connection (the
 * CLI, a second window) is writing gets SQLITE_BUSY at once, without the busy timeout: SQLite
 * cannot let it wait, as its snapshot may already be stale. Taking the lock first lets it wait.
 * Called inside another transaction it becomes a savepoint.
 */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((body: () => unknown) => body());
    runners.set(db, run);
  }
  return run.immediate(fn) as T;
}

/** One transaction function per database: making one per call cost more than a small write. */
const runners = new WeakMap<Database, Transaction<(body: () => unknown) => unknown>>();

export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): void {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (migration.version <= current) continue;
    writeTransaction(db, () => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
  }
}
