import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { verifyPendingFile } from '../../core/core';
import { backupDatabase, listBackups, restoreDatabase } from '../../core/db/backups';
import { assertDatabaseUsable, checkDatabase, recordingFolders } from '../../core/db/database-health';
import { openDatabase } from '../../core/db/open-database';
import { startNewGeneration } from '../../core/hub/accounts';
import { describeLocation, storedMediaLocation, storeMediaLocation, type MediaLocation } from '../../core/media/take-store';
import { sameLocation } from './hub-media';
import { AppError } from '../../shared/errors';
import { UsageError, type Command, type CommandContext } from './types';

/** The media location kept in the database about to be replaced; null when it cannot be read (damaged, missing). */
function currentMediaLocation(database: string): MediaLocation | null {
  if (!fs.existsSync(database)) return null;
  try {
    const db = new BetterSqlite3(database, { readonly: true, fileMustExist: true });
    try {
      return storedMediaLocation(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

function files(ctx: CommandContext) {
  return { database: path.join(ctx.dataDir, 'reprise.sqlite'), media: path.join(ctx.dataDir, 'media') };
}

/** These work on the files directly, not through the core: they must also run on a database the core refuses. */
export const dbCommands: Command[] = [
  {
    path: ['db', 'check'],
    usage: '[--json]',
    summary: "Run SQLite's full integrity check on the database (read-only) and list the backups",
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const { database, media } = files(ctx);
      const check = checkDatabase(database, { full: true });
      const orphaned = check.state === 'missing' || check.state === 'empty' ? recordingFolders(media) : 0;
      const backups = listBackups(ctx.dataDir);
      const ok = check.state === 'ok' || ((check.state === 'missing' || check.state === 'empty') && orphaned === 0);
      if (ctx.flags.json) {
        ctx.io.out(JSON.stringify({ file: database, ok, state: check.state, problems: check.problems, orphanedRecordings: orphaned, backups }, null, 2));
      } else {
        if (check.state === 'ok') ctx.io.out(`The database is intact: ${database}`);
        else if (check.state === 'damaged') {
          ctx.io.out(`The database is damaged: ${database}`);
          for (const problem of check.problems.slice(0, 20)) ctx.io.out(`  ${problem}`);
          if (check.problems.length > 20) ctx.io.out(`  ... and ${check.problems.length - 20} more`);
        } else if (orphaned) {
          ctx.io.out(`The database is ${check.state}, but the media folder holds ${orphaned} recording(s): ${database}`);
        } else ctx.io.out(`There is no data yet: ${database} is ${check.state}; Reprise creates it at its first start.`);
        ctx.io.out(backups.length ? `Backups (newest first):\n${backups.map((b) => `  ${b.date}  ${b.file}`).join('\n')}` : 'No backups yet.');
        if (!ok) ctx.io.out(backups.length ? 'To go back to the newest backup: reprise db restore --yes' : 'Restore it with: reprise db restore FILE --yes');
      }
      return ok ? 0 : 1;
    },
  },
  {
    path: ['db', 'backup'],
    usage: '[--json]',
    summary: "Back up the database now, as today's backup (the newest 7 are kept)",
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const { database, media } = files(ctx);
      const check = assertDatabaseUsable(ctx.dataDir, database, media);
      if (check.state !== 'ok') throw new AppError('nothing_to_back_up', `There is no database to back up yet at ${database}.`);
      const db = new BetterSqlite3(database, { readonly: true, fileMustExist: true });
      try {
        const backup = await backupDatabase(db, ctx.dataDir, new Date());
        ctx.io.out(ctx.flags.json ? JSON.stringify(backup, null, 2) : `Backed up to ${backup.file}`);
      } finally {
        db.close();
      }
      return 0;
    },
  },
  {
    path: ['db', 'restore'],
    usage: '[FILE] --yes [--json]',
    summary: 'Put a backup (the newest, or FILE) in place of the database; the replaced file is kept.\nRefused while Reprise has the database open',
    flags: { yes: 'boolean' },
    async run(ctx) {
      if (ctx.args.length > 1) throw new UsageError('db restore takes at most one FILE.');
      const { database } = files(ctx);
      const source = ctx.args[0] ? path.resolve(ctx.args[0]) : listBackups(ctx.dataDir)[0]?.file;
      if (!source) throw new AppError('no_backup', `There are no backups in ${path.join(ctx.dataDir, 'backups')}; name a FILE to restore from.`);
      if (!fs.existsSync(source)) throw new AppError('no_backup', `No such file: ${source}`);
      if (!ctx.flags.yes) {
        ctx.io.err(
          `This replaces ${database} with ${source}; the current file is kept beside it. Everything entered since that backup is not in it.\n` +
            'Run again with --yes to restore.',
        );
        return 1;
      }
      // Where the takes are is a fact about now, not data to go back on: a backup from before
      // `hub media migrate` would otherwise send the hub to a folder (or bucket) they have left.
      const mediaNow = currentMediaLocation(database);
      const result = restoreDatabase(ctx.dataDir, database, source, new Date());
      // Desktops joined to this hub see a new generation and send again what the backup lacks.
      const restored = openDatabase(database);
      let media: MediaLocation;
      try {
        startNewGeneration(restored, new Date());
        if (mediaNow && !sameLocation(mediaNow, storedMediaLocation(restored))) storeMediaLocation(restored, mediaNow);
        media = storedMediaLocation(restored);
      } finally {
        restored.close();
      }
      // The restored list of recordings may not match the media folder any more: the next start re-hashes them.
      fs.writeFileSync(path.join(ctx.dataDir, verifyPendingFile), `${new Date().toISOString()}\n`);
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ ...result, media: describeLocation(media) }, null, 2));
      else {
        ctx.io.out(`Restored ${database} from ${source}.`);
        if (media.kind === 's3') ctx.io.out(`The takes stay where they are: ${describeLocation(media)}.`);
        if (result.keptAs) ctx.io.out(`The replaced file was kept as ${result.keptAs}.`);
        ctx.io.out('Recordings are checked against it at the next start; `reprise recordings verify` checks them now.');
      }
      return 0;
    },
  },
];
