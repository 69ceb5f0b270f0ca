import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { S3Store, type MetadataValue } from '@tus/s3-store';
import type { Part } from '@aws-sdk/client-s3';
import { Server } from '@tus/server';
import type { Upload } from '@tus/utils';
import type { Caller } from '../shared/access';
import { AppError } from '../shared/errors';
import { declaredMedia, recordingMode, type ChannelMap, type DeclaredMedia } from '../shared/recordings';
import type { Core } from '../core/core';
import { sha256, type Companion } from '../core/recordings/finalize';
import { adoptedFileName } from '../core/recordings/recordings-service';
import { writeTransaction } from '../core/db/open-database';
import { asStorageError, isStorageError, s3ClientConfig, S3TakeStore } from '../core/media/take-store';

/**
 * The file store, hashing a take as its bytes arrive so the check at the end need not read the
 * whole file again (a second for each few hundred MB). Only an unbroken run from
 * byte 0 in this process counts: after a write cut short or a restart, the file is hashed whole.
 */
class HashingFileStore extends FileStore {
  private readonly hashes = new InflightHashes();

  override write(readable: Readable, id: string, offset: number): Promise<number> {
    return this.hashes.write(readable, id, offset, (tapped) => super.write(tapped, id, offset));
  }

  /** The sha256 of an upload hashed whole on its way in, or null. */
  digestOf(id: string, size: number): string | null {
    return this.hashes.digestOf(id, size);
  }
}

/**
 * Hashing on the way in, for a store: only an unbroken run from byte 0 in this process counts;
 * after a write cut short or a restart the caller hashes the upload whole.
 */
class InflightHashes {
  private readonly hashing = new Map<string, { hash: Hash; bytes: number }>();

  async write(readable: Readable, id: string, offset: number, write: (readable: Readable) => Promise<number>): Promise<number> {
    const state = offset === 0 ? { hash: createHash('sha256'), bytes: 0 } : this.hashing.get(id);
    this.hashing.delete(id);
    if (!state || state.bytes !== offset) return write(readable);
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        state.hash.update(chunk);
        state.bytes += chunk.length;
        done(null, chunk);
      },
    });
    // pipeline, not pipe: a request cut short must fail the write, not leave it waiting.
    const written = await write(pipeline(readable, tap, () => undefined));
    if (written === state.bytes) this.hashing.set(id, state);
    return written;
  }

  /** The sha256 of an upload hashed whole on its way in, or null. */
  digestOf(id: string, size: number): string | null {
    const state = this.hashing.get(id);
    this.hashing.delete(id);
    return state && state.bytes === size ? state.hash.digest('hex') : null;
  }
}

/**
 * tus's S3 store, hashing a take as its bytes pass on to the bucket, as the file store does on
 * disk: reading the whole take back from the bucket to check it cost as long again as a tenth
 * of its upload. Resumed in another process (or after a write cut short), it is read back.
 */
class HashingS3Store extends S3Store {
  private readonly hashes = new InflightHashes();
  /**
   * Uploads whose multipart object is the take's own place in the bucket (`placedKey` in their
   * metadata, set by the hub when it created them), by upload id: such a take needs no copy on the
   * gateway once it checks (a copy cost the gateway a second read and write of the whole take: from
   * the bytes checked to the take adopted, a median of 0.3 to 1.1 s for 76 MB with it, 0.1 to 0.3 s
   * without, in test/bench/hub-s3.bench.ts). Learnt again from the upload's `.info` after a restart. Only the
   * multipart object moves: the `.info` and `.part` objects stay under the upload's id, and
   * removing an upload never deletes a placed key (a finished take may be there).
   */
  private readonly placed = new Map<string, string>();

  /** Where the upload's bytes are in the bucket. */
  objectKey(id: string, metadata?: Upload['metadata']): string {
    const said = metadata?.[placedKeyMeta];
    if (said) this.placed.set(id, said);
    return this.placed.get(id) ?? id;
  }

  override write(readable: Readable, id: string, offset: number): Promise<number> {
    return this.hashes.write(readable, id, offset, (tapped) => super.write(tapped, id, offset));
  }

  digestOf(id: string, size: number): string | null {
    return this.hashes.digestOf(id, size);
  }

  override async create(upload: Upload): Promise<Upload> {
    const key = this.objectKey(upload.id, upload.metadata);
    if (key === upload.id) return super.create(upload);
    upload.creation_date = new Date().toISOString();
    // The sha256 the take must have goes with it, as with a take copied to its place: it is taken
    // in only when its bytes hash to it, and is removed otherwise.
    const sha = upload.metadata?.sha256 ?? '';
    const created = await this.client.createMultipartUpload({
      Bucket: this.bucket,
      Key: key,
      Metadata: { 'tus-version': '1.0.0', ...(/^[0-9a-f]{64}$/.test(sha) ? { sha256: sha } : {}) },
    });
    upload.storage = { type: 's3', path: key, bucket: this.bucket };
    await this.saveMetadata(upload, created.UploadId!);
    return upload;
  }

  protected override async getMetadata(id: string): Promise<MetadataValue> {
    const metadata = await super.getMetadata(id);
    this.objectKey(id, metadata.file.metadata);
    return metadata;
  }

  /**
   * Parts held in memory on their way to the bucket, instead of tus's temporary file per part
   * (written to disk and read back): a part goes as soon as it is whole, up to the store's
   * `maxConcurrentPartUploads` at once, and the request's bytes wait while that many are on their
   * way, which bounds the memory to that many parts. As tus's own: a request cut short keeps the
   * parts already in the bucket and drops the one it was filling (the desktop resends from there),
   * and a short tail that is not the take's end waits in the bucket as the incomplete part.
   */
  protected override async uploadParts(metadata: MetadataValue, readStream: Readable, currentPartNumber: number, offset: number): Promise<number> {
    const size = metadata.file.size;
    const partSize = this.calcOptimalPartSize(size);
    const sending: Promise<void>[] = [];
    let filling: Buffer[] = [];
    let filled = 0;
    let uploaded = 0;
    let failed: unknown = null;
    const send = async () => {
      const body = Buffer.concat(filling, filled);
      filling = [];
      filled = 0;
      const partNumber = currentPartNumber++;
      offset += body.length;
      const whole = body.length >= this.minPartSize || offset === size;
      const permit = await this.partUploadSemaphore.acquire();
      const sent = (async () => {
        try {
          if (whole) await this.uploadPart(metadata, body, partNumber);
          else await this.uploadIncompletePart(metadata.file.id, body as unknown as Readable);
          uploaded += body.length;
        } finally {
          await permit.release().catch(() => undefined);
        }
      })();
      sent.catch((error: unknown) => {
        failed ??= error;
        readStream.destroy(error as Error);
      });
      sending.push(sent);
    };
    let cut: unknown = null;
    try {
      for await (const chunk of readStream as AsyncIterable<Buffer>) {
        let rest = chunk;
        while (rest.length) {
          const take = Math.min(partSize - filled, rest.length);
          filling.push(rest.subarray(0, take));
          filled += take;
          rest = rest.subarray(take);
          if (filled === partSize) await send();
        }
      }
      if (filled > 0) await send();
    } catch (error) {
      cut = error;
    }
    await Promise.allSettled(sending);
    if (failed) throw failed;
    if (cut) throw cut;
    return uploaded;
  }

  protected override async uploadPart(metadata: MetadataValue, body: fs.ReadStream | Readable | Buffer, partNumber: number): Promise<string> {
    const key = this.objectKey(metadata.file.id);
    if (key === metadata.file.id) return super.uploadPart(metadata, body, partNumber);
    const answer = await this.client.uploadPart({ Bucket: this.bucket, Key: key, UploadId: metadata['upload-id'], PartNumber: partNumber, Body: body });
    return answer.ETag!;
  }

  protected override async finishMultipartUpload(metadata: MetadataValue, parts: Part[]): Promise<string | undefined> {
    const key = this.objectKey(metadata.file.id);
    if (key === metadata.file.id) return super.finishMultipartUpload(metadata, parts);
    if (parts.length === 0) parts.push({ ETag: await this.uploadPart(metadata, Buffer.alloc(0), 1), PartNumber: 1 });
    const answer = await this.client.completeMultipartUpload({
      Bucket: this.bucket,
      Key: key,
      UploadId: metadata['upload-id'],
      MultipartUpload: { Parts: parts.map((part) => ({ ETag: part.ETag, PartNumber: part.PartNumber })) },
    });
    return answer.Location;
  }

  protected override async retrieveParts(id: string, partNumberMarker?: string): Promise<Part[]> {
    const metadata = await this.getMetadata(id);
    const key = this.objectKey(id);
    if (key === id) return super.retrieveParts(id, partNumberMarker);
    const data = await this.client.listParts({ Bucket: this.bucket, Key: key, UploadId: metadata['upload-id'], PartNumberMarker: partNumberMarker });
    let parts = data.Parts ?? [];
    if (data.IsTruncated) parts = [...parts, ...(await this.retrieveParts(id, data.NextPartNumberMarker))];
    if (!partNumberMarker) parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
    return parts;
  }

  override async read(id: string): Promise<Readable> {
    const key = this.objectKey(id);
    if (key === id) return super.read(id);
    return (await this.client.getObject({ Bucket: this.bucket, Key: key })).Body as Readable;
  }

  override async remove(id: string): Promise<void> {
    let metadata: MetadataValue;
    try {
      metadata = await this.getMetadata(id);
    } catch {
      return super.remove(id);
    }
    const key = this.objectKey(id);
    if (key === id) return super.remove(id);
    // An unfinished multipart upload is let go of; a finished object at the take's place is not
    // removed here (it may be the take): the hub removes one that failed its check itself.
    if (metadata['upload-id']) await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: key, UploadId: metadata['upload-id'] }).catch(() => undefined);
    await this.client.deleteObjects({ Bucket: this.bucket, Delete: { Objects: [{ Key: this.infoKey(id) }, { Key: this.partKey(id, true) }] } });
    await this.clearCache(id);
  }
}

/** The metadata entry of an upload whose bytes go straight to the take's place in the bucket; set by the hub only. */
const placedKeyMeta = 'placedKey';

/** The largest take a hub accepts (a few hours of 1080p video). */
const maxUploadBytes = 20 * 1024 ** 3;

/** What one person may hold open on the hub, and the disk space the hub keeps free for itself. */
export interface UploadLimits {
  /** Unfinished uploads are removed this long after they began (tus `expiration`). */
  expiresAfterMs: number;
  /** Uploads one person may have begun and not finished. */
  maxOpenPerPerson: number;
  /** Bytes one person's unfinished uploads may declare, together. */
  maxOpenBytesPerPerson: number;
  /** An upload that would leave less free space than this on the hub's disk is refused (507). */
  minFreeBytes: number;
}

const mb = 1024 ** 2;

/** The limits, from the environment where set: REPRISE_HUB_MIN_FREE_MB, REPRISE_HUB_OPEN_UPLOADS, REPRISE_HUB_OPEN_UPLOAD_MB. */
export function uploadLimits(env: NodeJS.ProcessEnv = process.env, given: Partial<UploadLimits> = {}): UploadLimits {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    expiresAfterMs: 24 * 3600_000,
    maxOpenPerPerson: number('REPRISE_HUB_OPEN_UPLOADS', 4),
    // Two of the largest takes: a person can always send one while another waits.
    maxOpenBytesPerPerson: number('REPRISE_HUB_OPEN_UPLOAD_MB', (2 * maxUploadBytes) / mb) * mb,
    minFreeBytes: number('REPRISE_HUB_MIN_FREE_MB', 1024) * mb,
    ...given,
  };
}

/** Free bytes on the disk that holds `dir`, for whoever is not root. */
function freeBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/**
 * FileStore makes its folder with an asynchronous mkdir whose callback throws, so a folder that
 * goes away meanwhile (an unmounted disk, a test's temp folder) becomes an uncaught exception that
 * ends the process. We make the folder synchronously before the store, and skip its own attempt.
 */
(HashingFileStore.prototype as unknown as { checkOrCreateDirectory(): void }).checkOrCreateDirectory = () => undefined;

/**
 * The upload an address names: `/uploads/<32 hex>` exactly, nothing else. tus is told to use this
 * same answer (getFileIdFromRequest), so the owner check and tus can never read different ids from
 * one address: tus's own reading takes the last segment, after a trailing slash or extra segments
 * and with %-escapes decoded, which the owner check would otherwise not see as an upload at all.
 */
export function uploadIdOf(url: string | undefined): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url ?? '/', 'http://hub').pathname;
  } catch {
    return undefined;
  }
  return /^\/uploads\/([0-9a-f]{32})$/.exec(pathname)?.[1];
}

/**
 * The tus extensions the hub advertises: those that work. Not `creation-defer-length` (an upload
 * says its size up front, see checkCreate) and not `concatenation` (FileStore has none).
 */
const workingExtensions = ['creation', 'creation-with-upload', 'termination'];

/**
 * What tus 1.0 asks of a request that @tus/server answers otherwise: a Tus-Resumable the server
 * does not speak is 412 with the versions it does (@tus/server says 400), a PATCH whose body is
 * not `application/offset+octet-stream` 415 (it says 400), a PATCH without Upload-Offset 400 (it
 * says 403). Null when the request may go on.
 */
export function protocolRefusal(method: string, headers: http.IncomingHttpHeaders): { status: number; body: string; headers?: Record<string, string> } | null {
  if (method === 'OPTIONS') return null;
  if (headers['tus-resumable'] !== '1.0.0') {
    return { status: 412, body: 'This server speaks tus 1.0.0 (Tus-Resumable: 1.0.0).', headers: { 'tus-version': '1.0.0' } };
  }
  if (method !== 'PATCH') return null;
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/offset+octet-stream') return { status: 415, body: 'A PATCH carries Content-Type: application/offset+octet-stream.' };
  if (headers['upload-offset'] === undefined) return { status: 400, body: 'A PATCH needs the Upload-Offset header.' };
  return null;
}

type Refusal = { status_code: number; body: string };
const refuse = (status_code: number, body: string): Refusal => ({ status_code, body });

/**
 * Resumable uploads of finished takes into the hub, over tus 1.0 at `/uploads/`. The caller's
 * rights are checked when an upload is created (they take part in the session) and on every later
 * request (only the device's own person continues it). When the last byte arrives the hub hashes
 * the file and takes it in only when the sha256 is the one the desktop sealed the take with.
 */
export class HubUploads {
  readonly directory: string;
  private readonly tus: Server;
  private readonly store: HashingFileStore | HashingS3Store;
  /** The hub's bucket when its takes live in S3-compatible storage (uploads are objects there too). */
  private readonly bucket: S3TakeStore | null;
  /** Takes being checked and adopted now, so a HEAD that comes meanwhile waits for the same work instead of doing it twice. */
  private readonly finishing = new Map<string, Promise<void>>();
  readonly limits: UploadLimits;
  private readonly sweeper: ReturnType<typeof setInterval>;
  /** The upload each POST under way created, so one the bucket refused can be let go of. */
  private readonly creating = new WeakMap<object, string>();

  constructor(
    private readonly core: Core,
    limits: Partial<UploadLimits> = {},
  ) {
    this.limits = uploadLimits(process.env, limits);
    this.directory = path.join(core.dataDir, 'uploads');
    fs.mkdirSync(this.directory, { recursive: true });
    // With an expiration period tus advertises the `expiration` extension, sends Upload-Expires and
    // refuses to continue an upload past it; expire() removes what was left.
    this.bucket = core.recordings.store;
    this.store = this.bucket
      ? new HashingS3Store({
          // Parts of 8 MB: a 70 MB take is 9 parts, and a cut-off upload resends at most one.
          partSize: 8 * 1024 ** 2,
          expirationPeriodInMilliseconds: this.limits.expiresAfterMs,
          // Tags are not needed to expire uploads here (the hub's own rows say which), and some gateways lack them.
          useTags: false,
          // Parts on their way to the bucket at once (the SDK's own multipart upload sends 4), held
          // in memory: at most 64 MB for all uploads together.
          maxConcurrentPartUploads: 8,
          s3ClientConfig: { ...s3ClientConfig(this.bucket.location), bucket: this.bucket.bucket },
        })
      : new HashingFileStore({ directory: this.directory, expirationPeriodInMilliseconds: this.limits.expiresAfterMs });
    this.store.extensions = [...workingExtensions, ...(this.limits.expiresAfterMs > 0 ? ['expiration'] : [])];
    const options: ConstructorParameters<typeof Server>[0] = {
      path: '/uploads',
      datastore: this.store,
      maxSize: maxUploadBytes,
      respectForwardedHeaders: false,
      namingFunction: () => randomBytes(16).toString('hex'),
      getFileIdFromRequest: (req) => uploadIdOf(req.url),
      onUploadCreate: async (req, upload) => {
        // Abandoned uploads go before anyone's limits are counted.
        await this.expire();
        const placedKey = this.checkCreate(this.callerOf(req.headers.get('authorization')), upload);
        this.creating.set(req, upload.id);
        // Only the hub says where an upload's bytes go: a placedKey sent by a client is dropped.
        const { [placedKeyMeta]: _said, ...metadata } = upload.metadata ?? {};
        return { metadata: placedKey ? { ...metadata, [placedKeyMeta]: placedKey } : metadata };
      },
      onUploadFinish: async (req, upload) => {
        await this.finishOnce(this.callerOf(req.headers.get('authorization')), upload);
        return {};
      },
      onResponseError: (req, error) => {
        if (!this.bucket || !isGatewayFailure(error)) return undefined;
        const message = asStorageError(error, 'an upload').message;
        // An upload the bucket never got does not count against its person's limits.
        const created = this.creating.get(req);
        if (created) this.core.db.prepare('UPDATE hub_uploads SET removed_at = ?, error = ? WHERE id = ? AND adopted_at IS NULL').run(new Date().toISOString(), message, created);
        // The bucket not answering is the hub's storage being down, not a fault in the upload: 503,
        // which a desktop tries again later. Asked where to resume, 423 instead: tus clients start
        // a new upload (and send every byte again) after any other refusal of a HEAD.
        return refuse(req.method === 'HEAD' ? 423 : 503, message);
      },
    };
    this.tus = new Server(options);
    this.sweeper = setInterval(() => void this.expire().catch(() => undefined), 3600_000);
    this.sweeper.unref();
    void this.expire().catch(() => undefined);
    // What a stop left unmade for adopted takes (their peaks or thumbnail) is made now, in the background.
    const adopted = this.core.db.prepare('SELECT DISTINCT recording_id FROM hub_uploads WHERE adopted_at IS NOT NULL').pluck().all() as string[];
    this.core.recordings.prepareMissingExtras(adopted);
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Removes uploads left unfinished past their expiry (files and all), so that abandoned uploads
   * neither fill the disk nor count against their person's limits. Returns how many.
   */
  async expire(now = Date.now()): Promise<number> {
    const before = new Date(now - this.limits.expiresAfterMs).toISOString();
    const ids = this.core.db
      .prepare('SELECT id FROM hub_uploads WHERE adopted_at IS NULL AND removed_at IS NULL AND created_at < ?')
      .pluck()
      .all(before) as string[];
    let removed = 0;
    for (const id of ids) {
      if (this.finishing.has(id)) continue;
      this.removeFiles(id);
      this.core.db.prepare('UPDATE hub_uploads SET removed_at = ? WHERE id = ?').run(new Date(now).toISOString(), id);
      removed++;
    }
    // Companions whose take never came go after the same time.
    const companions = path.join(this.directory, 'companions');
    for (const name of fs.existsSync(companions) ? fs.readdirSync(companions) : []) {
      const file = path.join(companions, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && stat.mtimeMs < now - this.limits.expiresAfterMs) fs.rmSync(file, { force: true });
    }
    // Files of uploads the hub no longer has a row for (a restored database, say) go by tus's own clock.
    await this.tus.cleanUpExpiredUploads().catch(() => 0);
    return removed;
  }

  private removeFiles(id: string): void {
    if (this.store instanceof S3Store) {
      // Gone now or by the next sweep: an unfinished upload in the bucket expires on its own.
      void this.store.remove(id).catch(() => undefined);
      return;
    }
    const file = path.join(this.directory, id);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.json`, { force: true });
  }

  /** A refusal when writing `bytes` more would leave the hub's disk with less than its margin free. */
  private spaceRefusal(bytes: number): Refusal | null {
    // A bucket has no free space to keep: what it may hold is the storage operator's quota.
    if (this.bucket) return null;
    const free = freeBytes(this.directory);
    if (free - bytes >= this.limits.minFreeBytes) return null;
    return refuse(
      507,
      `The team hub is running out of disk space (${gib(free)} free, and it keeps ${gib(this.limits.minFreeBytes)} free), so it cannot take this take now. It stays on this computer and goes up when an admin has made room on the hub.`,
    );
  }

  private callerOf(authorization: string | null): Caller {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : null;
    return this.core.accounts.authenticate(token)?.caller ?? { kind: 'stranger' };
  }

  /**
   * Runs a tus request for a signed-in caller; PATCH/HEAD/DELETE only on an upload of their own.
   * OPTIONS answers anyone: it says only which tus version, extensions and size the hub takes.
   */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller): Promise<void> {
    const companion = companionOf(req.url);
    if (companion) {
      if (caller.kind === 'person') return this.receiveCompanion(req, res, caller, companion);
      req.resume();
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Sign in to Reprise first.');
    }
    const refusal = protocolRefusal(req.method ?? 'GET', req.headers);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0', ...refusal.headers });
      return void res.end(refusal.body);
    }
    if (req.method === 'OPTIONS') return void (await this.tus.handle(req, res));
    if (caller.kind !== 'person') {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0' });
      return void res.end('Sign in to Reprise first.');
    }
    const id = uploadIdOf(req.url);
    if (id) {
      const owner = this.core.db.prepare('SELECT rep_id FROM hub_uploads WHERE id = ?').pluck().get(id) as string | undefined;
      if (owner !== undefined && owner !== caller.repId) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0' });
        return void res.end('This upload belongs to someone else.');
      }
      if (owner !== undefined && req.method === 'HEAD' && (await this.answerFinished(id, caller, res))) return;
    }
    if (req.method === 'PATCH') {
      const full = this.spaceRefusal(Number(req.headers['content-length'] ?? 0));
      if (full) {
        res.writeHead(full.status_code, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0' });
        req.resume();
        return void res.end(full.body);
      }
    }
    await this.tus.handle(req, res);
  }

  /**
   * A HEAD on a take whose bytes are all here. tus answers such a HEAD "complete" and the client
   * sends nothing more, so the hub must have taken the take in by then: it may have been stopped
   * after the last byte and before the check (then it checks and adopts now), or have adopted it
   * and let go of the upload's files (then a plain 404 would make the client send it all again).
   * False when the upload is still under way, for tus to answer.
   */
  private async answerFinished(id: string, caller: Caller, res: http.ServerResponse): Promise<boolean> {
    const row = this.core.db.prepare('SELECT size_bytes, adopted_at, recording_id, sha256 FROM hub_uploads WHERE id = ?').get(id) as
      | { size_bytes: number; adopted_at: string | null; recording_id: string; sha256: string }
      | undefined;
    if (!row) return false;
    // Stopped after the take was written ready and before the upload was marked adopted: the take is here.
    const take = this.core.db.prepare('SELECT status, sha256 FROM recordings WHERE id = ?').get(row.recording_id) as { status: string; sha256: string | null } | undefined;
    if (!row.adopted_at && take?.status === 'ready' && take.sha256 === row.sha256) {
      this.core.db.prepare('UPDATE hub_uploads SET adopted_at = ? WHERE id = ?').run(new Date().toISOString(), id);
      this.removeFiles(id);
    } else if (!row.adopted_at) {
      let upload: Upload;
      try {
        upload = await this.store.getUpload(id);
      } catch {
        return false;
      }
      if (upload.offset !== row.size_bytes) return false;
      try {
        await this.finishOnce(caller, upload);
      } catch (error) {
        const refusal = error as Partial<Refusal>;
        if (typeof refusal.status_code !== 'number') throw error;
        res.writeHead(refusal.status_code, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0', 'cache-control': 'no-store' });
        res.end(refusal.body);
        return true;
      }
    }
    res.writeHead(200, {
      'tus-resumable': '1.0.0',
      'upload-offset': String(row.size_bytes),
      'upload-length': String(row.size_bytes),
      'cache-control': 'no-store',
    });
    res.end();
    return true;
  }

  /** Where a person's companion of a take waits for the take (one of each kind per person and take). */
  private companionFile(repId: string, recordingId: string, kind: CompanionKind): string {
    return path.join(this.directory, 'companions', `${repId}-${recordingId}.${kind}`);
  }

  /**
   * A desktop's peaks or thumbnail of a take it is about to upload (PUT, before the take): kept
   * beside the uploads until the take arrives, and used only if its sha256 is the one the take's
   * upload declares. Small, and only from someone who may send takes to the session.
   */
  private async receiveCompanion(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller & { kind: 'person' }, companion: { recordingId: string; kind: CompanionKind; sessionId: string }): Promise<void> {
    const answer = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0', 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'PUT') {
      req.resume();
      return answer(405, 'Send a companion of a take with PUT.');
    }
    try {
      this.core.guard.allow('recordings:import', caller, { sessionId: companion.sessionId });
    } catch (error) {
      req.resume();
      return answer(error instanceof AppError && error.code === 'forbidden' ? 403 : 400, error instanceof Error ? error.message : String(error));
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (!Number.isFinite(declared) || declared > maxCompanionBytes) {
      req.resume();
      return answer(413, `A take's peaks or thumbnail is at most ${maxCompanionBytes / mb} MB, with its Content-Length.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxCompanionBytes) return answer(413, `A take's peaks or thumbnail is at most ${maxCompanionBytes / mb} MB.`);
      chunks.push(chunk);
    }
    const file = this.companionFile(caller.repId, companion.recordingId, companion.kind);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.part`;
    fs.writeFileSync(temporary, Buffer.concat(chunks));
    fs.renameSync(temporary, file);
    answer(204, '');
  }

  /** Companions the take's upload declared and that arrived (checked against the sha256 when the take is taken in). */
  private companionsOf(repId: string, recordingId: string, meta: Record<string, string | null>): { peaks?: Companion; thumbnail?: Companion } {
    const companions: { peaks?: Companion; thumbnail?: Companion } = {};
    for (const kind of companionKinds) {
      const sha = meta[`${kind}Sha256`] ?? '';
      const file = this.companionFile(repId, recordingId, kind);
      if (/^[0-9a-f]{64}$/.test(sha) && fs.existsSync(file)) companions[kind] = { file, sha256: sha };
    }
    return companions;
  }

  private removeCompanions(repId: string, recordingId: string): void {
    for (const kind of companionKinds) fs.rmSync(this.companionFile(repId, recordingId, kind), { force: true });
  }

  private finishOnce(caller: Caller, upload: Upload): Promise<void> {
    let running = this.finishing.get(upload.id);
    if (!running) {
      running = this.finish(caller, upload).finally(() => this.finishing.delete(upload.id));
      this.finishing.set(upload.id, running);
    }
    return running;
  }

  /**
   * Refuses an upload the caller may not begin (throws a refusal) and claims its place in their
   * limits. With the takes in a bucket, returns the take's own key for the upload to be made at
   * (no copy after it checks) when nothing else can be there: no recording with its id and no other
   * upload of it under way; null otherwise (it is copied to its place once it checks, as before).
   */
  private checkCreate(caller: Caller, upload: Upload): string | null {
    if (caller.kind !== 'person') throw refuse(401, 'Sign in to Reprise first.');
    const meta = upload.metadata ?? {};
    const recordingId = meta.recordingId ?? '';
    const sessionId = meta.sessionId ?? '';
    const sha = meta.sha256 ?? '';
    if (!/^[0-9a-f-]{36}$/.test(recordingId) || !sessionId || !/^[0-9a-f]{64}$/.test(sha) || !recordingMode.safeParse(meta.mode).success) {
      throw refuse(400, 'An upload needs recordingId, sessionId, sha256 and mode in its metadata.');
    }
    if (upload.size === undefined) throw refuse(400, 'Say the upload size up front (Upload-Length).');
    try {
      this.core.guard.allow('recordings:import', caller, { sessionId });
    } catch (error) {
      throw refuse(error instanceof AppError && error.code === 'forbidden' ? 403 : 400, error instanceof Error ? error.message : String(error));
    }
    const existing = this.core.db.prepare('SELECT sha256 FROM recordings WHERE id = ?').pluck().get(recordingId) as string | null | undefined;
    if (existing !== undefined && existing !== sha) throw refuse(409, 'A different recording with this id is already on the hub.');
    const full = this.spaceRefusal(upload.size);
    if (full) throw full;
    const size = upload.size;
    const repId = caller.repId;
    const fileName = this.bucket ? adoptedFileName(meta.filename ?? 'recording.webm') : null;
    // The count and the claim in one transaction: two uploads begun at once cannot both slip under the limit.
    return writeTransaction(this.core.db, () => {
      const open = this.core.db
        .prepare('SELECT count(*) AS uploads, coalesce(sum(size_bytes), 0) AS bytes FROM hub_uploads WHERE rep_id = ? AND adopted_at IS NULL AND removed_at IS NULL')
        .get(repId) as { uploads: number; bytes: number };
      if (open.uploads >= this.limits.maxOpenPerPerson) {
        throw refuse(429, `You already have ${open.uploads} takes on their way to the team hub. This one goes up when one of them has arrived (unfinished uploads are removed after a day).`);
      }
      if (open.bytes + size > this.limits.maxOpenBytesPerPerson) {
        throw refuse(429, `Your takes on their way to the team hub already add up to ${gib(open.bytes)}. This one goes up when one of them has arrived (unfinished uploads are removed after a day).`);
      }
      this.core.db
        .prepare(
          `INSERT INTO hub_uploads (id, recording_id, session_id, rep_id, device_id, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(upload.id, recordingId, sessionId, repId, caller.deviceId ?? null, sha, size, new Date().toISOString());
      if (!fileName || existing !== undefined) return null;
      const others = this.core.db
        .prepare('SELECT count(*) FROM hub_uploads WHERE recording_id = ? AND id != ? AND adopted_at IS NULL AND removed_at IS NULL')
        .pluck()
        .get(recordingId, upload.id) as number;
      return others === 0 ? S3TakeStore.keyOf(recordingId, fileName) : null;
    });
  }

  private async finish(caller: Caller, upload: Upload): Promise<void> {
    const row = this.core.db.prepare('SELECT * FROM hub_uploads WHERE id = ?').get(upload.id) as
      | { recording_id: string; session_id: string; rep_id: string; sha256: string; size_bytes: number }
      | undefined;
    if (!row || caller.kind !== 'person' || caller.repId !== row.rep_id) throw refuse(403, 'This upload belongs to someone else.');
    const file = path.join(this.directory, upload.id);
    // Where the bytes are in the bucket: the upload's own key, or the take's place when made there.
    const key = this.bucket ? (this.store as HashingS3Store).objectKey(upload.id, upload.metadata) : upload.id;
    let digest: string | null;
    if (this.bucket) {
      // Hashed on its way to the bucket, with the size the bucket holds (as the file store trusts
      // the disk it wrote to); read back from the bucket as a stream when it could not be hashed so.
      try {
        const hashed = (this.store as HashingS3Store).digestOf(upload.id, row.size_bytes);
        digest = hashed && (await this.bucket.stat(key))?.size === row.size_bytes ? hashed : await this.bucket.sha256(key);
      } catch (error) {
        throw refuse(503, asStorageError(error, 'an upload').message);
      }
    } else {
      digest = (this.store as HashingFileStore).digestOf(upload.id, row.size_bytes) ?? (await sha256(file));
    }
    const now = new Date().toISOString();
    if (digest !== row.sha256) {
      // What arrived is not what was sealed: drop it, so a retry starts clean.
      this.core.db.prepare('UPDATE hub_uploads SET error = ?, removed_at = ? WHERE id = ?').run(`sha256 mismatch: got ${digest}`, now, upload.id);
      this.removeFiles(upload.id);
      // Made at the take's place, where no take was when it began: the damaged bytes go too.
      if (key !== upload.id) await this.bucket?.remove(key).catch(() => undefined);
      throw refuse(422, 'The take arrived damaged (its sha256 does not match). Send it again.');
    }
    this.core.db.prepare('UPDATE hub_uploads SET received_at = ? WHERE id = ?').run(now, upload.id);
    const meta = upload.metadata ?? {};
    const parsed = parseMeta(meta);
    if (!parsed) throw refuse(400, 'The upload metadata is not valid JSON.');
    const { channelMap, consents } = parsed;
    try {
      await this.core.recordings.adoptUpload({
        id: row.recording_id,
        sessionId: row.session_id,
        file,
        ...(this.bucket ? { uploadKey: key, uploadLeftovers: [`${upload.id}.info`], sizeBytes: row.size_bytes } : {}),
        fileName: meta.filename ?? 'recording.webm',
        sha256: row.sha256,
        mode: recordingMode.parse(meta.mode),
        startedAt: meta.startedAt || now,
        stoppedAt: meta.stoppedAt || null,
        recovered: meta.recovered === '1',
        channelMap,
        consents,
        companions: this.companionsOf(row.rep_id, row.recording_id, meta),
        ...(parsed.declared ? { declared: parsed.declared } : {}),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The take stays claimed and its upload where it is: the desktop's next try finishes it.
      if (isStorageError(error)) throw refuse(503, message);
      const conflict = error instanceof AppError && error.code === 'conflict';
      // Another take holds this id: this copy can never be taken in, so it goes now.
      if (conflict) this.removeFiles(upload.id);
      this.core.db.prepare('UPDATE hub_uploads SET error = ?, removed_at = ? WHERE id = ?').run(message, conflict ? now : null, upload.id);
      throw refuse(conflict ? 409 : 422, message);
    }
    if (!this.bucket) fs.rmSync(`${file}.json`, { force: true });
    this.removeCompanions(row.rep_id, row.recording_id);
    this.core.db.prepare('UPDATE hub_uploads SET adopted_at = ? WHERE id = ?').run(new Date().toISOString(), upload.id);
    // The team sees the take's conversation metrics on the hub too, analysed where the take now lives.
    try {
      this.core.analysis.schedule(row.recording_id);
    } catch {
      // The take is kept either way; the hub's next start analyses whatever is still due.
    }
  }
}

const companionKinds = ['peaks', 'thumbnail'] as const;
type CompanionKind = (typeof companionKinds)[number];
/** The largest peaks or thumbnail a desktop may send with a take (peaks of a few hours are ~2 MB). */
const maxCompanionBytes = 16 * mb;

/**
 * A companion's address: `/uploads/companions/<recording id>/<peaks|thumbnail>?session=<session id>`,
 * exactly; null for any other (a tus address, say).
 */
export function companionOf(url: string | undefined): { recordingId: string; kind: CompanionKind; sessionId: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '/', 'http://hub');
  } catch {
    return null;
  }
  const match = /^\/uploads\/companions\/([0-9a-f-]{36})\/(peaks|thumbnail)$/.exec(parsed.pathname);
  const sessionId = parsed.searchParams.get('session') ?? '';
  if (!match || !sessionId) return null;
  return { recordingId: match[1]!, kind: match[2] as CompanionKind, sessionId };
}

/** An error from the S3 client or the network under it, rather than from tus's own checks. */
function isGatewayFailure(error: unknown): boolean {
  const e = error as { status_code?: unknown; $metadata?: unknown; code?: unknown; name?: unknown };
  if (typeof e.status_code === 'number') return false;
  return e.$metadata !== undefined || (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) || e.name === 'TimeoutError' || isStorageError(error);
}

function parseMeta(meta: Record<string, string | null>): {
  channelMap: ChannelMap | null;
  consents: { repId: string; confirmedAt: string; confirmedBy: string; shared: boolean }[];
  /** What the desktop's finalize found of the take (`media`); absent from an older desktop, or not usable: then the hub probes before answering. */
  declared: DeclaredMedia | null;
} | null {
  try {
    const channelMap = meta.channelMap ? (JSON.parse(meta.channelMap) as ChannelMap) : null;
    const consents = (JSON.parse(meta.consents ?? '[]') as { repId: string; confirmedAt: string; confirmedBy: string; shared: number }[]).map((c) => ({
      ...c,
      shared: Boolean(c.shared),
    }));
    let declared: DeclaredMedia | null = null;
    try {
      const said = declaredMedia.safeParse(JSON.parse(meta.media ?? 'null'));
      declared = said.success ? said.data : null;
    } catch {
      declared = null;
    }
    return { channelMap, consents, declared };
  } catch {
    return null;
  }
}
