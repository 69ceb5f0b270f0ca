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

/** What an object store says about one object. */
export interface StoredObject {
  size: number;
}

/**
 * Takes in a bucket, each under `recordings/<id>/<file name>` as in the media folder. The derived
 * files (thumbnail, waveform) stay in the hub's media folder: small, and rebuilt from the take.
 */
/**
 * The AWS SDK, loaded the first time a bucket is used: it takes longer to load than the rest of
 * the CLI together, and most commands (and every desktop) never touch a bucket.
 */
async function sdk() {
  const [s3, storage, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage'), import('@aws-sdk/s3-request-presigner')]);
  return { ...s3, Upload: storage.Upload, getSignedUrl: presigner.getSignedUrl };
}

export class S3TakeStore {
  private made: Promise<S3Client> | null = null;
  readonly bucket: string;

  constructor(readonly location: Extract<MediaLocation, { kind: 's3' }>) {
    this.bucket = location.bucket;
  }

  /** The bucket's client, made on first use. */
  private client(): Promise<S3Client> {
    return (this.made ??= sdk().then(({ S3Client }) => new S3Client(s3ClientConfig(this.location))));
  }

  static keyOf(id: string, fileName: string): string {
    return `recordings/${id}/${fileName}`;
  }

  /** Makes the bucket when it is not there yet. */
  async ensureBucket(): Promise<void> {
    try {
      const { HeadBucketCommand } = await sdk();
      await (await this.client()).send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw asStorageError(error, `the bucket ${this.bucket}`);
    }
    try {
      const { CreateBucketCommand } = await sdk();
      await (await this.client()).send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou') throw asStorageError(error, `the bucket ${this.bucket}`);
    }
  }

  /** The object's size, or null when it is not there. */
  async stat(key: string): Promise<StoredObject | null> {
    try {
      const { HeadObjectCommand } = await sdk();
      const head = await (await this.client()).send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw asStorageError(error, key);
    }
  }

  /** The object's bytes (or those of `range`, inclusive), streamed; null when it is not there. */
  async read(key: string, range?: { start: number; end: number }, signal?: AbortSignal): Promise<Readable | null> {
    try {
      const { GetObjectCommand } = await sdk();
      const answer = await (await this.client()).send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
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
  async presign(key: string, seconds: number): Promise<string> {
    const { getSignedUrl, GetObjectCommand } = await sdk();
    return getSignedUrl(await this.client(), new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: seconds });
  }

  /** Writes a stream to `key` in parts (never whole in memory). */
  async putStream(key: string, body: Readable): Promise<void> {
    try {
      const { Upload } = await sdk();
      await new Upload({ client: await this.client(), params: { Bucket: this.bucket, Key: key, Body: body }, partSize: 8 * 1024 ** 2, queueSize: 2 }).done();
    } catch (error) {
      throw asStorageError(error, key);
    }
  }

  /** Copies an object inside the bucket (a finished upload to its take's place). */
  async copy(from: string, to: string): Promise<void> {
    try {
      const { CopyObjectCommand } = await sdk();
      await (await this.client()).send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${encodeURIComponent(from)}` }));
    } catch (error) {
      throw asStorageError(error, from);
    }
  }

  async remove(...keys: string[]): Promise<void> {
    if (!keys.length) return;
    try {
      const { DeleteObjectsCommand } = await sdk();
      await (await this.client()).send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
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
