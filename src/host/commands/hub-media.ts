import path from 'node:path';
import type { Core } from '../../core/core';
import { databaseInUse } from '../../core/db/backups';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  describeLocation,
  parseMediaLocation,
  S3TakeStore,
  storedMediaLocation,
  storeMediaLocation,
  type MediaLocation,
} from '../../core/media/take-store';
import { UsageError, type CommandContext } from './types';

/** The flags that say where a hub's media lives, on `reprise hub` and `reprise hub media migrate`. */
export const mediaFlags = { 's3-endpoint': 'string', 's3-region': 'string', 's3-path-style': 'boolean' } as const;

/** `--media`/`--to` with the S3 flags, or a usage error that says what to write. */
export function mediaLocationOf(value: string, flags: CommandContext['flags']): MediaLocation {
  try {
    return parseMediaLocation(value, {
      endpoint: flags['s3-endpoint'] as string | undefined,
      region: flags['s3-region'] as string | undefined,
      pathStyle: flags['s3-path-style'] === true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function sameLocation(a: MediaLocation, b: MediaLocation): boolean {
  if (a.kind === 'local' || b.kind === 'local') return a.kind === b.kind;
  return a.bucket === b.bucket && a.endpoint === b.endpoint;
}

/** Ready takes, the ones that live in the hub's media location. */
export function takeCount(core: Core): number {
  return core.db.prepare("SELECT count(*) FROM recordings WHERE status = 'ready' AND file_name IS NOT NULL").pluck().get() as number;
}

/**
 * Applies `reprise hub --media ...` before the hub serves: the choice is kept in the hub's
 * settings (so later starts and `recordings verify` use it), the bucket made when missing. A hub
 * that already holds takes elsewhere is not switched by a flag: its takes would be left behind, so
 * the person is sent to `reprise hub media migrate`.
 */
export async function applyMediaChoice(ctx: CommandContext, core: Core): Promise<MediaLocation> {
  const stored = storedMediaLocation(core.db);
  const asked = ctx.flags.media === undefined ? null : mediaLocationOf(ctx.flags.media as string, ctx.flags);
  if (asked === null && (ctx.flags['s3-endpoint'] !== undefined || ctx.flags['s3-region'] !== undefined || ctx.flags['s3-path-style'])) {
    throw new UsageError('--s3-endpoint, --s3-region and --s3-path-style go with --media s3://BUCKET.');
  }
  const location = asked ?? stored;
  if (asked && !sameLocation(asked, stored)) {
    const takes = takeCount(core);
    if (takes > 0) {
      throw new UsageError(
        `This hub's ${takes} take(s) are in ${describeLocation(stored)}. Move them first: reprise hub media migrate --to ${ctx.flags.media as string}` +
          `${asked.kind === 's3' && asked.endpoint ? ` --s3-endpoint ${asked.endpoint}` : ''}${asked.kind === 's3' && asked.pathStyle ? ' --s3-path-style' : ''}`,
      );
    }
  }
  if (location.kind === 's3') {
    const store = new S3TakeStore(location);
    await store.ensureBucket();
    core.recordings.useStore(store);
  } else {
    core.recordings.useStore(null);
  }
  if (asked) storeMediaLocation(core.db, location);
  ctx.io.out(`Media: ${location.kind === 'local' ? 'this machine (the data folder)' : describeLocation(location)}`);
  return location;
}

/** The language at the terminal: Finnish when LC_ALL, LC_MESSAGES or LANG say so (fi_FI.UTF-8), else English. */
export function terminalLanguage(env: NodeJS.ProcessEnv): 'en' | 'fi' {
  const chosen = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fi([_.@-]|$)/i.test(chosen) ? 'fi' : 'en';
}

const stillOpen = {
  en: 'The hub (or another Reprise program) is using this data folder. Stop the hub first, then run the move again: a take arriving during the move would be left behind. Nothing was changed.',
  fi: 'Hubi (tai jokin muu Reprise-ohjelma) käyttää tätä datakansiota. Pysäytä hubi ensin ja käynnistä siirto sitten uudelleen: siirron aikana saapuva tallenne jäisi muuten siirtämättä. Mitään ei muutettu.',
} as const;

/**
 * Refuses a move of the media while the hub runs on this data folder: the running hub would go on
 * taking uploads into the old place. Any program with the database open holds SQLite's shared lock
 * (WAL mode), so this asks the lock, before this command opens the database itself.
 */
export function refuseWhileHubRuns(ctx: Pick<CommandContext, 'dataDir' | 'env'>): void {
  if (databaseInUse(path.join(ctx.dataDir, 'reprise.sqlite'))) {
    throw new AppError(ErrorCode.conflict, stillOpen[terminalLanguage(ctx.env)]);
  }
}
