import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';

/**
 * Where a hub keeps its takes: its own media folder (the default) or a bucket on an
 * S3-compatible service (AWS S3, Ceph's radosgw, MinIO...). Credentials are never kept here: they
 * come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the SDK's usual chain.
 */
export type MediaLocation =
  | { kind: 'local' }
  | { kind: 's3'; bucket: string; endpoint: string | null; region: string; pathStyle: boolean };

/** The error code of a request the object store could not answer (down, unreachable, refusing). */
export const storageUnavailable = ErrorCode.storageUnavailable;

/** How the location is written on the command line: `local` or `s3://BUCKET`. */
export function describeLocation(location: MediaLocation): string {
  if (location.kind === 'local') return 'local';
  return `s3://${location.bucket}${location.endpoint ? ` at ${location.endpoint}` : ''}`;
}

/** The rules of S3 bucket names (3-63 of a-z, 0-9, dot, hyphen; starts and ends with a letter or digit). */
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `--media local|s3://BUCKET` with its S3 flags, or an Error whose message says what to write. */
export function parseMediaLocation(
  value: string,
  options: { endpoint?: string | undefined; region?: string | undefined; pathStyle?: boolean | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): MediaLocation {
  const s3Flags = options.endpoint !== undefined || options.region !== undefined || options.pathStyle;
  if (value === 'local') {
    if (s3Flags) throw new Error('--s3-endpoint, --s3-region and --s3-path-style go with --media s3://BUCKET.');
    return { kind: 'local' };
  }
  const match = /^s3:\/\/([^/]+)\/?$/.exec(value);
  if (!match) throw new Error('--media is `local` or `s3://BUCKET` (a bucket name, no folder).');
  const bucket = match[1]!;
  if (!bucketName.test(bucket) || bucket.includes('..')) {
    throw new Error(`"${bucket}" is not a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens.`);
  }
  let endpoint: string | null = null;
  if (options.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new Error('--s3-endpoint is a full address, such as http://127.0.0.1:7152 or https://s3.example.com.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--s3-endpoint starts with http:// or https://.');
    endpoint = url.toString().replace(/\/$/, '');
  }
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!/^[a-z0-9-]{2,40}$/.test(region)) throw new Error('--s3-region is a region name such as us-east-1.');
  return { kind: 's3', bucket, endpoint, region, pathStyle: Boolean(options.pathStyle) };
}

/** The S3 client settings for a location, the same for the hub's own requests and for tus's S3 store. */
export function s3ClientConfig(location: Extract<MediaLocation, { kind: 's3' }>): S3ClientConfig {
  return {
    region: location.region,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    forcePathStyle: location.pathStyle,
    // The SDK's default trailing checksums on streamed bodies are refused by some S3-compatible
    // servers (Ceph 16 answers 411 MissingContentLength); checksums only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A gateway that is down fails fast, so the desktop's retry (not a hanging request) takes over.
    maxAttempts: 2,
  };
}

const settingKey = 'hubMedia';

/** The hub's media location as kept in its settings; local when never chosen. */
export function storedMediaLocation(db: Database): MediaLocation {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(settingKey) as string | undefined;
  if (!row) return { kind: 'local' };
  const value = JSON.parse(row) as MediaLocation;
  return value.kind === 's3' ? value : { kind: 'local' };
}

export function storeMediaLocation(db: Database, location: MediaLocation): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(settingKey, JSON.stringify(location));
}

/** S3's CopyObject copies objects up to 5 GB; a larger take is copied in parts (UploadPartCopy). */
export const singleCopyLimit = 5 * 1024 ** 3;
/** The size of a part of a multipart copy, unless the take needs larger parts to stay within S3's 10,000. */
export const copyPartBytes = 512 * 1024 ** 2;
/** S3's limits on the parts of one multipart upload. */
const maxParts = 10_000;
const minPartBytes = 5 * 1024 ** 2;
const maxPartBytes = 5 * 1024 ** 3;

/**
 * The parts of a multipart copy of an object of `size` bytes: numbered from 1, each an inclusive
 * byte range as UploadPartCopy takes it. Parts of `partBytes` (grown when the object would need
 * more than 10,000 of them; every part but the last at least 5 MB, none over 5 GB), the last one
 * what is left.
 */
export function copyParts(size: number, partBytes = copyPartBytes): { partNumber: number; first: number; last: number; range: string }[] {
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`Cannot copy an object of ${size} bytes in parts.`);
  const part = Math.min(maxPartBytes, Math.max(minPartBytes, partBytes, Math.ceil(size / maxParts)));
  if (Math.ceil(size / part) > maxParts) throw new Error(`An object of ${size} bytes is larger than S3 can hold.`);
  const parts = [];
  for (let first = 0, partNumber = 1; first < size; first += part, partNumber++) {
    const last = Math.min(size, first + part) - 1;
    parts.push({ partNumber, first, last, range: `bytes=${first}-${last}` });
  }
  return parts;
}

/** How an S3TakeStore copies: thresholds a test can make small (a real 5 GB take is not needed to test the parts). */
export interface CopyOptions {
  /** Objects up to this size are copied in one CopyObject. */
  singleCopyLimit: number;
  partBytes: number;
  /** Parts copied at once. */
  concurrency: number;
}

/** What an object store says about one object. */
export interface StoredObject {
  size: number;
  /** The gateway's ETag of the bytes (an MD5 for one-part objects, `…-N` for objects written in parts). */
  etag: string | null;
  /** The take's sha256 stored with the object when it was put in its place (`x-amz-meta-sha256`), if any. */
  sha256: string | null;
}

/** The object metadata that carries a take's sha256 with its bytes. */
const sha256Meta = 'sha256';

/**
 * Takes in a bucket, each under `recordings/<id>/<file name>` as in the media folder. The derived
 * files (thumbnail, waveform) stay in the hub's media folder: small, and rebuilt from the take.
 */
export class S3TakeStore {
  readonly bucket: string;
  private sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3') }> | null = null;

  private readonly copying: CopyOptions;

  constructor(
    readonly location: Extract<MediaLocation, { kind: 's3' }>,
    copying: Partial<CopyOptions> = {},
  ) {
    this.bucket = location.bucket;
    this.copying = { singleCopyLimit, partBytes: copyPartBytes, concurrency: 4, ...copying };
  }

  /**
   * The SDK and the client, loaded on first use: the AWS SDK is a good part of a process's start,
   * and most processes (the desktop, the CLI's commands) never reach a bucket.
   */
  private loaded(): Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3') }> {
    this.sdk ??= import('@aws-sdk/client-s3').then((s3) => ({ s3, client: new s3.S3Client(s3ClientConfig(this.location)) }));
    return this.sdk;
  }

  static keyOf(id: string, fileName: string): string {
    return `recordings/${id}/${fileName}`;
  }

  /** Makes the bucket when it is not there yet. */
  async ensureBucket(): Promise<void> {
    const { client, s3 } = await this.loaded();
    try {
      await client.send(new s3.HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw asStorageError(error, `the bucket ${this.bucket}`);
    }
    try {
      await client.send(new s3.CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou') throw asStorageError(error, `the bucket ${this.bucket}`);
    }
  }

  /** The object's size, or null when it is not there. */
  async stat(key: string): Promise<StoredObject | null> {
    const { client, s3 } = await this.loaded();
    try {
      const head = await client.send(new s3.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const stored = head.Metadata?.[sha256Meta];
      return { size: head.ContentLength ?? 0, etag: head.ETag ?? null, sha256: stored && /^[0-9a-f]{64}$/.test(stored) ? stored : null };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw asStorageError(error, key);
    }
  }

  /** The object's bytes (or those of `range`, inclusive), streamed; null when it is not there. */
  async read(key: string, range?: { start: number; end: number }, signal?: AbortSignal): Promise<Readable | null> {
    const { client, s3 } = await this.loaded();
    try {
      const answer = await client.send(
        new s3.GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
        signal ? { abortSignal: signal } : {},
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw asStorageError(error, key);
    }
  }

  /** The sha256 of the object, read as a stream (never whole in memory); null when it is not there. */
  async sha256(key: string, signal?: AbortSignal): Promise<string | null> {
    const body = await this.read(key, undefined, signal);
    if (!body) return null;
    const hash = createHash('sha256');
    try {
      for await (const chunk of body) hash.update(chunk as Buffer);
    } catch (error) {
      throw asStorageError(error, key);
    }
    return hash.digest('hex');
  }

  /** An address anyone holding it may GET the object from, for `seconds` (ffmpeg reads takes so, a player with ?presigned). */
  async presign(key: string, seconds: number, contentType?: string): Promise<string> {
    const [{ client, s3 }, { getSignedUrl }] = await Promise.all([this.loaded(), import('@aws-sdk/s3-request-presigner')]);
    // The storage answers with the take's own type (the upload's object may have none).
    const command = new s3.GetObjectCommand({ Bucket: this.bucket, Key: key, ...(contentType ? { ResponseContentType: contentType } : {}) });
    return getSignedUrl(client, command, { expiresIn: seconds });
  }

  /** Writes a stream to `key` in parts (never whole in memory), with the take's sha256 when known. */
  async putStream(key: string, body: Readable, size?: number, sha256?: string): Promise<void> {
    // 8 MB parts, larger for a take that would need more than S3's 10,000 of them (past 80 GB).
    const partSize = Math.max(8 * 1024 ** 2, size ? Math.ceil(size / maxParts) : 0);
    const [{ client }, { Upload }] = await Promise.all([this.loaded(), import('@aws-sdk/lib-storage')]);
    try {
      await new Upload({ client, params: { Bucket: this.bucket, Key: key, Body: body, ...(sha256 ? { Metadata: { [sha256Meta]: sha256 } } : {}) }, partSize, queueSize: 2 }).done();
    } catch (error) {
      throw asStorageError(error, key);
    }
  }

  /** The ids of the takes in the bucket (each `recordings/<id>/`), read a page of a thousand at a time. */
  async takeIds(): Promise<string[]> {
    const { client, s3 } = await this.loaded();
    const ids: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await client.send(
          new s3.ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'recordings/', Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }),
        );
        for (const prefix of page.CommonPrefixes ?? []) ids.push(prefix.Prefix!.slice('recordings/'.length, -1));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw asStorageError(error, `the bucket ${this.bucket}`);
    }
    return ids;
  }

  /**
   * Copies an object into this bucket (a finished upload to its take's place, or a take from
   * another bucket on the same gateway: `fromBucket`), on the gateway: no byte passes through the
   * hub. Past 5 GB (CopyObject's limit) in parts, several at once. `size` when known saves asking
   * the gateway; `sha256` is stored with the copy (else the source's own metadata goes with it).
   */
  async copy(from: string, to: string, size?: number, options: { fromBucket?: string; sha256?: string } = {}): Promise<'single' | 'parts'> {
    const { client, s3 } = await this.loaded();
    const fromBucket = options.fromBucket ?? this.bucket;
    const source = `${fromBucket}/${encodeURIComponent(from)}`;
    const bytes = size ?? (await (fromBucket === this.bucket ? this : new S3TakeStore({ ...this.location, bucket: fromBucket })).stat(from))?.size;
    if (bytes === undefined) throw asStorageError(new Error('the object is not there'), from);
    const metadata = options.sha256 ? { MetadataDirective: 'REPLACE' as const, Metadata: { [sha256Meta]: options.sha256 } } : {};
    if (bytes <= this.copying.singleCopyLimit) {
      try {
        await client.send(new s3.CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source, ...metadata }));
      } catch (error) {
        throw asStorageError(error, from);
      }
      return 'single';
    }
    let uploadId: string | undefined;
    try {
      uploadId = (await client.send(new s3.CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to, ...(options.sha256 ? { Metadata: metadata.Metadata } : {}) }))).UploadId!;
      const parts = copyParts(bytes, this.copying.partBytes);
      const done: { PartNumber: number; ETag: string }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < parts.length) {
          const part = parts[next++]!;
          const answer = await client.send(
            new s3.UploadPartCopyCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, PartNumber: part.partNumber, CopySource: source, CopySourceRange: part.range }),
          );
          done.push({ PartNumber: part.partNumber, ETag: answer.CopyPartResult!.ETag! });
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.copying.concurrency, parts.length) }, worker));
      done.sort((a, b) => a.PartNumber - b.PartNumber);
      await client.send(new s3.CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, MultipartUpload: { Parts: done } }));
      return 'parts';
    } catch (error) {
      // Parts already copied are not left to take space in the bucket.
      if (uploadId) await client.send(new s3.AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId })).catch(() => undefined);
      throw asStorageError(error, from);
    }
  }

  async remove(...keys: string[]): Promise<void> {
    const { client, s3 } = await this.loaded();
    if (!keys.length) return;
    try {
      await client.send(new s3.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
    } catch (error) {
      throw asStorageError(error, keys[0]!);
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** An object store's failure as the error a person sees: the store is not answering, try again later. */
export function asStorageError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AppError(
    storageUnavailable,
    `The team hub cannot reach its media storage right now (${what}: ${detail}). Nothing is lost; try again in a few minutes.`,
  );
}

/** Whether an error came from the object store being unreachable or refusing. */
export function isStorageError(error: unknown): boolean {
  return error instanceof AppError && error.code === storageUnavailable;
}

/** A stream from a Readable-like SDK body, for the media route. */
export function asReadable(body: Readable): Readable {
  return body instanceof Readable ? body : Readable.from(body);
}
