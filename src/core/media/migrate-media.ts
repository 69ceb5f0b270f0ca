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
  /** Takes copied bucket to bucket on the gateway (S3 CopyObject, UploadPartCopy when large): no byte through this process. */
  onGateway: string[];
  /**
   * Takes copied on the gateway (or found there) whose copy was checked without reading it: the
   * sha256 stored with the source object is the take's, and the copy has the source's size, ETag
   * (the gateway's digest of the bytes it wrote) and stored sha256. Others are read back and hashed.
   */
  checkedWithoutReading: string[];
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
    write: (take, body) => store.putStream(keyOf(take), body, take.size_bytes, take.sha256 ?? undefined),
  };
}

/**
 * One take from a bucket to another on the same gateway, copied there: 'there' when an earlier run
 * already copied it. Checked from what the gateway keeps (see MigrateReport.checkedWithoutReading)
 * when it can be; else the copy is read back and its sha256 compared with the take's.
 */
async function copyOnGateway(from: S3TakeStore, to: S3TakeStore, take: TakeRow): Promise<{ outcome: 'copied' | 'there'; withoutReading: boolean }> {
  const key = S3TakeStore.keyOf(take.id, take.file_name);
  const source = await from.stat(key);
  if (!source) throw new Error(`The take is not in the bucket (${key}).`);
  if (source.size !== take.size_bytes || (source.sha256 !== null && take.sha256 !== null && source.sha256 !== take.sha256)) {
    throw new Error(`The take is damaged where it is now (${source.size} bytes, sha256 ${source.sha256 ?? 'not stored'}); run \`reprise recordings verify\`.`);
  }
  const sameAsSource = (copy: { size: number; etag: string | null; sha256: string | null } | null) =>
    copy !== null && source.sha256 !== null && source.sha256 === take.sha256 && copy.size === source.size && copy.etag !== null && copy.etag === source.etag && copy.sha256 === source.sha256;
  const readBack = async () => {
    const landed = await to.sha256(key);
    if (landed !== take.sha256) throw new Error(`The copy does not match the take after writing it (sha256 ${landed ?? 'missing'}).`);
  };
  const there = await to.stat(key);
  if (sameAsSource(there)) return { outcome: 'there', withoutReading: true };
  if (there && there.size === take.size_bytes && take.sha256 !== null && (await to.sha256(key)) === take.sha256) return { outcome: 'there', withoutReading: false };
  // The source's stored sha256 goes with the copy (CopyObject copies metadata; a copy in parts is given it).
  const mode = await to.copy(key, key, source.size, { fromBucket: from.bucket, ...(source.sha256 ? { sha256: source.sha256 } : {}) });
  if (mode === 'single' && sameAsSource(await to.stat(key))) return { outcome: 'copied', withoutReading: true };
  await readBack();
  return { outcome: 'copied', withoutReading: false };
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

  const targetStore = to.kind === 's3' ? new S3TakeStore(to) : null;
  if (targetStore) await targetStore.ensureBucket();
  const target = targetStore ? bucketEnd(targetStore) : folderEnd(core);
  const takes = core.db
    .prepare("SELECT id, file_name, sha256, size_bytes FROM recordings WHERE status = 'ready' AND file_name IS NOT NULL ORDER BY started_at")
    .all() as TakeRow[];
  const report: MigrateReport = {
    from: describeLocation(from),
    to: describeLocation(to),
    copied: [],
    alreadyThere: [],
    failed: [],
    switched: false,
    deletedLocal: 0,
    onGateway: [],
    checkedWithoutReading: [],
  };
  const sameEnd = from.kind === to.kind && (from.kind === 'local' || (to.kind === 's3' && from.bucket === to.bucket && from.endpoint === to.endpoint));
  // Another bucket on the same gateway (same endpoint and region, the same credentials): copied
  // there, bucket to bucket, instead of through this process.
  const sourceStore = from.kind === 's3' ? (core.recordings.store ?? new S3TakeStore(from)) : null;
  const onGateway = !sameEnd && from.kind === 's3' && to.kind === 's3' && from.endpoint === to.endpoint && from.region === to.region;
  for (const [index, take] of takes.entries()) {
    let outcome: 'copied' | 'there' | 'failed';
    try {
      if (onGateway && sourceStore && targetStore) {
        const copied = await copyOnGateway(sourceStore, targetStore, take);
        outcome = copied.outcome;
        (outcome === 'copied' ? report.copied : report.alreadyThere).push(take.id);
        if (outcome === 'copied') report.onGateway.push(take.id);
        if (copied.withoutReading) report.checkedWithoutReading.push(take.id);
      } else if (sameEnd || (take.sha256 !== null && (await target.digest(take)) === take.sha256)) {
        report.alreadyThere.push(take.id);
        outcome = 'there';
      } else {
        const { tap, digest } = hashing();
        const source = sourceStore ? bucketEnd(sourceStore) : folderEnd(core);
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
