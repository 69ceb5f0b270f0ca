import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, ErrorCode, httpStatusFor } from '../../shared/errors';
import type { ClipFile, ClipsService } from './clips-service';
import { describeMediaProblem, type RecordingsService } from './recordings-service';

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

const idPattern = /^[0-9a-f-]{36}$/;

/** The request headers a media answer depends on (RFC 9110: Range, If-Range, If-None-Match, If-Modified-Since). */
export interface MediaConditions {
  range?: string | undefined;
  ifRange?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

/** The conditions from a request's headers, by lower-case name (node:http and fetch's Headers both give them so). */
export function mediaConditions(header: (name: string) => string | undefined): MediaConditions {
  return { range: header('range'), ifRange: header('if-range'), ifNoneMatch: header('if-none-match'), ifModifiedSince: header('if-modified-since') };
}

/**
 * The one handler behind `media://recording/<id>` (Electron) and `/media/recording/<id>`
 * (browser host). Media is found only by id, never by a path from the caller; the file's real
 * path must stay inside the media folder; Range requests get 206.
 */
export async function serveMedia(
  recordings: RecordingsService,
  kind: string,
  id: string,
  conditions: MediaConditions = {},
  headOnly = false,
  options: { presigned?: boolean; presignSeconds?: number } = {},
): Promise<MediaResponse> {
  const notFound = (message: string): MediaResponse => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message });
  if ((kind !== 'recording' && kind !== 'thumbnail') || !idPattern.test(id)) return notFound('No such media.');
  const found = recordings.mediaFile(id, kind);
  if (!found) return notFound('No such media, or it is not ready yet.');
  const refused = found.refused;
  const answerRefused = (problem: NonNullable<typeof refused>): MediaResponse => ({
    status: problem.problem === 'missing' ? 404 : 409,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: problem.message,
  });
  const store = recordings.store;
  if (found.key && store) {
    if (refused) return answerRefused(refused);
    const key = found.key;
    try {
      if (options.presigned && !headOnly) {
        // The player fetches the bytes from the storage itself; the address is good for a minute
        // (or what the hub was started with), and the player asks the hub again when it runs out.
        return { status: 302, headers: { location: await store.presign(key, options.presignSeconds ?? presignedSeconds, found.mimeType), 'cache-control': 'private, no-store' }, body: null };
      }
      return await serveRange(
        {
          size: found.sizeBytes,
          // Sealed takes never change: their checksum and finishing time are the validators.
          etag: `"${(found.sha256 ?? id).slice(0, 32)}-${found.sizeBytes.toString(16)}"`,
          mtimeMs: Date.parse(found.finalizedAt ?? '1970-01-01T00:00:00Z'),
          open: async (range) => {
            const body = await store.read(key, range);
            if (!body) throw new AppError(ErrorCode.mediaDamaged, describeMediaProblem('missing', found.sizeBytes, true));
            return body;
          },
        },
        found.mimeType,
        conditions,
        headOnly,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { status: httpStatusFor(error.code), headers: { 'content-type': 'text/plain; charset=utf-8', 'x-error-code': error.code }, body: error.message };
    }
  }
  let real: string;
  try {
    real = fs.realpathSync(found.file);
  } catch {
    return refused ? answerRefused(refused) : notFound('The media file is missing from the media folder.');
  }
  const root = fs.realpathSync(recordings.mediaDir);
  if (!real.startsWith(root + path.sep)) return { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Refused.' };
  if (refused) return answerRefused(refused);
  return serveRange(fileSource(real), found.mimeType, conditions, headOnly);
}

/** A file outside the media folder that Reprise itself wrote (a kept copy of a hub's take), served as above. */
export function serveFile(file: string, mimeType: string, conditions: MediaConditions, headOnly: boolean): Promise<MediaResponse> {
  return serveRange(fileSource(file), mimeType, conditions, headOnly);
}

/**
 * How long a presigned media address stays valid (`?presigned`) unless the hub is started with
 * `--s3-presign-seconds`: long enough to start playing; a player that seeks after it ran out asks
 * the hub again (useMediaRecovery).
 */
export const presignedSeconds = 60;
/** The bounds of `--s3-presign-seconds`: SigV4 addresses live at most 7 days. */
export const presignSecondsRange = { min: 1, max: 7 * 24 * 3600 } as const;

/**
 * A clip's own cut (`media://clip/<id>`, `/media/clip/<id>`): only the clip's range, so someone
 * who may browse Great moments but not see the session hears the moment and nothing around it.
 * Cut on first request and kept until the clip changes. `download` names the file for saving.
 */
export async function serveClip(clips: ClipsService, id: string, conditions: MediaConditions = {}, headOnly = false, download = false): Promise<MediaResponse> {
  const text = (status: number, message: string): MediaResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message });
  if (!idPattern.test(id)) return text(404, 'No such media.');
  let cut: ClipFile;
  try {
    cut = await clips.cut(id);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return text(code === 'not_found' ? 404 : code === 'cancelled' ? 409 : 500, error instanceof Error ? error.message : String(error));
  }
  const real = fs.realpathSync(cut.file);
  if (!real.startsWith(fs.realpathSync(clips.cutDir) + path.sep)) return text(403, 'Refused.');
  const answer = await serveRange(fileSource(real), cut.mimeType, conditions, headOnly);
  if (download) answer.headers['content-disposition'] = `attachment; filename="${cut.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(cut.fileName)}`;
  return answer;
}

/**
 * The one byte range a Range header asks for, per RFC 9110 14.2: `bytes=first-last`, `bytes=first-`
 * or `bytes=-suffix`. 'ignore' for what a server may answer with the whole file (another unit,
 * several ranges, a malformed or backwards range); 'unsatisfiable' for a range outside the file.
 */
export function byteRange(header: string, size: number): { start: number; end: number } | 'ignore' | 'unsatisfiable' {
  const match = /^bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return 'ignore';
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] ? Number(match[2]) : Infinity;
  if (!Number.isSafeInteger(start) || last < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1) };
}

/** Whether an If-None-Match list names this ETag (weak comparison, as RFC 9110 13.1.2 asks) or is `*`. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** What a media answer is made from: a file in the media folder, or a take in the hub's bucket. */
interface RangeSource {
  size: number;
  etag: string;
  mtimeMs: number;
  open(range?: { start: number; end: number }): Readable | Promise<Readable>;
}

/**
 * Media files are written once under their id and never changed in place, so size and
 * modification time (to the nanosecond) make a strong ETag.
 */
function fileSource(real: string): RangeSource {
  const stat = fs.statSync(real, { bigint: true });
  return {
    size: Number(stat.size),
    etag: `"${stat.size.toString(16)}-${stat.mtimeNs.toString(16)}"`,
    mtimeMs: Number(stat.mtimeMs),
    open: (range) => fs.createReadStream(real, range ?? {}),
  };
}

/**
 * A whole file (200), the byte range asked for (206, or 416 when it is outside the file), or
 * 304 when the client holds this version. Every
 * answer is private (a take is the team's) and never stored by a browser or a proxy.
 */
async function serveRange(source: RangeSource, mimeType: string, conditions: MediaConditions, headOnly: boolean): Promise<MediaResponse> {
  const { size, etag, mtimeMs } = source;
  const lastModified = new Date(mtimeMs).toUTCString();
  const base = {
    'content-type': mimeType,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    etag,
    'last-modified': lastModified,
  };
  const { range, ifRange, ifNoneMatch, ifModifiedSince } = conditions;
  const notModified =
    ifNoneMatch !== undefined ? noneMatch(ifNoneMatch, etag) : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Math.floor(mtimeMs / 1000) * 1000;
  if (notModified) return { status: 304, headers: base, body: null };
  // If-Range: the range only for the version the client has part of; else the whole new file.
  // A weak ETag never matches (RFC 9110 13.1.5); a date only when it is this file's Last-Modified.
  const rangeStillValid = ifRange === undefined || ifRange.trim() === etag || ifRange.trim() === lastModified;
  const asked = range !== undefined && rangeStillValid ? byteRange(range, size) : 'ignore';
  if (asked === 'ignore') {
    return { status: 200, headers: { ...base, 'content-length': String(size) }, body: headOnly ? null : await source.open() };
  }
  if (asked === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
  }
  const { start, end } = asked;
  return {
    status: 206,
    headers: { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
    body: headOnly ? null : await source.open({ start, end }),
  };
}
