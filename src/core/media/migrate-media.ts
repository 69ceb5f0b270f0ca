import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipe, Transform, type Readable } from 'node:stream';
import type { Core } from '../core';
import { ownerOnlyFile } from '../owner-only';
import { describeLocation, S3TakeStore, storedMediaLocation, storeMediaLocation, type MediaLocation } from './take-store';

export interface MigrateReport {
  from: string;
  to: string;
  /** Takes copied now, each checked against its sha256 where it landed. */
  copied: string[];
  /** Takes already there with the right bytes (from an earlier run cut short). */
  alreadyThere: string[];
  failed: { id: string; reason: string }[];
  /** Whether the hub now reads its takes from `to` (only when every take is there). */
  switched: boolean;
  /** Take files removed from the hub's own disk (--delete-local). */
  deletedLocal: number;
}

interface TakeRow {
  id: string;
  file_name: string;
  sha256: string | null;
  size_bytes: number;
}

/** One end of a move: the media folder or a bucket. */
interface End {
  /** The sha256 of the take there, read as a stream; null when it is not there (or not its size). */
  digest(take: TakeRow): Promise<string | null>;
  read(take: TakeRow): Promise<Readable>;
  write(take: TakeRow, body: Readable): Promise<void>;
}

function hashing(): { tap: Transform; digest: () => string } {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { tap, digest: () => hash.digest('hex') };
}

function folderEnd(core: Core): End {
  const fileOf = (take: TakeRow) => path.join(core.recordings.dirOf(take.id), take.file_name);
  return {
    async digest(take) {
      const file = fileOf(take);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat || stat.size !== take.size_bytes) return null;
      const hash = createHash('sha256');
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
      return hash.digest('hex');
    },
    async read(take) {
      if (!fs.existsSync(fileOf(take))) throw new Error(`The take's file is missing from the media folder (${fileOf(take)}).`);
      return fs.createReadStream(fileOf(take), { highWaterMark: 1 << 20 });
    },
    async write(take, body) {
      const file = fileOf(take);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Written beside and renamed into place: a run cut short never leaves half a take under its name.
      const partial = path.join(path.dirname(file), `.migrating-${take.file_name}`);
      await pipeline(body, fs.createWriteStream(partial, { mode: 0o600 }));
      fs.renameSync(partial, file);
      ownerOnlyFile(file);
    },
  };
}

function bucketEnd(store: S3TakeStore): End {
  const keyOf = (take: TakeRow) => S3TakeStore.keyOf(take.id, take.file_name);
  return {
    async digest(take) {
      const stat = await store.stat(keyOf(take));
      if (!stat || stat.size !== take.size_bytes) return null;
      return store.sha256(keyOf(take));
    },
    async read(take) {
      const body = await store.read(keyOf(take));
      if (!body) throw new Error(`The take is not in the bucket (${keyOf(take)}).`);
      return body;
    },
    write: (take, body) => store.putStream(keyOf(take), body, take.size_bytes),
  };
}

/**
 * Copies every ready take of a hub to another media location (the media folder or a bucket),
 * checks each against its sha256 where it landed, and switches the hub only when all are there.
 * Run again after an interruption, it skips what is already there with the right bytes. The
 * hub should be stopped meanwhile (a take arriving during the copy would be left behind).
 */
export async function migrateMedia(
  core: Core,
  to: MediaLocation,
  options: { deleteLocal?: boolean; onTake?: (id: string, outcome: 'copied' | 'there' | 'failed', done: number, total: number) => void } = {},
): Promise<MigrateReport> {
  const from = storedMediaLocation(core.db);
  const source = from.kind === 's3' ? bucketEnd(core.recordings.store ?? new S3TakeStore(from)) : folderEnd(core);
  const targetStore = to.kind === 's3' ? new S3TakeStore(to) : null;
  if (targetStore) await targetStore.ensureBucket();
  const target = targetStore ? bucketEnd(targetStore) : folderEnd(core);
  const takes = core.db
    .prepare("SELECT id, file_name, sha256, size_bytes FROM recordings WHERE status = 'ready' AND file_name IS NOT NULL ORDER BY started_at")
    .all() as TakeRow[];
  const report: MigrateReport = { from: describeLocation(from), to: describeLocation(to), copied: [], alreadyThere: [], failed: [], switched: false, deletedLocal: 0 };
  const sameEnd = from.kind === to.kind && (from.kind === 'local' || (to.kind === 's3' && from.bucket === to.bucket && from.endpoint === to.endpoint));
  for (const [index, take] of takes.entries()) {
    let outcome: 'copied' | 'there' | 'failed';
    try {
      if (sameEnd || (take.sha256 !== null && (await target.digest(take)) === take.sha256)) {
        report.alreadyThere.push(take.id);
        outcome = 'there';
      } else {
        const { tap, digest } = hashing();
        // pipeline, not pipe: a source that fails midway must fail the write, not leave it waiting.
        await target.write(take, pipe(await source.read(take), tap, () => undefined));
        // The source's bytes as they were read, and the copy as it now is: both must be the sealed take.
        const read = digest();
        const landed = await target.digest(take);
        if (take.sha256 !== null && read !== take.sha256) throw new Error(`The take is damaged where it is now (sha256 ${read}); run \`reprise recordings verify\`.`);
        if (landed !== read) throw new Error('The copy does not match the take after writing it.');
        report.copied.push(take.id);
        outcome = 'copied';
      }
    } catch (error) {
      report.failed.push({ id: take.id, reason: error instanceof Error ? error.message : String(error) });
      outcome = 'failed';
    }
    options.onTake?.(take.id, outcome, index + 1, takes.length);
  }
  if (report.failed.length === 0) {
    storeMediaLocation(core.db, to);
    core.recordings.useStore(targetStore);
    report.switched = true;
    if (options.deleteLocal && to.kind === 's3' && from.kind === 'local') {
      for (const take of takes) {
        const file = path.join(core.recordings.dirOf(take.id), take.file_name);
        if (fs.existsSync(file)) {
          fs.rmSync(file);
          report.deletedLocal++;
        }
      }
    }
  }
  return report;
}
